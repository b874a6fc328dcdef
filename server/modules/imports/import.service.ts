import * as XLSX from 'xlsx';
import type { DataSource, EntityManager } from 'typeorm';
import { contactFieldsSchema } from '../../../src/shared/domain/contact.schema';
import { followUpFieldsSchema } from '../../../src/shared/domain/followup.schema';
import { neutraliseCell } from '../../../src/shared/excel/export-cells';
import { IMPORT_ENTITY_DEFS } from '../../../src/shared/excel/import-entities';
import type { ImportEntity, ImportSummary, importRunInput } from '../../../src/shared/excel/import.schema';
import { OWNER_FIELD, validateRelatedRows, validateRows, type RowError } from '../../../src/shared/excel/validate';
import { AppError } from '../../../src/shared/errors';
import { shared, type Locale } from '../../../src/shared/i18n';
import type { Permission } from '../../../src/shared/permissions/catalog';
import type { z } from 'zod';
import type { AuditService } from '../audit/audit.service';
import type { ChangeLogService } from '../changes/change-log.service';
import { runWrite } from '../changes/write-tx';
import type { ContactService } from '../contacts/contact.service';
import { auditAs, type Actor } from '../customers/actor';
import type { CustomerService } from '../customers/customer.service';
import { CustomerRunner } from './customer-runner';
import { analyse, rowTexts, type Analysis, type ImportFile } from './import-analysis';
import { resolveOwners } from './import-owners';
import { MAX_REPORTED_ERRORS, type ImportRunner } from './import-runner';
import { ImportJobs } from './import-jobs';
import { ImportJobEntity } from './import-job.entity';
import { doneOf, LiveImports, type ImportProgress, type LiveImport } from './live-imports';
import { DEFAULT_IMPORT_LIMITS, type ImportLimits } from './file-guard';
import { MappingTemplates, mappingFromTemplate } from './mapping-templates';
import { ContactRunner, FollowUpRunner } from './related-runners';
import { validateInSlices } from './validate-in-slices';

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
}

const BATCH = 500;
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
  runner: ImportRunner;
  summary: ImportSummary;
  jobId: string;
  sheet: string;
  shouldStop: () => boolean;
}

interface Checked {
  analysis: Analysis;
  errors: RowError[];
  invalid: number;
  runner: ImportRunner;
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
  readonly jobs: ImportJobs;
  readonly templates: MappingTemplates;
  private readonly live = new LiveImports();

  constructor(private readonly deps: ImportDeps) {
    this.limits = { ...DEFAULT_IMPORT_LIMITS, ...deps.limits };
    this.jobs = new ImportJobs(deps);
    this.templates = new MappingTemplates(deps.db);
  }

  private assertMay(actor: Actor, entity: ImportEntity): void {
    const need = ENTITY_RULES[entity].create;
    if (!actor.caller.grant.permissions.has(need)) throw new AppError('FORBIDDEN', { permission: need });
  }

  private read(actor: Actor, input: ImportFile): Promise<Analysis> {
    return analyse(IMPORT_ENTITY_DEFS[input.entity].catalog, input, this.limits, async (columns) => {
      const t = await this.templates.matching(actor, input.entity, columns);
      return t ? { id: t.id, name: t.name, mapping: mappingFromTemplate(t, columns) } : null;
    });
  }

