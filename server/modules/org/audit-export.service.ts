import type { DataSource } from 'typeorm';
import { z } from 'zod';
import { auditListInput } from '../../../src/shared/domain/admin.schema';
import { LOCALES, type Locale } from '../../../src/shared/i18n';
import { AuditEntity, type AuditEntry } from '../audit/audit.entity';
import type { AuditService } from '../audit/audit.service';
import { auditAs, type Actor } from '../customers/actor';
import { writeSheet, type ExportCell } from '../exports/export-sheet';
import { auditWhere } from './admin-ops.service';

// The audit viewer's filters, minus paging, plus the file's format and header language.
export const auditExportInput = auditListInput
  .omit({ page: true, pageSize: true })
  .extend({ format: z.enum(['xlsx', 'csv']).default('xlsx'), lang: z.enum(LOCALES).default('zh-CN') });

// One file holds at most this many entries (newest first); narrow the time range for more.
export const AUDIT_EXPORT_MAX_ROWS = 100_000;

const COLUMNS: { header: Record<Locale, string>; cell: (e: AuditEntry) => ExportCell }[] = [
  { header: { 'zh-CN': '序号', en: 'Seq' }, cell: (e) => e.seq },
  { header: { 'zh-CN': '时间（UTC）', en: 'Time (UTC)' }, cell: (e) => e.at.slice(0, 19).replace('T', ' ') },
  { header: { 'zh-CN': '用户', en: 'User' }, cell: (e) => e.username },
  { header: { 'zh-CN': '操作', en: 'Action' }, cell: (e) => e.action },
  { header: { 'zh-CN': '对象', en: 'Object' }, cell: (e) => e.entity },
  { header: { 'zh-CN': '记录', en: 'Record' }, cell: (e) => e.entityId },
  { header: { 'zh-CN': '地址', en: 'Address' }, cell: (e) => e.ip },
  { header: { 'zh-CN': '详情', en: 'Detail' }, cell: (e) => (e.detail ? JSON.stringify(e.detail) : null) },
  { header: { 'zh-CN': '哈希', en: 'Hash' }, cell: (e) => e.hash },
];

// Exports audit entries to a spreadsheet for auditors. Values are users' text (names, search
// terms, imported cells): the sheet writer neutralises anything a spreadsheet would run.
// The export is itself audited, after the read, so the file ends just before its own entry.
export class AuditExportService {
  constructor(private readonly deps: { db: DataSource; audit: AuditService }) {}

  async export(actor: Actor, input: z.output<typeof auditExportInput>) {
    const { format, lang, ...filter } = input;
    const rows = await this.deps.db.getRepository(AuditEntity).find({ where: auditWhere(filter), order: { seq: 'DESC' }, take: AUDIT_EXPORT_MAX_ROWS });
    const data = writeSheet(
      COLUMNS.map((c) => c.header[lang]),
      rows.map((e) => COLUMNS.map((c) => c.cell(e))),
      format,
      lang === 'en' ? 'Audit log' : '审计日志',
    );
    await this.deps.db.transaction((em) => auditAs(this.deps.audit, em, actor, 'audit.export', 'audit', '-', { filter, format, rows: rows.length }));
    const stamp = new Date().toISOString().slice(0, 10);
    return {
      fileName: `${lang === 'en' ? 'audit-log' : '审计日志'}-${stamp}.${format}`,
      data: data.toString('base64'),
      rows: rows.length,
      truncated: rows.length >= AUDIT_EXPORT_MAX_ROWS,
    };
  }
}
