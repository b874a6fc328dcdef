import * as XLSX from 'xlsx';
import type { DataSource, EntityManager } from 'typeorm';
import type { DatabaseKind } from '../../config';
import { neutraliseCell } from '../../../src/shared/excel/export-cells';
import { IMPORT_ENTITY_DEFS } from '../../../src/shared/excel/import-entities';
import type { ImportEntity, ImportSummary, importRunInput } from '../../../src/shared/excel/import.schema';
import { OWNER_FIELD, type RowError } from '../../../src/shared/excel/validate';
import { AppError } from '../../../src/shared/errors';
import { shared, type Locale } from '../../../src/shared/i18n';
import type { Permission } from '../../../src/shared/permissions/catalog';
import type { z } from 'zod';
import type { AuditService } from '../audit/audit.service';
import type { ChangeLogService } from '../changes/change-log.service';
import { runWrite } from '../changes/write-tx';
import { openPgWriter } from '../../db/pg-writer';
import { openSqliteWriter } from '../../db/sqlite-writer';
import type { BatchWriter } from '../../db/writer-thread';
import type { ContactService } from '../contacts/contact.service';
import { auditAs, type Actor } from '../customers/actor';
import type { CustomerService } from '../customers/customer.service';
import { CustomerRunner } from './customer-runner';
import { localRows, openSheet, rowTexts, type ImportFile, type OpenedSheet, type RowSegment } from './import-analysis';
import { prepareOwners } from './import-owners';
import { reportError, type BatchApply, type ImportRunner, type RunSummary } from './import-runner';
import { sliceValidator, startCheckThread, type CheckThread } from './slice-validator';
import { scanDataRows } from '../../../src/shared/excel/header';
import type { ForegroundRequests } from '../../http/foreground';
import type { SliceChecks } from '../../../src/shared/excel/validate-slice';
import { ImportJobs } from './import-jobs';
import { ImportJobEntity } from './import-job.entity';
import { doneOf, LiveImports, type ImportProgress, type LiveImport } from './live-imports';
import { DEFAULT_IMPORT_LIMITS, type ImportLimits } from './file-guard';
import { MappingTemplates, mappingFromTemplate } from './mapping-templates';
import { ContactRunner, FollowUpRunner } from './related-runners';
import { backgroundYields } from '../../background-priority.mjs';

export type ImportRun = z.output<typeof importRunInput>;

export interface ImportDeps {
  db: DataSource;
  changes: ChangeLogService;
  audit: AuditService;
  customers: CustomerService;
  contacts: ContactService;
  limits?: Partial<ImportLimits>;
  // No console output for a failed background job (tests, CLI --json).
  silent?: boolean;
  // Requests in progress, which a commit's batches let through first (SQLite only).
  foreground?: ForegroundRequests;
}

// How long a batch waits at most for the requests in progress.
const FOREGROUND_WAIT_MS = 100;
// Where the import's threads cannot run below the requests' thread (backgroundYields): how long
// without requests before an import writes two batches at once (applyBatches).
const QUIET_MS = 1000;
// Rows checked and written per transaction. A colleague's write that comes while a batch is
// being written waits for it, so batches stay short. On PostgreSQL (measured with 100,000 rows
// against 100,000 customers) the list p95 during an import was 185 ms at 500 rows and 122–165 ms
// at 250 while the import's threads ran at the server's priority; at a lower one
// (background-priority.mjs) it is 110–155 ms even at 1,000, and the import takes 9.8–10.6 s
// instead of 12.4–14.9 s at 250 (fewer round trips, commits and statements). On SQLite the
// batches are written by a thread of their own (db/sqlite-writer.ts) that reads do not wait
// for; only writes do, about 30 ms for 500 rows. Larger batches there mostly save on commits:
// the import took 10.8–14.4 s at 500 rows and 12.7 s at 125 (on the one connection it had been
// 12.3–14.3 s, with reads waiting too).
export function importBatchRows(kind: DatabaseKind): number {
  return kind === 'sqlite' ? 500 : kind === 'postgres' && backgroundYields ? 1000 : 250;
}
// Slices checked and prepared while the one before them is written. With SQLite's writes on a
// thread of their own, that thread otherwise waits for the next slice's duplicate reads: 100,000
// rows took 12.8 s with one slice ahead, 10.8 s with two. On PostgreSQL two gained little
// (16.5–17.9 s either way) and a colleague's list p95 during the import rose to 210 ms (172 ms
// with one), the two cores being shared with the database.
function checkedAhead(kind: DatabaseKind): number {
  return kind === 'sqlite' ? 2 : 1;
}
interface EarlyThreads {
  checks: CheckThread | null;
  writer: BatchWriter | null;
  close(): void;
}

