import { v7 as uuidv7 } from 'uuid';
import { AppError, isErrorCode, type ErrorCode } from '../../../src/shared/errors';
import type { Actor } from '../customers/actor';

export interface ExportFile {
  fileName: string;
  data: string;
  rows: number;
  // More rows matched than one export holds; narrow the filter.
  truncated: boolean;
}

// How a background export reports how far it got and learns that it should stop.
export interface ExportRun {
  onProgress?(done: number, total: number): void;
  shouldStop?(): boolean;
}

// Thrown between chunks when the run was cancelled; nothing is written or audited.
export class ExportCancelled extends Error {
  constructor() {
    super('export cancelled');
  }
}

export type ExportJobStatus = 'running' | 'done' | 'failed' | 'cancelled';

export interface ExportProgress {
  status: ExportJobStatus;
  done: number;
  // Null until the list has been counted.
  total: number | null;
  // Why it failed (an error code the UI localises).
  error: ErrorCode | null;
  rows: number | null;
}

interface Job {
  id: string;
  userId: string;
  status: ExportJobStatus;
  done: number;
  total: number | null;
  error: ErrorCode | null;
  cancel: boolean;
  file: ExportFile | null;
  endedAt: number | null;
  finished: Promise<void>;
}

// A finished file waits this long to be fetched, then its memory is given back.
const KEEP_MS = 10 * 60_000;
// Each file is held in memory until fetched: a few at a time per user.
const MAX_RUNNING_PER_USER = 2;

// Exports that run in the background: the request that starts one returns at once, the
// client polls progress, may cancel between chunks, and fetches the file when it is done.
// Only the user who started a job can see it. Kept in memory: a server restart drops them
// (nothing was written, the user exports again).
export class ExportJobs {
  private readonly jobs = new Map<string, Job>();

  start(actor: Actor, produce: (run: ExportRun) => Promise<ExportFile>): { jobId: string } {
    this.sweep();
    const userId = actor.caller.user.id;
    const running = [...this.jobs.values()].filter((j) => j.userId === userId && j.status === 'running').length;
    if (running >= MAX_RUNNING_PER_USER) throw new AppError('RATE_LIMITED');
    const job: Job = { id: uuidv7(), userId, status: 'running', done: 0, total: null, error: null, cancel: false, file: null, endedAt: null, finished: Promise.resolve() };
    const run: ExportRun = {
      onProgress: (done, total) => {
        job.done = done;
        job.total = total;
      },
      shouldStop: () => job.cancel,
    };
    job.finished = produce(run).then(
      (file) => this.end(job, 'done', null, file),
      (e: unknown) => {
        if (e instanceof ExportCancelled) this.end(job, 'cancelled', null, null);
        else this.end(job, 'failed', e instanceof AppError && isErrorCode(e.code) ? e.code : 'INTERNAL', null);
      },
    );
    this.jobs.set(job.id, job);
    return { jobId: job.id };
  }

  progress(actor: Actor, jobId: string): ExportProgress {
    const j = this.own(actor, jobId);
    return { status: j.status, done: j.done, total: j.total, error: j.error, rows: j.file?.rows ?? null };
  }

  cancel(actor: Actor, jobId: string): ExportProgress {
    const j = this.own(actor, jobId);
    if (j.status === 'running') j.cancel = true;
    return this.progress(actor, jobId);
  }

  // The file of a finished job; it stays until it expires, so a failed download can be retried.
  result(actor: Actor, jobId: string): ExportFile {
    const j = this.own(actor, jobId);
    if (!j.file) throw new AppError('NOT_FOUND');
    return j.file;
  }

  // Shutdown and tests: stop every job at its next chunk and wait for them.
  async stopAll(): Promise<void> {
    for (const j of this.jobs.values()) j.cancel = true;
    await Promise.allSettled([...this.jobs.values()].map((j) => j.finished));
  }

  private own(actor: Actor, jobId: string): Job {
    this.sweep();
    const j = this.jobs.get(jobId);
    if (!j || j.userId !== actor.caller.user.id) throw new AppError('NOT_FOUND');
    return j;
  }

  private end(job: Job, status: ExportJobStatus, error: ErrorCode | null, file: ExportFile | null): void {
    Object.assign(job, { status, error, file, endedAt: Date.now() });
  }

  private sweep(): void {
    const now = Date.now();
    for (const [id, j] of this.jobs) if (j.endedAt !== null && now - j.endedAt > KEEP_MS) this.jobs.delete(id);
  }
}
