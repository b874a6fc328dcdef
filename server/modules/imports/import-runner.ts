import type { ImportSummary } from '../../../src/shared/excel/import.schema';
import type { RowError } from '../../../src/shared/excel/validate';

// What a run counts as it goes. `all`, when set, receives every error (the error report);
// the summary itself keeps the first MAX_REPORTED_ERRORS.
export interface RunSummary extends ImportSummary {
  all?: RowError[];
}

// One entity's import after validation: each batch of valid rows is applied in turn, counting
// into the summary. A dry run (write false) plans the same batches without writing.
export interface ImportRunner<T> {
  applyBatch(rows: readonly T[], write: boolean, summary: RunSummary): Promise<void>;
}

export const MAX_REPORTED_ERRORS = 1000;

export function reportError(summary: RunSummary, e: RowError): void {
  summary.all?.push(e);
  if (summary.errors.length < MAX_REPORTED_ERRORS) summary.errors.push(e);
}
