import { In, IsNull, type DataSource } from 'typeorm';
import { z } from 'zod';
import { customerListInput, type CustomerDto } from '../../../src/shared/domain/customer.schema';
import { customerCatalog } from '../../../src/shared/excel/customer-catalog';
import { LOCALES, shared, type Locale } from '../../../src/shared/i18n';
import type { AuditService } from '../audit/audit.service';
import type { ChangeLogService } from '../changes/change-log.service';
import { runWrite } from '../changes/write-tx';
import { ContactEntity, type Contact } from '../contacts/contact.entity';
import { auditAs, type Actor } from '../customers/actor';
import { toCustomerDtos } from '../customers/customer-dto';
import { applyListFilters, customerQuery, pageOf } from '../customers/customer-query';
import { CONTACT_SENSITIVE, shownValue, visibilityOf } from '../customers/field-mask';
import { writeSheet, type ExportCell } from './export-sheet';

export const customerExportInput = customerListInput.omit({ page: true, pageSize: true }).extend({
  format: z.enum(['xlsx', 'csv']).default('xlsx'),
  lang: z.enum(LOCALES).default('zh-CN'),
});
export type CustomerExportInput = z.output<typeof customerExportInput>;

export const EXPORT_MAX_ROWS = 100_000;
// toCustomerDtos and the contact lookup use IN (...): keep under every engine's parameter cap.
const CHUNK = 1000;

export interface ExportDeps {
  db: DataSource;
  changes: ChangeLogService;
  audit: AuditService;
}

export interface ExportFile {
  fileName: string;
  data: string;
  rows: number;
  // More rows matched than one export holds (EXPORT_MAX_ROWS); narrow the filter.
  truncated: boolean;
}

// The customer list as the caller sees it (same scope, filters, sort and field masks as
// customers.list) as a spreadsheet with headers in the caller's language.
export class ExportService {
  constructor(private readonly deps: ExportDeps) {}

  async customers(actor: Actor, input: CustomerExportInput): Promise<ExportFile> {
    const { caller } = actor;
    const em = this.deps.db.manager;
    const qb = applyListFilters(customerQuery(em, caller, 'active'), caller, input);
    const { rows } = await pageOf(qb, { page: 1, pageSize: EXPORT_MAX_ROWS, sort: input.sort, order: input.order });
    const cols = customerCatalog.columns;
    const m = shared[input.lang];
    const header = [...cols.map((c) => c.header[input.lang]), m.fields.customer.owner, m.fields.customer.createdAt, m.fields.customer.updatedAt];
    const out: ExportCell[][] = [];
    for (let i = 0; i < rows.length; i += CHUNK) {
      const dtos = await toCustomerDtos(em, caller, rows.slice(i, i + CHUNK));
      const contacts = await this.primaryContacts(actor, dtos.map((d) => d.id));
      for (const d of dtos) out.push(this.rowOf(d, contacts.get(d.id) ?? null, input.lang));
    }
    const data = writeSheet(header, out, input.format, input.lang === 'en' ? 'Customers' : '客户');
    const { format, lang: _lang, ...filter } = input;
    await runWrite(this.deps.db, this.deps.changes, (tx) =>
      auditAs(this.deps.audit, tx.em, actor, 'customer.export', 'customer', '-', { filter, format, rows: out.length }),
    );
    const stamp = new Date().toISOString().slice(0, 10);
    return { fileName: `${input.lang === 'en' ? 'customers' : '客户'}-${stamp}.${format}`, data: data.toString('base64'), rows: out.length, truncated: out.length >= EXPORT_MAX_ROWS };
  }

  private rowOf(d: CustomerDto, contact: Contact | null, lang: Locale): ExportCell[] {
    const source: Record<string, unknown> = { ...d };
    const cells = customerCatalog.columns.map((c) => {
      const [entity, key] = c.field.split('.') as [string, string];
      const v = entity === 'contact' ? (contact ? (contact as unknown as Record<string, unknown>)[key] : null) : source[key];
      return c.format(v, lang);
    });
    return [...cells, d.owner?.name ?? null, d.createdAt.slice(0, 19).replace('T', ' '), d.updatedAt.slice(0, 19).replace('T', ' ')];
  }

  // The primary contact of each customer, with the caller's contact field masks applied.
  private async primaryContacts(actor: Actor, ids: string[]): Promise<Map<string, Contact>> {
    if (!ids.length) return new Map();
    const rows = await this.deps.db.manager.getRepository(ContactEntity).find({ where: { customerId: In(ids), isPrimary: true, deletedAt: IsNull() } });
    const out = new Map<string, Contact>();
    for (const r of rows) {
      if (out.has(r.customerId)) continue;
      const masked: Record<string, unknown> = { ...r };
      for (const f of CONTACT_SENSITIVE) masked[f] = shownValue(visibilityOf(actor.caller, 'contacts', f), r[f]);
      out.set(r.customerId, masked as unknown as Contact);
    }
    return out;
  }
}
