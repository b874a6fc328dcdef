import { contactFieldsSchema, type ContactFields } from '../domain/contact.schema';
import { followUpFieldsSchema, type FollowUpFields } from '../domain/followup.schema';
import type { RawCell } from './clean';
import { scanDataRows, type ColumnMapping } from './header';
import { IMPORT_ENTITY_DEFS } from './import-entities';
import type { ImportEntity } from './import.schema';
import { validateRelatedRows, validateRows, type RelatedValidation, type ValidationResult } from './validate';

export interface SliceChecks {
  customers: ValidationResult;
  contacts: RelatedValidation<ContactFields>;
  followups: RelatedValidation<FollowUpFields>;
}

// What the import learns from a run of sheet rows (a batch): the checks of its data rows, how
// many there were, and whether a totals row ended the data within it.
export interface CheckedRows<E extends ImportEntity> {
  checks: SliceChecks[E];
  dataRows: number;
  totals: boolean;
}

// Every data row of a run checked as the entity's import reads it. rows[i] is sheet row
// first + i, blank and totals rows included: finding the data rows is part of the check, so that
// rows need not pass through the thread that plans the import.
export function checkRows<E extends ImportEntity>(entity: E, rows: readonly RawCell[][], first: number, columns: readonly ColumnMapping[]): CheckedRows<E> {
  const { catalog } = IMPORT_ENTITY_DEFS[entity];
  const { indexes, totals } = scanDataRows(rows, first);
  // By sheet row, as the validators read them.
  const sheet: RawCell[][] = [];
  for (const r of indexes) sheet[r] = rows[r - first]!;
  const checks = (
    entity === 'customers'
      ? validateRows(catalog, sheet, indexes, columns)
      : entity === 'contacts'
        ? validateRelatedRows(catalog, sheet, indexes, columns, 'contact', contactFieldsSchema, { isPrimary: false })
        : validateRelatedRows(catalog, sheet, indexes, columns, 'followUp', followUpFieldsSchema, { type: 'other' })
  ) as SliceChecks[E];
  return { checks, dataRows: indexes.length, totals };
}
