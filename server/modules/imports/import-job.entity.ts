import { EntitySchema } from 'typeorm';
import { idColumn, instant, int, json, refColumn, text } from '../../db/columns';

export const IMPORT_JOB_STATUSES = ['dry_run', 'running', 'done', 'failed', 'cancelled', 'undone'] as const;
export type ImportJobStatus = (typeof IMPORT_JOB_STATUSES)[number];

// One import as it ran: who, when, which file and options, what it did. The customers it
// created are listed in import_job_items so that an undo knows exactly which ones they were.
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

// customerId names what the job created: a customer, or for a contact or follow-up import
// (the job's entity) the contact or follow-up.
export interface ImportJobItem {
  jobId: string;
  customerId: string;
}

export const ImportJobItemEntity = new EntitySchema<ImportJobItem>({
  name: 'ImportJobItem',
  tableName: 'import_job_items',
  columns: {
    jobId: { type: 'varchar', length: 36, primary: true },
    customerId: { type: 'varchar', length: 36, primary: true },
  },
});
