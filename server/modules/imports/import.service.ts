import * as XLSX from 'xlsx';
import type { DataSource } from 'typeorm';
import { customerCatalog } from '../../../src/shared/excel/customer-catalog';
import { neutraliseCell } from '../../../src/shared/excel/export-cells';
import type { ImportOwner, ImportSummary, importRunInput } from '../../../src/shared/excel/import.schema';
import { inFileDuplicates, type ValidRow } from '../../../src/shared/excel/validate';
import { AppError } from '../../../src/shared/errors';
import { shared, type Locale } from '../../../src/shared/i18n';
import type { z } from 'zod';
import type { AuditService } from '../audit/audit.service';
import type { ChangeLogService } from '../changes/change-log.service';
import { runWrite } from '../changes/write-tx';
import { auditAs, type Actor } from '../customers/actor';
import { assignableUser, type AssignableUser } from '../customers/customer-rules';
import type { CustomerService } from '../customers/customer.service';
import { analyse, rowTexts, type Analysis, type ImportFile } from './import-analysis';
import { matchExisting } from './import-matcher';
import { planBatch, type RowAction } from './import-plan';
import { insertImported } from './import-writer';
import { ImportJobs } from './import-jobs';
import { ImportJobEntity } from './import-job.entity';
import { doneOf, LiveImports, type ImportProgress, type LiveImport } from './live-imports';
import { DEFAULT_IMPORT_LIMITS, type ImportLimits } from './file-guard';

export type ImportRun = z.output<typeof importRunInput>;

export interface ImportDeps {
  db: DataSource;
  changes: ChangeLogService;
  audit: AuditService;
  customers: CustomerService;
  limits?: Partial<ImportLimits>;
  // No console output for a failed background job (tests, CLI --json).
  silent?: boolean;
}

const BATCH = 500;
const PREVIEW_ROWS = 20;
const MAX_REPORTED_ERRORS = 1000;

interface RunState {
  actor: Actor;
  input: ImportRun;
  write: boolean;
  valid: ValidRow[];
  inFile: Map<number, number>;
  mayEdit: boolean;
  owner: AssignableUser | null;
  summary: ImportSummary;
  jobId: string;
  sheet: string;
  shouldStop: () => boolean;
}

export interface ImportPreview {
  sheets: string[];
  sheet: number;
  headerRow: number;
  columns: { col: number; header: string; field: string | null }[];
  fields: { field: string; header: { 'zh-CN': string; en: string } }[];
  sample: string[][];
  totalRows: number;
}

// Customers (with their primary contact) from a spreadsheet: preview, dry run, commit and
// an error report, all from the same analysis so that what the dry run counts is what the
// commit does.
export class ImportService {
  readonly limits: ImportLimits;
  readonly jobs: ImportJobs;
  private readonly live = new LiveImports();

  constructor(private readonly deps: ImportDeps) {
    this.limits = { ...DEFAULT_IMPORT_LIMITS, ...deps.limits };
    this.jobs = new ImportJobs(deps);
  }

  async preview(_actor: Actor, input: ImportFile): Promise<ImportPreview> {
    const a = await analyse(customerCatalog, input, this.limits);
    const width = Math.max(0, ...a.columns.map((c) => c.col + 1));
    return {
      sheets: a.sheets,
      sheet: a.sheetIndex,
      headerRow: a.headerRow + 1,
      columns: a.columns,
      fields: customerCatalog.columns.map((c) => ({ field: c.field, header: c.header })),
      sample: a.rowIndexes.slice(0, PREVIEW_ROWS).map((r) => rowTexts(a.sheet.rows, r, width)),
      totalRows: a.rowIndexes.length,
    };
  }

  history(actor: Actor) {
    return this.jobs.history(actor);
  }

  undo(actor: Actor, jobId: string) {
    return this.jobs.undo(actor, jobId);
  }

  async dryRun(actor: Actor, input: ImportRun): Promise<ImportSummary> {
    const run = await this.prepare(actor, input, false);
    await this.applyBatches(run).catch(async (e: unknown) => {
      await this.jobs.close(run.jobId, 'failed', run.summary);
      throw e;
    });
    await this.jobs.close(run.jobId, 'dry_run', run.summary);
    return { ...run.summary, jobId: run.jobId };
  }

  // Checks the file, the owner and the permissions in the request (so that those refusals
  // reach the caller), then applies the batches in this process without the request
  // waiting: the job goes on if the client goes away, reports progress and can be cancelled.
  async commit(actor: Actor, input: ImportRun): Promise<{ jobId: string; total: number; invalid: number }> {
    const { jobId, summary } = await this.begin(actor, input);
    return { jobId, total: summary.total, invalid: summary.invalid };
  }

