import type { ImportSummary } from '../../../src/shared/excel/import.schema';
import type { RowError } from '../../../src/shared/excel/validate';

// What a run counts as it goes. `all`, when set, receives every error (the error report);
// the summary itself keeps the first MAX_REPORTED_ERRORS.
export interface RunSummary extends ImportSummary {
  all?: RowError[];
}

// Applies one prepared batch, counting into the summary. It may return while its write is
// still under way, with the promise of its end (`written`): the next batch is then started
// beside it, and the one after waits for it.
export type BatchApply = (summary: RunSummary) => Promise<void | { written: Promise<void> }>;

// One entity's import after validation. Batches are prepared in file order, each while the
// one before is still being applied (its reads made and its statements built, away from the
// previous batch's transaction), then applied in the same order. A dry run (write false)
// plans the same batches without writing.
export interface ImportRunner<T> {
  prepareBatch(rows: readonly T[], write: boolean): Promise<BatchApply>;
}

export const MAX_REPORTED_ERRORS = 1000;

export function reportError(summary: RunSummary, e: RowError): void {
  summary.all?.push(e);
  if (summary.errors.length < MAX_REPORTED_ERRORS) summary.errors.push(e);
}
