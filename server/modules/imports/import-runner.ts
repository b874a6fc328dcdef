import type { ImportSummary } from '../../../src/shared/excel/import.schema';

// One entity's import after validation: its valid rows are applied batch by batch, counting
// into the summary. A dry run (write false) plans the same batches without writing.
export interface ImportRunner {
  readonly rows: number;
  applyBatch(from: number, to: number, write: boolean, summary: ImportSummary): Promise<void>;
}

export const MAX_REPORTED_ERRORS = 1000;

export function reportError(summary: ImportSummary, e: ImportSummary['errors'][number]): void {
  if (summary.errors.length < MAX_REPORTED_ERRORS) summary.errors.push(e);
}