  // The CLI and the bench: start the job and wait for its end.
  async commitAndWait(actor: Actor, input: ImportRun): Promise<ImportSummary> {
    const summary = await (await this.begin(actor, input)).finished;
    const job = await this.deps.db.getRepository(ImportJobEntity).findOneByOrFail({ id: summary.jobId! });
    if (job.status === 'failed') throw new Error(`import job ${job.id} failed after ${summary.created} rows created`);
    return summary;
  }

  private async begin(actor: Actor, input: ImportRun): Promise<LiveImport> {
    const run = await this.prepare(actor, input, true);
    const live: LiveImport = { jobId: run.jobId, userId: actor.caller.user.id, summary: run.summary, startedAt: Date.now(), cancelRequested: false, finished: Promise.resolve(run.summary) };
    run.shouldStop = () => live.cancelRequested;
    live.finished = this.execute(actor, run);
    this.live.add(live);
    return live;
  }

  async progress(actor: Actor, jobId: string): Promise<ImportProgress> {
    const live = this.live.get(jobId);
    if (live && live.userId === actor.caller.user.id) return this.live.progress(live);
    const job = await this.deps.db.getRepository(ImportJobEntity).findOneBy({ id: jobId, userId: actor.caller.user.id });
    if (!job || job.status === 'dry_run') throw new AppError('NOT_FOUND');
    const { status, total, created, updated, skipped, invalid } = job;
    return { status, done: doneOf(job), total, created, updated, skipped, invalid, etaSeconds: null };
  }

  // Takes effect after the batch in progress: what was applied stays (and can be undone).
  async cancel(actor: Actor, jobId: string): Promise<ImportProgress> {
    const live = this.live.get(jobId);
    if (live && live.userId === actor.caller.user.id) live.cancelRequested = true;
    return this.progress(actor, jobId);
  }

  stopAll(): Promise<void> {
    return this.live.stopAll();
  }

  private async execute(actor: Actor, run: RunState): Promise<ImportSummary> {
    const { summary, jobId, input } = run;
    try {
      const status = await this.applyBatches(run);
      // Audited before the job reads as ended: whoever sees it finished also finds its audit entry.
      await runWrite(this.deps.db, this.deps.changes, (tx) =>
        auditAs(this.deps.audit, tx.em, actor, status === 'cancelled' ? 'customer.import.cancel' : 'customer.import', 'import_job', jobId, {
          fileName: input.fileName,
          sheet: run.sheet,
          onDuplicate: input.onDuplicate,
          owner: input.owner.kind,
          total: summary.total,
          created: summary.created,
          updated: summary.updated,
          skipped: summary.skipped,
          invalid: summary.invalid,
        }),
      );
      await this.jobs.close(jobId, status, summary);
    } catch (e) {
      // Nobody awaits this job: the failure is its status (the applied rows stay listed).
      await this.jobs.close(jobId, 'failed', summary).catch(() => undefined);
      if (!this.deps.silent) console.error(`[imports] job ${jobId} failed:`, e);
    }
    return { ...summary, jobId };
  }

  private async prepare(actor: Actor, input: ImportRun, write: boolean): Promise<RunState> {
    const { caller } = actor;
    const a = await analyse(customerCatalog, input, this.limits);
    const owner = await this.ownerFor(actor, input.owner);
    const valid = a.validation.valid;
    const inFile = inFileDuplicates(valid);
    const mayEdit = caller.grant.permissions.has('customers.edit');
    const summary: ImportSummary = {
      total: a.rowIndexes.length,
      created: 0,
      updated: 0,
      skipped: 0,
      invalid: a.validation.invalidRows.length,
      errors: a.validation.errors.slice(0, MAX_REPORTED_ERRORS),
    };
    const sheet = a.sheets[a.sheetIndex] ?? '';
    const jobId = await this.jobs.open(
      actor,
      { fileName: input.fileName, sheet: sheet || null, options: { onDuplicate: input.onDuplicate, owner: input.owner.kind, mapping: input.mapping ?? null } },
      write ? 'running' : 'dry_run',
    );
    return { actor, input, write, valid, inFile, mayEdit, owner, summary, jobId, sheet, shouldStop: () => false };
  }

