import type { DataSource } from 'typeorm';
import { z } from 'zod';
import { contactListInput, type ContactDto } from '../../../src/shared/domain/contact.schema';
import { customerListInput, type CustomerDto } from '../../../src/shared/domain/customer.schema';
import { followUpListInput, type FollowUpDto } from '../../../src/shared/domain/followup.schema';
import type { ColumnDef, EntityCatalog } from '../../../src/shared/excel/catalog';
import { customerCatalog } from '../../../src/shared/excel/customer-catalog';
import { contactCatalog, followUpCatalog } from '../../../src/shared/excel/related-catalogs';
import { OWNER_FIELD } from '../../../src/shared/excel/validate';
import { AppError } from '../../../src/shared/errors';
import { LOCALES, shared, type Locale } from '../../../src/shared/i18n';
import type { Permission } from '../../../src/shared/permissions/catalog';
import type { AuditService } from '../audit/audit.service';
import type { ChangeLogService } from '../changes/change-log.service';
import { runWrite } from '../changes/write-tx';
import { selectEntitiesIn } from '../../db/select-in';
import { ContactEntity, type Contact } from '../contacts/contact.entity';
import type { ContactService } from '../contacts/contact.service';
import { auditAs, type Actor } from '../customers/actor';
import { toCustomerDtos } from '../customers/customer-dto';
import { applyListFilters, customerQuery, orderedIds } from '../customers/customer-query';
import { CustomerEntity, type Customer } from '../customers/customer.entity';
import { CONTACT_SENSITIVE, shownValue, visibilityOf } from '../customers/field-mask';
import type { FollowUpService } from '../followups/followup.service';
import { CUSTOMER_LISTS, type CustomerListName } from './customer-lists';
import { ExportCancelled, ExportJobs, type ExportFile, type ExportRun } from './export-jobs';

export type { ExportFile } from './export-jobs';
import { startSheetWriter, writeSheetOffThread, type ExportCell } from './export-sheet';

const fileOptions = { format: z.enum(['xlsx', 'csv']).default('xlsx'), lang: z.enum(LOCALES).default('zh-CN') };
export const customerExportInput = customerListInput.omit({ page: true, pageSize: true }).extend(fileOptions);
export const contactExportInput = contactListInput.omit({ page: true, pageSize: true }).extend(fileOptions);
export const followUpExportInput = followUpListInput.omit({ page: true, pageSize: true }).extend(fileOptions);
export type CustomerExportInput = z.output<typeof customerExportInput>;
type ContactExportInput = z.output<typeof contactExportInput>;
type FollowUpExportInput = z.output<typeof followUpExportInput>;

// A background export of one of the lists, with that list's filters.
export const exportStartInput = z.discriminatedUnion('list', [
  z.object({ list: z.literal('customers'), input: customerExportInput }),
  z.object({ list: z.literal('contacts'), input: contactExportInput }),
  z.object({ list: z.literal('followUps'), input: followUpExportInput }),
  // The public pool and the recycle bin take the customer list's filters, as their list procedures do.
  z.object({ list: z.literal('pool'), input: customerExportInput }),
  z.object({ list: z.literal('recycleBin'), input: customerExportInput }),
]);
export const exportJobInput = z.object({ jobId: z.string().uuid() });

export const EXPORT_MAX_ROWS = 100_000;
// toCustomerDtos and the contact lookup use IN (...): keep under every engine's parameter cap.
const CHUNK = 1000;

export interface ExportDeps {
  db: DataSource;
  changes: ChangeLogService;
  audit: AuditService;
  contacts: ContactService;
  followUps: FollowUpService;
}

// After each chunk: report, let other requests through, stop if asked to.
async function step(run: ExportRun, done: number, total: number): Promise<void> {
  run.onProgress?.(done, total);
  await new Promise((r) => setImmediate(r));
  if (run.shouldStop?.()) throw new ExportCancelled();
}

// Pages through a list procedure CHUNK rows at a time, as its own pages would show them.
async function allPages<T>(run: ExportRun, page: (page: number, pageSize: number) => Promise<{ items: T[]; total: number }>): Promise<T[]> {
  const out: T[] = [];
  for (let p = 1; out.length < EXPORT_MAX_ROWS; p++) {
    const { items, total } = await page(p, CHUNK);
    out.push(...items);
    await step(run, out.length, Math.min(total, EXPORT_MAX_ROWS));
    if (items.length < CHUNK) break;
  }
  return out.slice(0, EXPORT_MAX_ROWS);
}


