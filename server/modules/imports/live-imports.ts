import type { ImportSummary } from '../../../src/shared/excel/import.schema';
import type { ImportJobStatus } from './import-job.entity';

export interface ImportProgress {
  status: ImportJobStatus;
  done: number;
  total: number;
  created: number;
  updated: number;
  skipped: number;
  invalid: number;
  // Null until a batch has finished (no rate to extrapolate from) and once the job has ended.
  etaSeconds: number | null;
}

export interface LiveImport {
  jobId: string;
  userId: string;
  summary: ImportSummary;
  startedAt: number;
  cancelRequested: boolean;
  finished: Promise<ImportSummary>;
}

// Each valid row ends as exactly one of created/updated/skipped, so their sum with the
// invalid rows is how far the job has got.
export const doneOf = (s: Pick<ImportSummary, 'created' | 'updated' | 'skipped' | 'invalid'>) => s.created + s.updated + s.skipped + s.invalid;

// The commits running in this process. The job row in the database is the record; this is
// only what the row cannot say while the job runs (live counts, the cancel request, the
// promise the CLI and shutdown wait on).
export class LiveImports {
  private readonly jobs = new Map<string, LiveImport>();

  add(job: LiveImport): void {
    this.jobs.set(job.jobId, job);
    // Forgotten once finished: from then on the job row answers.
    void job.finished.then(
      () => this.jobs.delete(job.jobId),
      () => this.jobs.delete(job.jobId),
    );
  }

  get(jobId: string): LiveImport | undefined {
    return this.jobs.get(jobId);
  }

  progress(job: LiveImport): ImportProgress {
    const s = job.summary;
    const done = doneOf(s);
    const rowsApplied = done - s.invalid;
    const remaining = s.total - done;
    const elapsed = (Date.now() - job.startedAt) / 1000;
    return {
      status: 'running', done, total: s.total, created: s.created, updated: s.updated, skipped: s.skipped, invalid: s.invalid,
      etaSeconds: rowsApplied > 0 ? Math.ceil((elapsed / rowsApplied) * remaining) : null,
    };
  }

  // Server shutdown: every job stops after its current batch and is closed as cancelled,
  // so none is left 'running' by a clean stop.
  async stopAll(): Promise<void> {
    const running = [...this.jobs.values()];
    for (const job of running) job.cancelRequested = true;
    await Promise.allSettled(running.map((j) => j.finished));
  }
}