  async preview(actor: Actor, input: ImportFile): Promise<ImportPreview> {
    this.assertMay(actor, input.entity);
    const def = IMPORT_ENTITY_DEFS[input.entity];
    const a = await this.read(actor, input);
    const width = Math.max(0, ...a.columns.map((c) => c.col + 1));
    return {
      entity: input.entity,
      sheets: a.sheets,
      sheet: a.sheetIndex,
      headerRow: a.headerRow + 1,
      columns: a.columns,
      fields: def.catalog.columns.map((c) => ({ field: c.field, header: c.header, required: def.required.includes(c.field) })),
      sample: a.rowIndexes.slice(0, PREVIEW_ROWS).map((r) => rowTexts(a.sheet.rows, r, width)),
      totalRows: a.rowIndexes.length,
      template: a.template,
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
    await this.applyBatches(run, false).catch(async (e: unknown) => {
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
      const status = await this.applyBatches(run, true);
      const action = ENTITY_RULES[input.entity].audit;
      // Audited before the job reads as ended: whoever sees it finished also finds its audit entry.
      await runWrite(this.deps.db, this.deps.changes, (tx) =>
        auditAs(this.deps.audit, tx.em, actor, status === 'cancelled' ? `${action}.cancel` : action, 'import_job', jobId, {
          fileName: input.fileName,
          sheet: run.sheet,
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

  // The file read and every row checked, and the runner that applies the valid rows.
  private async check(actor: Actor, input: ImportRun, jobId: () => string): Promise<Checked> {
    this.assertMay(actor, input.entity);
    const a = await this.read(actor, input);
    const { catalog } = IMPORT_ENTITY_DEFS[input.entity];
    const headerOf = (field: string) => a.columns.find((c) => c.field === field)?.header ?? catalog.columns.find((c) => c.field === field)?.header['zh-CN'] ?? field;
    const recordCreated = (em: EntityManager, ids: string[]) => this.jobs.recordCreated(em, jobId(), ids);
    const deps = { ...this.deps, recordCreated };
    if (input.entity === 'customers') {
      const v = await validateInSlices(a.rowIndexes, (slice) => validateRows(catalog, a.sheet.rows, slice, a.columns));
      const ownerColumn = input.owner.kind === 'column' ? (a.columns.find((c) => c.field === OWNER_FIELD)?.header ?? null) : null;
      const owners = await resolveOwners(this.deps.db.manager, actor.caller, input.owner, v.valid, ownerColumn);
      const valid = v.valid.filter((r) => !owners.invalidRows.has(r.row));
      const errors = [...v.errors, ...owners.errors].sort((x, y) => x.row - y.row);
      return { analysis: a, errors, invalid: v.invalidRows.length + owners.invalidRows.size, runner: new CustomerRunner(deps, actor, valid, input.onDuplicate, owners.assigner) };
    }
    if (input.entity === 'contacts') {
      const v = await validateInSlices(a.rowIndexes, (slice) => validateRelatedRows(catalog, a.sheet.rows, slice, a.columns, 'contact', contactFieldsSchema, { isPrimary: false }));
      return { analysis: a, errors: v.errors, invalid: v.invalidRows.length, runner: new ContactRunner(deps, actor, v.valid, headerOf, input.onDuplicate) };
    }
    const v = await validateInSlices(a.rowIndexes, (slice) => validateRelatedRows(catalog, a.sheet.rows, slice, a.columns, 'followUp', followUpFieldsSchema, { type: 'other' }));
    return { analysis: a, errors: v.errors, invalid: v.invalidRows.length, runner: new FollowUpRunner(deps, actor, v.valid, headerOf) };
  }

  private async prepare(actor: Actor, input: ImportRun, write: boolean): Promise<RunState> {
    let jobId = '';
    const { analysis: a, errors, invalid, runner } = await this.check(actor, input, () => jobId);
    const summary: ImportSummary = { total: a.rowIndexes.length, created: 0, updated: 0, skipped: 0, invalid, errors: errors.slice(0, MAX_REPORTED_ERRORS) };
    const sheet = a.sheets[a.sheetIndex] ?? '';
    jobId = await this.jobs.open(
      actor,
      input.entity,
      { fileName: input.fileName, sheet: sheet || null, options: { onDuplicate: input.onDuplicate, owner: input.owner.kind, mapping: input.mapping ?? null } },
      write ? 'running' : 'dry_run',
    );
    return { actor, input, runner, summary, jobId, sheet, shouldStop: () => false };
  }

  private async applyBatches(run: RunState, write: boolean): Promise<'done' | 'cancelled'> {
    for (let start = 0; start < run.runner.rows; start += BATCH) {
      // A turn of the event loop between batches: on SQLite's single connection the other
      // requests (progress, cancel, everyone's work) queue behind the batch and get through here.
      if (write && start > 0) await new Promise((r) => setTimeout(r, 0));
      if (run.shouldStop()) return 'cancelled';
      await run.runner.applyBatch(start, start + BATCH, write, run.summary);
    }
    return 'done';
  }

  // The rows that could not be imported, as the file had them, with a column saying why.
  // Problems only the database can tell (an unknown customer) come from a dry run of the file.
  async errorReport(actor: Actor, input: ImportRun, lang: Locale): Promise<string> {
    const { analysis: a, errors } = await this.check(actor, input, () => '');
    const width = Math.max(0, ...a.columns.map((c) => c.col + 1));
    const headers = Array.from({ length: width }, (_, col) => a.columns.find((c) => c.col === col)?.header ?? '');
    const reasons = new Map<number, string[]>();
    const add = (e: RowError) => {
      const list = reasons.get(e.row) ?? [];
      list.push(`${e.column}: ${messageOf(lang, e.reason, e.value)}`);
      reasons.set(e.row, list);
    };
    errors.forEach(add);
    if (input.entity !== 'customers') {
      const dry = await this.dryRun(actor, input);
      dry.errors.filter((e) => !errors.some((x) => x.row === e.row && x.field === e.field)).forEach(add);
    }
    const header = [lang === 'en' ? 'Row' : '行号', ...headers, lang === 'en' ? 'Problem' : '错误原因'];
    const aoa: (string | number)[][] = [header.map(neutraliseCell)];
    for (const row of [...reasons.keys()].sort((x, y) => x - y)) {
      aoa.push([row, ...rowTexts(a.sheet.rows, row - 1, width).map(neutraliseCell), neutraliseCell(reasons.get(row)!.join('; '))]);
    }
    const wb = XLSX.utils.book_new();
    XLSX.utils.book_append_sheet(wb, XLSX.utils.aoa_to_sheet(aoa), lang === 'en' ? 'Errors' : '错误');
    return (XLSX.write(wb, { type: 'buffer', bookType: 'xlsx', compression: true }) as Buffer).toString('base64');
  }
}

// An i18n key ("validation.mobile") as text in the report's language; {{value}} is the cell.
export function messageOf(lang: Locale, key: string, value?: string): string {
  let node: unknown = shared[lang];
  for (const part of key.split('.')) node = node && typeof node === 'object' ? (node as Record<string, unknown>)[part] : undefined;
  if (typeof node !== 'string') return key;
  return node.replace(/\{\{value\}\}/g, value ?? '').replace(/\{\{\w+\}\}/g, '');
}