const sheetNameOf = (lang: Locale, names: [string, string]) => (lang === 'en' ? names[0] : names[1]);
const stampOf = (iso: string | null | undefined) => (iso ? iso.slice(0, 19).replace('T', ' ') : null);

// A list as the caller sees it (same scope, filters, sort and field masks as its list
// procedure) as a spreadsheet with headers in the caller's language. Each list exports the
// columns its import reads, so an export can be edited and imported back.
export class ExportService {
  readonly jobs = new ExportJobs();

  constructor(private readonly deps: ExportDeps) {}

  // Refusals the caller can be told at once (permissions) come from this request; the rows
  // are gathered and the file built in the background.
  start(actor: Actor, req: z.output<typeof exportStartInput>): { jobId: string } {
    if (req.list === 'contacts') this.assertMay(actor, 'contacts.view');
    if (req.list === 'followUps') this.assertMay(actor, 'followups.view');
    if (req.list === 'customers' || req.list === 'pool' || req.list === 'recycleBin') this.assertMayList(actor, req.list);
    return this.jobs.start(actor, (run) => {
      if (req.list === 'contacts') return this.contacts(actor, req.input, run);
      if (req.list === 'followUps') return this.followUps(actor, req.input, run);
      return this.customerList(actor, req.list, req.input, run);
    });
  }

  customers(actor: Actor, input: CustomerExportInput, run: ExportRun = {}): Promise<ExportFile> {
    return this.customerList(actor, 'customers', input, run);
  }

  // The customer list, the pool or the recycle bin: the rows come from the same query as the
  // list procedure's (customerQuery of the list's set, applyListFilters, pageOf's order), the
  // values from the same DTOs, so scope and field masks are the list's.
  async customerList(actor: Actor, list: CustomerListName, input: CustomerExportInput, run: ExportRun = {}): Promise<ExportFile> {
    const def = this.assertMayList(actor, list);
    const { caller } = actor;
    const em = this.deps.db.manager;
    const qb = applyListFilters(customerQuery(em, caller, def.set), caller, input);
    const ids = await orderedIds(qb, input, EXPORT_MAX_ROWS);
    const m = shared[input.lang];
    const header = [
      ...customerCatalog.columns.map((c) => c.header[input.lang]),
      m.fields.customer.createdAt,
      m.fields.customer.updatedAt,
      ...def.extra.map((x) => x.header(m)),
    ];
    const writer = startSheetWriter(header, input.format, sheetNameOf(input.lang, def.names));
    let done = 0;
    // A chunk's customers and primary contacts, read while the chunk before is turned into
    // rows: on PostgreSQL or MySQL the database works on one core while this thread works on
    // the other.
    const load = (chunk: string[]) => Promise.all([selectEntitiesIn(em, CustomerEntity, 'id', chunk), this.primaryContacts(actor, chunk)]);
    let next = ids.length ? load(ids.slice(0, CHUNK)) : null;
    try {
      for (let i = 0; i < ids.length; i += CHUNK) {
        const chunk = ids.slice(i, i + CHUNK);
        const [found, contacts] = await next!;
        next = i + CHUNK < ids.length ? load(ids.slice(i + CHUNK, i + 2 * CHUNK)) : null;
        const byId = new Map(found.map((r) => [r.id, r]));
        // In the list's order; a row purged since its id was read drops out.
        const rows = chunk.map((id) => byId.get(id)).filter((r): r is Customer => r !== undefined);
        const dtos = await toCustomerDtos(em, caller, rows);
        writer.add(dtos.map((d) => [...this.customerRow(d, contacts.get(d.id) ?? null, input.lang), ...def.extra.map((x) => stampOf(x.value(d)))]));
        done += dtos.length;
        await step(run, i + chunk.length, ids.length);
      }
    } catch (e) {
      // The read ahead fails or not on its own; nobody waits for it now.
      next?.catch(() => undefined);
      writer.abort();
      throw e;
    }
    return this.finish(actor, input, def.action, 'customer', done, await writer.finish(), def.names);
  }