const openWriter = (db: DataSource): BatchWriter | null => openSqliteWriter(db) ?? openPgWriter(db);

// Rows per step when only reading the file (the preview).
const PREVIEW_SLICE = 500;
const PREVIEW_ROWS = 20;

// What each entity needs beyond customers.import (which every import procedure declares),
// and the audit action its jobs are recorded under.
const ENTITY_RULES: Record<ImportEntity, { create: Permission; audit: string }> = {
  customers: { create: 'customers.create', audit: 'customer.import' },
  contacts: { create: 'contacts.create', audit: 'contact.import' },
  followups: { create: 'followups.create', audit: 'followUp.import' },
};

interface RunState {
  actor: Actor;
  input: ImportRun;
  sheet: OpenedSheet;
  steps: Steps;
  summary: RunSummary;
  jobId: string;
  // A commit; a dry run and the error report plan the same batches without writing.
  write: boolean;
  shouldStop: () => boolean;
}

// A slice of sheet rows is checked, possibly on a worker thread, and prepared, both while the
// slice before is being written; then its valid rows are applied, counting into the summary.
// dataRows: the slice's rows that were neither blank nor after a totals row; totals: the slice
// held a totals row, and the rows after it are not imported.
interface Checked {
  apply: BatchApply;
  dataRows: number;
  totals: boolean;
}
interface Steps {
  check(slice: readonly RowSegment[]): Promise<Checked>;
  close(): void;
}

// Runs the functions given one after another, in the order given.
function inTurn(): <T>(fn: () => Promise<T>) => Promise<T> {
  let tail: Promise<unknown> = Promise.resolve();
  return (fn) => {
    const next = tail.catch(() => undefined).then(fn);
    tail = next;
    return next;
  };
}

export interface ImportPreview {
  entity: ImportEntity;
  sheets: string[];
  sheet: number;
  headerRow: number;
  columns: { col: number; header: string; field: string | null }[];
  fields: { field: string; header: { 'zh-CN': string; en: string }; required: boolean }[];
  sample: string[][];
  totalRows: number;
  template: { id: string; name: string } | null;
}

// Customers (with their primary contact), contacts and follow-ups from a spreadsheet:
// preview, dry run, commit and an error report, all from the same analysis so that what the
// dry run counts is what the commit does. Each entity is a catalog, a validation and a
// runner; the job, progress, cancel and undo machinery is shared.
export class ImportService {
  readonly limits: ImportLimits;
  private readonly batchRows: number;
  private readonly checkedAhead: number;
  private readonly waitsForRequests: boolean;
  readonly jobs: ImportJobs;
  readonly templates: MappingTemplates;
  private readonly live = new LiveImports();

  constructor(private readonly deps: ImportDeps) {
    const type = deps.db.options.type;
    const kind = type === 'better-sqlite3' ? 'sqlite' : type === 'postgres' ? 'postgres' : 'mysql';
    this.batchRows = importBatchRows(kind);
    this.checkedAhead = checkedAhead(kind);
    this.waitsForRequests = kind === 'sqlite';
    this.limits = { ...DEFAULT_IMPORT_LIMITS, ...deps.limits };
    this.jobs = new ImportJobs(deps);
    this.templates = new MappingTemplates(deps.db);
  }

  private assertMay(actor: Actor, entity: ImportEntity): void {
    const need = ENTITY_RULES[entity].create;
    if (!actor.caller.grant.permissions.has(need)) throw new AppError('FORBIDDEN', { permission: need });
  }

  private async open(actor: Actor, input: ImportFile, keepRows = false, checks: CheckThread | null = null): Promise<OpenedSheet> {
    const pick = async (columns: Parameters<typeof mappingFromTemplate>[1]) => {
      const t = await this.templates.matching(actor, input.entity, columns);
      return t ? { id: t.id, name: t.name, mapping: mappingFromTemplate(t, columns) } : null;
    };
    // Every open, with or without a mapping in the request: the dry run and the commit must find
    // the header row the preview found.
    const knownHeaders = await this.templates.headerSets(actor, input.entity);
    return openSheet(IMPORT_ENTITY_DEFS[input.entity].catalog, input, this.limits, pick, { keepRows, knownHeaders, rowsPort: checks?.rowsPort });
  }

