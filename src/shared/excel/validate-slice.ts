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

// Every row of a slice checked as the entity's import reads it. rows[i] is sheet row
// indexes[i]: a slice travels to a worker thread and back as plain data.
export function validateSlice<E extends ImportEntity>(entity: E, rows: readonly RawCell[][], indexes: readonly number[], columns: readonly ColumnMapping[]): SliceChecks[E] {
  const { catalog } = IMPORT_ENTITY_DEFS[entity];
  const sheet: RawCell[][] = [];
  indexes.forEach((r, i) => (sheet[r] = rows[i] as RawCell[]));
  if (entity === 'customers') return validateRows(catalog, sheet, indexes, columns) as SliceChecks[E];
  if (entity === 'contacts') return validateRelatedRows(catalog, sheet, indexes, columns, 'contact', contactFieldsSchema, { isPrimary: false }) as SliceChecks[E];
  return validateRelatedRows(catalog, sheet, indexes, columns, 'followUp', followUpFieldsSchema, { type: 'other' }) as SliceChecks[E];
}

// What the import learns from a run of sheet rows (a batch): the checks of its data rows, how
// many there were, and whether a totals row ended the data within it.
export interface CheckedRows<E extends ImportEntity> {
  checks: SliceChecks[E];
  dataRows: number;
  totals: boolean;
}

// rows[i] is sheet row first + i, blank and totals rows included: finding the data rows is part
// of the check, so that rows need not pass through the thread that plans the import.
export function checkRows<E extends ImportEntity>(entity: E, rows: readonly RawCell[][], first: number, columns: readonly ColumnMapping[]): CheckedRows<E> {
  const { indexes, totals } = scanDataRows(rows, first);
  const cells = indexes.map((r) => rows[r - first]!);
  return { checks: validateSlice(entity, cells, indexes, columns), dataRows: indexes.length, totals };
}
