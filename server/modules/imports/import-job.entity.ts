import { EntitySchema } from 'typeorm';
import { idColumn, instant, int, json, refColumn, text } from '../../db/columns';

export const IMPORT_JOB_STATUSES = ['dry_run', 'running', 'done', 'failed', 'cancelled', 'undone'] as const;
export type ImportJobStatus = (typeof IMPORT_JOB_STATUSES)[number];

// One import as it ran: who, when, which file and options, what it did. The customers it
// created are listed in import_job_batches so that an undo knows exactly which ones they were.
export interface ImportJob {
  id: string;
  userId: string | null;
  entity: string;
  fileName: string;
  sheet: string | null;
  options: { onDuplicate: string; owner: string; mapping: { col: number; field: string | null }[] | null };
  status: ImportJobStatus;
  total: number;
  created: number;
  updated: number;
  skipped: number;
  invalid: number;
  // The first problems found ({row, column, field, reason}), for the history screen.
  errors: unknown[];
  startedAt: string;
  finishedAt: string | null;
  undoneAt: string | null;
}

export const ImportJobEntity = new EntitySchema<ImportJob>({
  name: 'ImportJob',
  tableName: 'import_jobs',
  columns: {
    id: idColumn(),
    userId: refColumn(),
    entity: text(30, false),
    fileName: text(255, false),
    sheet: text(100),
    options: json(false),
    status: text(20, false),
    total: int(0),
    created: int(0),
    updated: int(0),
    skipped: int(0),
    invalid: int(0),
    errors: json(false),
    startedAt: instant(false),
    finishedAt: instant(),
    undoneAt: instant(),
  },
  indices: [{ name: 'idx_import_jobs_user', columns: ['userId', 'startedAt'] }],
});

// What one committed batch of a job created (customers, or for a contact or follow-up import
// the contacts or follow-ups), written in the batch's own transaction: one row per batch rather
// than per record, an import of 100,000 customers writing 100 rows here instead of 100,000.
// firstId (the batch's first created id) tells a job's batches apart.
export interface ImportJobBatch {
  jobId: string;
  firstId: string;
  ids: string[];
}

// Ids per row at most: the list must fit MySQL's TEXT (64 KB; 1,000 ids are about 39 KB).
export const IDS_PER_BATCH_ROW = 1000;

export const ImportJobBatchEntity = new EntitySchema<ImportJobBatch>({
  name: 'ImportJobBatch',
  tableName: 'import_job_batches',
  columns: {
    jobId: idColumn(),
    firstId: idColumn(),
    ids: json(false),
  },
});