  async preview(actor: Actor, input: ImportFile): Promise<ImportPreview> {
    this.assertMay(actor, input.entity);
    const def = IMPORT_ENTITY_DEFS[input.entity];
    const a = await this.open(actor, input, true);
    // Closed however it ends: a refused file (too many rows) leaves its worker waiting for the
    // rows nobody takes (read-workbook.ts).
    try {
      const width = Math.max(0, ...a.columns.map((c) => c.col + 1));
      const sample: string[][] = [];
      let totalRows = 0;
      for await (const slice of a.slices(PREVIEW_SLICE)) {
        const { indexes, totals } = scanDataRows(localRows(slice), slice[0]!.first);
        for (const r of indexes) if (sample.length < PREVIEW_ROWS) sample.push(rowTexts(a.rows, r, width));
        totalRows += indexes.length;
        if (totalRows > this.limits.maxRows) throw tooManyRows(this.limits);
        if (totals) break;
      }
      return {
        entity: input.entity,
        sheets: await a.drain(),
        sheet: a.sheetIndex,
        headerRow: a.headerRow + 1,
        columns: a.columns,
        fields: def.catalog.columns.map((c) => ({ field: c.field, header: c.header, required: def.required.includes(c.field) })),
        sample,
        totalRows,
        template: a.template,
      };
    } finally {
      a.close();
    }
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
  // `total` is the file's count of rows below the header until the job has read them all.
  async commit(actor: Actor, input: ImportRun): Promise<{ jobId: string; total: number }> {
    const { jobId, summary } = await this.begin(actor, input);
    return { jobId, total: summary.total };
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
      const action = ENTITY_RULES[input.entity].audit;
      // Audited before the job reads as ended: whoever sees it finished also finds its audit entry.
      await runWrite(this.deps.db, this.deps.changes, (tx) =>
        auditAs(this.deps.audit, tx.em, actor, status === 'cancelled' ? `${action}.cancel` : action, 'import_job', jobId, {
          fileName: input.fileName,
          sheet: run.sheet.sheetName,
          entity: input.entity,
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

  // How each slice of rows is checked and applied, set up once the header is known: refusals
  // of the whole import (an owner choice not allowed) come from here; prepare() has already
  // checked the right to the entity, before the file was read.
  private async stepsFor(actor: Actor, input: ImportRun, sheet: OpenedSheet, write: boolean, jobId: () => string, early: EarlyThreads): Promise<Steps> {
    const { catalog } = IMPORT_ENTITY_DEFS[input.entity];
    const { columns } = sheet;
    const headerOf = (field: string) => columns.find((c) => c.field === field)?.header ?? catalog.columns.find((c) => c.field === field)?.header['zh-CN'] ?? field;
    const recordCreated = (em: EntityManager, ids: string[]) => this.jobs.recordCreated(em, jobId(), ids);
    // Opened last, once nothing here can refuse the import: closed with the steps.
    const createdItems = (em: EntityManager, ids: readonly string[]) => this.jobs.createdItems(em, jobId(), ids).statements;
    const withWriter = () => ({ ...this.deps, recordCreated, createdItems, writer: early.writer ?? (write ? openWriter(this.deps.db) : null) });
    const closing = (validator: { close(): void }, writer: BatchWriter | null) => () => {
      validator.close();
      void writer?.close();
    };
    const invalidRows = (summary: RunSummary, count: number, errors: RowError[]) => {
      summary.invalid += count;
      for (const e of errors) reportError(summary, e);
    };
    // A thread started with the import is used whatever the rows: its start is paid for.
    const checkThread = () => early.checks ?? (sheet.estimatedRows >= this.limits.workerRows ? startCheckThread(input.entity) : null);
    // Checks may finish in any order; slices are prepared in file order (the in-file duplicate
    // tracker and a round-robin owner depend on it).
    const prepareInTurn = inTurn();
    if (input.entity === 'customers') {
      const ownerColumn = input.owner.kind === 'column' ? (columns.find((c) => c.field === OWNER_FIELD)?.header ?? null) : null;
      const owners = await prepareOwners(this.deps.db.manager, actor.caller, input.owner, ownerColumn);
      const validator = sliceValidator('customers', columns, checkThread());
      const deps = withWriter();
      const runner = new CustomerRunner(deps, actor, input.onDuplicate, owners);
      return {
        async check(slice) {
          const checked = validator.check(slice);
          return prepareInTurn(async () => {
            const { checks: v, dataRows, totals } = await checked;
            const o = await owners.check(v.valid);
            const apply = await runner.prepareBatch(o.invalidRows.size ? v.valid.filter((r) => !o.invalidRows.has(r.row)) : v.valid, write);
            return {
              dataRows,
              totals,
              apply: async (summary) => {
                invalidRows(summary, v.invalidRows.length + o.invalidRows.size, [...v.errors, ...o.errors].sort((x, y) => x.row - y.row));
                return apply(summary);
              },
            };
          });
        },
        close: closing(validator, deps.writer),
      };
    }
    const related = <E extends 'contacts' | 'followups'>(entity: E, runner: ImportRunner<SliceChecks[E]['valid'][number]>, deps: { writer: BatchWriter | null }): Steps => {
      const validator = sliceValidator(entity, columns, checkThread());
      return {
        async check(slice) {
          const checked = validator.check(slice);
          return prepareInTurn(async () => {
            const { checks: v, dataRows, totals } = await checked;
            const apply = await runner.prepareBatch(v.valid as never, write);
            return {
              dataRows,
              totals,
              apply: async (summary) => {
                invalidRows(summary, v.invalidRows.length, v.errors);
                return apply(summary);
              },
            };
          });
        },
        close: closing(validator, deps.writer),
      };
    };
    const deps = withWriter();
    if (input.entity === 'contacts') return related('contacts', new ContactRunner(deps, actor, headerOf, input.onDuplicate), deps);
    return related('followups', new FollowUpRunner(deps, actor, headerOf), deps);
  }

  private async prepare(actor: Actor, input: ImportRun, write: boolean, keepRows = false): Promise<RunState> {
    this.assertMay(actor, input.entity);
    const early = this.startEarly(input, write);
    let sheet: OpenedSheet;
    try {
      sheet = await this.open(actor, input, keepRows, early.checks);
    } catch (e) {
      early.close();
      throw e;
    }
    let jobId = '';
    let steps: Steps | undefined;
    try {
      steps = await this.stepsFor(actor, input, sheet, write, () => jobId, early);
      const summary: RunSummary = { total: sheet.estimatedRows, created: 0, updated: 0, skipped: 0, invalid: 0, errors: [] };
      jobId = await this.jobs.open(
        actor,
        input.entity,
        { fileName: input.fileName, sheet: sheet.sheetName || null, options: { onDuplicate: input.onDuplicate, owner: input.owner.kind, mapping: input.mapping ?? null } },
        write ? 'running' : 'dry_run',
      );
      return { actor, input, sheet, steps, summary, jobId, write, shouldStop: () => false };
    } catch (e) {
      sheet.close();
      if (steps) steps.close();
      else early.close();
      throw e;
    }
  }

  // A large file's row checker and writer start with its parse: each takes about half a second
  // to start (compiling the shared code, loading the driver), which would otherwise come after
  // the header is found, with the first rows waiting.
  private startEarly(input: ImportRun, write: boolean): EarlyThreads {
    if ((input.data.length * 3) / 4 < this.limits.earlyThreadsBytes) return { checks: null, writer: null, close: () => undefined };
    const checks = startCheckThread(input.entity);
    const writer = write ? openWriter(this.deps.db) : null;
    return {
      checks,
      writer,
      close() {
        checks.close();
        void writer?.close();
      },
    };
  }

  // Slices of rows as the worker reads them: the first batches are written while the rest of
  // the file is still being parsed, and each slice is checked while the one before is written.
  private async applyBatches(run: RunState): Promise<'done' | 'cancelled'> {
    // Data rows checked so far, and whether a totals row has ended them.
    let rows = 0;
    let ended = false;
    let applied = 0;
    const ahead: Promise<Checked>[] = [];
    // The batch still being written beside the next one (BatchApply's `written`).
    const batch: { writing: Promise<void> | null } = { writing: null };
    const stopped = async () => {
      await batch.writing;
      return 'cancelled' as const;
    };
    const applyNext = async (): Promise<boolean> => {
      // Between batches, the requests in progress (progress, cancel, everyone's work) go first:
      // on SQLite's single connection they would otherwise queue behind the next batch.
      if (run.write && applied++ > 0) {
        await new Promise((r) => setTimeout(r, 0));
        // Only SQLite's one connection makes a batch hold up everyone; elsewhere a wait would
        // only slow the import.
        if (this.waitsForRequests) await this.deps.foreground?.idle(FOREGROUND_WAIT_MS);
      }
      if (run.shouldStop()) return false;
      // Two batches at the writer at once, so that it never idles. That keeps both cores busy,
      // which colleagues' requests do not feel where the import's threads run at a lower
      // priority (background-priority.mjs). Elsewhere only while nobody is at work: at the same
      // priority their list's p95 during a 100,000-row import rose from about 170 ms to 300 ms.
      if (!backgroundYields && this.deps.foreground && !this.deps.foreground.quietFor(QUIET_MS)) await batch.writing;
      const checked = await ahead.shift()!;
      rows += checked.dataRows;
      if (rows > this.limits.maxRows) throw tooManyRows(this.limits);
      // Never less than what has been read: the file's own count is only an estimate.
      run.summary.total = Math.max(run.summary.total, rows);
      // The slices read beyond a totals row are dropped unapplied.
      if (checked.totals) {
        ended = true;
        ahead.length = 0;
      }
      const started = await checked.apply(run.summary);
      const before = batch.writing;
      batch.writing = started ? started.written : null;
      // Awaited below or when the run ends; marked handled meanwhile.
      batch.writing?.catch(() => undefined);
      if (before) await before;
      return true;
    };
    try {
      for await (const slice of run.sheet.slices(this.batchRows)) {
        const checking = run.steps.check(slice);
        // Not awaited should the run stop first.
        checking.catch(() => undefined);
        ahead.push(checking);
        if (ahead.length > this.checkedAhead && !(await applyNext())) return await stopped();
        if (ended) break;
      }
      while (ahead.length) if (!(await applyNext())) return await stopped();
      await batch.writing;
      run.summary.total = rows;
      return 'done';
    } finally {
      // A batch still at the writer ends (committed or not) before its writer closes; the
      // failure on its way out, if any, is the one reported.
      await batch.writing?.catch(() => undefined);
      run.sheet.close();
      run.steps.close();
    }
  }

  // Everything a dry run finds, database checks included.
  async errorReport(actor: Actor, input: ImportRun, lang: Locale): Promise<string> {
    const run = await this.prepare(actor, input, false, true);
    const errors: RowError[] = [];
    run.summary.all = errors;
    try {
      await this.applyBatches(run);
    } finally {
      await this.jobs.close(run.jobId, 'dry_run', run.summary);
    }
    const a = run.sheet;
    const width = Math.max(0, ...a.columns.map((c) => c.col + 1));
    const headers = Array.from({ length: width }, (_, col) => a.columns.find((c) => c.col === col)?.header ?? '');
    const reasons = new Map<number, string[]>();
    for (const e of errors) {
      const list = reasons.get(e.row) ?? [];
      list.push(`${e.column}: ${messageOf(lang, e.reason, e.value)}`);
      reasons.set(e.row, list);
    }
    const header = [lang === 'en' ? 'Row' : '行号', ...headers, lang === 'en' ? 'Problem' : '错误原因'];
    const aoa: (string | number)[][] = [header.map(neutraliseCell)];
    for (const row of [...reasons.keys()].sort((x, y) => x - y)) {
      aoa.push([row, ...rowTexts(a.rows, row - 1, width).map(neutraliseCell), neutraliseCell(reasons.get(row)!.join('; '))]);
    }
    const wb = XLSX.utils.book_new();
    XLSX.utils.book_append_sheet(wb, XLSX.utils.aoa_to_sheet(aoa), lang === 'en' ? 'Errors' : '错误');
    return (XLSX.write(wb, { type: 'buffer', bookType: 'xlsx', compression: true }) as Buffer).toString('base64');
  }
}

const tooManyRows = (limits: ImportLimits) => new AppError('IMPORT_FILE_REJECTED', { reason: 'tooManyRows', max: limits.maxRows });

// An i18n key ("validation.mobile") as text in the report's language; {{value}} is the cell.
export function messageOf(lang: Locale, key: string, value?: string): string {
  let node: unknown = shared[lang];
  for (const part of key.split('.')) node = node && typeof node === 'object' ? (node as Record<string, unknown>)[part] : undefined;
  if (typeof node !== 'string') return key;
  return node.replace(/\{\{value\}\}/g, value ?? '').replace(/\{\{\w+\}\}/g, '');
}