  async contacts(actor: Actor, input: ContactExportInput, run: ExportRun = {}): Promise<ExportFile> {
    this.assertMay(actor, 'contacts.view');
    const { format: _f, lang, ...filter } = input;
    const items = await allPages(run, (page, pageSize) => this.deps.contacts.list(actor, { ...filter, page, pageSize }));
    const cols = exportColumns(contactCatalog);
    const m = shared[lang];
    const header = [...cols.map((c) => c.header[lang]), m.fields.contact.isPrimary, m.fields.customer.createdAt, m.fields.customer.updatedAt];
    const yes = lang === 'en' ? 'Yes' : '是';
    const rows = items.map((d: ContactDto) => [
      ...cols.map((c) => c.format(c.field === 'customer.name' ? d.customerName : (d as unknown as Record<string, unknown>)[c.field.split('.')[1]!], lang)),
      d.isPrimary ? yes : null,
      stampOf(d.createdAt),
      stampOf(d.updatedAt),
    ]);
    const names: [string, string] = ['contacts', '联系人'];
    const data = await writeSheetOffThread(header, rows, input.format, sheetNameOf(lang, names));
    return this.finish(actor, input, 'contact.export', 'contact', rows.length, data, names);
  }

  async followUps(actor: Actor, input: FollowUpExportInput, run: ExportRun = {}): Promise<ExportFile> {
    this.assertMay(actor, 'followups.view');
    const { format: _f, lang, ...filter } = input;
    const items = await allPages(run, (page, pageSize) => this.deps.followUps.list(actor, { ...filter, page, pageSize }));
    const cols = exportColumns(followUpCatalog);
    const m = shared[lang];
    const header = [...cols.map((c) => c.header[lang]), m.fields.customer.createdBy, m.fields.customer.createdAt];
    const valueOf = (d: FollowUpDto, field: string): unknown =>
      field === 'customer.name' ? d.customerName : field === 'followUp.contact' ? d.contactName : (d as unknown as Record<string, unknown>)[field.split('.')[1]!];
    const rows = items.map((d) => [...cols.map((c) => c.format(valueOf(d, c.field), lang)), d.createdBy?.name ?? null, stampOf(d.createdAt)]);
    const names: [string, string] = ['follow-ups', '跟进记录'];
    const data = await writeSheetOffThread(header, rows, input.format, sheetNameOf(lang, names));
    return this.finish(actor, input, 'followUp.export', 'followUp', rows.length, data, names);
  }

  private assertMay(actor: Actor, permission: Permission): void {
    if (!actor.caller.grant.permissions.has(permission)) throw new AppError('FORBIDDEN', { permission });
  }

  private assertMayList(actor: Actor, list: CustomerListName) {
    const def = CUSTOMER_LISTS[list];
    if (def.needs) this.assertMay(actor, def.needs);
    return def;
  }

  private async finish(
    actor: Actor,
    input: { format: 'xlsx' | 'csv'; lang: Locale },
    action: string,
    entity: string,
    rows: number,
    data: Buffer,
    names: [string, string],
  ): Promise<ExportFile> {
    const { format, lang, ...filter } = input;
    await runWrite(this.deps.db, this.deps.changes, (tx) => auditAs(this.deps.audit, tx.em, actor, action, entity, '-', { filter, format, rows }));
    const stamp = new Date().toISOString().slice(0, 10);
    return { fileName: `${sheetNameOf(lang, names)}-${stamp}.${format}`, data: data.toString('base64'), rows, truncated: rows >= EXPORT_MAX_ROWS };
  }

  private customerRow(d: CustomerDto, contact: Contact | null, lang: Locale): ExportCell[] {
    const source: Record<string, unknown> = { ...d, owner: d.owner?.name ?? null };
    const cells = customerCatalog.columns.map((c) => {
      const [entity, key] = c.field.split('.') as [string, string];
      const v = entity === 'contact' ? (contact ? (contact as unknown as Record<string, unknown>)[key] : null) : source[key];
      return c.format(v, lang);
    });
    return [...cells, stampOf(d.createdAt), stampOf(d.updatedAt)];
  }

  // The primary contact of each customer, with the caller's contact field masks applied.
  private async primaryContacts(actor: Actor, ids: string[]): Promise<Map<string, Contact>> {
    if (!ids.length) return new Map();
    const rows = await selectEntitiesIn(this.deps.db.manager, ContactEntity, 'customerId', ids);
    const out = new Map<string, Contact>();
    for (const r of rows) {
      if (!r.isPrimary || r.deletedAt !== null || out.has(r.customerId)) continue;
      const masked: Record<string, unknown> = { ...r };
      for (const f of CONTACT_SENSITIVE) masked[f] = shownValue(visibilityOf(actor.caller, 'contacts', f), r[f]);
      out.set(r.customerId, masked as unknown as Contact);
    }
    return out;
  }
}

// The credit code identifies a customer on the way in; the lists show the name only.
function exportColumns(catalog: EntityCatalog): ColumnDef[] {
  return catalog.columns.filter((c) => c.field !== 'customer.creditCode' && c.field !== OWNER_FIELD);
}
