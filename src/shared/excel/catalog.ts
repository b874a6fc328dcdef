import type { RawCell } from './clean';

// One parsed cell: a value for the entity field or the i18n key of what is wrong with it.
export type CellResult = { ok: true; value: unknown } | { ok: false; reason: string };

// A spreadsheet column an entity can be imported from and exported to. `field` is a path
// into the row object (`customer.name`, `contact.mobile`).
export interface ColumnDef {
  field: string;
  header: { 'zh-CN': string; en: string };
  // Other names staff give this column; compared after labelKey().
  synonyms: readonly string[];
  parse(v: RawCell): CellResult;
  // The value as the export writes it (a string, a number, or null for an empty cell).
  format(v: unknown, lang: Lang): string | number | null;
}

export type Lang = 'zh-CN' | 'en';

export interface EntityCatalog {
  entity: string;
  columns: readonly ColumnDef[];
}