  private async applyBatches(run: RunState): Promise<'done' | 'cancelled'> {
    const { actor, input, write, valid, inFile, mayEdit, owner, summary, jobId } = run;
    const { caller } = actor;
    for (let start = 0; start < valid.length; start += BATCH) {
      // A turn of the event loop between batches: on SQLite's single connection the other
      // requests (progress, cancel, everyone's work) queue behind the batch and get through here.
      if (write && start > 0) await new Promise((r) => setTimeout(r, 0));
      if (run.shouldStop()) return 'cancelled';
      const batch = valid.slice(start, start + BATCH);
      let actions: RowAction[] = [];
      if (!write) {
        actions = planBatch(batch, inFile, await matchExisting(this.deps.db.manager, caller, batch), input.onDuplicate, mayEdit);
      } else {
        // One transaction per batch: the duplicate check and the inserts see the same data.
        actions = await runWrite(this.deps.db, this.deps.changes, async (tx) => {
          const planned = planBatch(batch, inFile, await matchExisting(tx.em, caller, batch), input.onDuplicate, mayEdit);
          const ids = await insertImported(tx, planned.filter((p) => p.kind === 'create').map((p) => p.row), owner, caller.user.id);
          await this.jobs.recordCreated(tx.em, jobId, ids);
          return planned;
        });
      }
      for (const act of actions) {
        if (act.kind === 'create') summary.created++;
        else if (act.kind === 'skip') summary.skipped++;
        else if (!write) summary.updated++;
        else await this.updateOne(actor, act, summary);
      }
    }
    return 'done';
  }

  // Through the customer service, so that scope, field masks, duplicate and version rules are
  // exactly those of an edit on screen. Only the columns the file filled in change.
  private async updateOne(actor: Actor, act: Extract<RowAction, { kind: 'update' }>, summary: ImportSummary): Promise<void> {
    const patch = Object.fromEntries(act.row.provided.map((k) => [k, act.row.customer[k]]));
    try {
      await this.deps.customers.update(actor, { id: act.id, patch });
      summary.updated++;
    } catch (e) {
      if (!(e instanceof AppError)) throw e;
      summary.skipped++;
      if (summary.errors.length < MAX_REPORTED_ERRORS) summary.errors.push({ row: act.row.row, column: '', field: 'customer', reason: `errors.${e.code}` });
    }
  }

  private async ownerFor(actor: Actor, owner: ImportOwner): Promise<AssignableUser | null> {
    const { caller } = actor;
    if (owner.kind === 'me' || (owner.kind === 'user' && owner.userId === caller.user.id)) {
      return { id: caller.user.id, departmentId: caller.user.departmentId, displayName: caller.user.displayName };
    }
    if (!caller.grant.permissions.has('customers.transfer')) throw new AppError('FORBIDDEN', { permission: 'customers.transfer' });
    return owner.kind === 'pool' ? null : assignableUser(this.deps.db.manager, caller, owner.userId);
  }

  // The rows that could not be imported, as the file had them, with a column saying why.
  async errorReport(_actor: Actor, input: ImportFile, lang: Locale): Promise<string> {
    const a: Analysis = await analyse(customerCatalog, input, this.limits);
    const describe = (key: string) => messageOf(lang, key);
    const width = Math.max(0, ...a.columns.map((c) => c.col + 1));
    const headers = Array.from({ length: width }, (_, col) => a.columns.find((c) => c.col === col)?.header ?? '');
    const reasons = new Map<number, string[]>();
    for (const e of a.validation.errors) {
      const list = reasons.get(e.row) ?? [];
      list.push(`${e.column}: ${describe(e.reason)}`);
      reasons.set(e.row, list);
    }
    const header = [lang === 'en' ? 'Row' : '行号', ...headers, lang === 'en' ? 'Problem' : '错误原因'];
    const aoa: (string | number)[][] = [header.map(neutraliseCell)];
    for (const [row, list] of reasons) aoa.push([row, ...rowTexts(a.sheet.rows, row - 1, width).map(neutraliseCell), neutraliseCell(list.join('; '))]);
    const wb = XLSX.utils.book_new();
    XLSX.utils.book_append_sheet(wb, XLSX.utils.aoa_to_sheet(aoa), lang === 'en' ? 'Errors' : '错误');
    return (XLSX.write(wb, { type: 'buffer', bookType: 'xlsx', compression: true }) as Buffer).toString('base64');
  }
}

// An i18n key ("validation.mobile") as text in the report's language.
export function messageOf(lang: Locale, key: string): string {
  let node: unknown = shared[lang];
  for (const part of key.split('.')) node = node && typeof node === 'object' ? (node as Record<string, unknown>)[part] : undefined;
  return typeof node === 'string' ? node.replace(/\{\{\w+\}\}/g, '') : key;
}
