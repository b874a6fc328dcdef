import * as XLSX from 'xlsx';
import { zhCN } from '../../../src/shared/i18n/zh-CN';
import { en } from '../../../src/shared/i18n/en';
import { IMPORT_ENTITY_DEFS } from '../../../src/shared/excel/import-entities';
import type { ImportEntity } from '../../../src/shared/excel/import.schema';
import type { Lang } from '../../../src/shared/excel/catalog';

const ENUM_GROUPS: Record<string, keyof typeof zhCN.enums> = {
  'customer.kind': 'kind',
  'customer.level': 'level',
  'customer.status': 'status',
  'customer.industry': 'industry',
  'customer.source': 'source',
  'contact.decisionRole': 'decisionRole',
  'followUp.type': 'followUpType',
};

const TEXT = {
  'zh-CN': {
    data: '数据', notes: '填写说明', column: '列', required: '必填', values: '可填的值',
    yes: '是', hint: '带 * 的列必填；示例行可删除。日期写 2026-01-05，时间写 2026-01-05 14:30。',
    refHint: '客户名称或统一社会信用代码填一个即可，客户须是您有权修改的。',
    ownerHint: '负责人填用户名或姓名；导入时选择“按文件中的负责人列”才会使用。',
  },
  en: {
    data: 'Data', notes: 'Notes', column: 'Column', required: 'Required', values: 'Allowed values',
    yes: 'yes', hint: 'Columns marked * are required; delete the example row. Dates as 2026-01-05, times as 2026-01-05 14:30.',
    refHint: 'Give the customer name or the credit code; it must be a customer you may edit.',
    ownerHint: 'Owner: a username or display name; used when the import takes owners from the file.',
  },
} as const;

// An empty list to fill in: the entity's columns with localised headers (required ones
// marked *), one example row, and a sheet explaining each column and its allowed values.
export function blankTemplate(entity: ImportEntity, lang: Lang): { fileName: string; data: string } {
  const def = IMPORT_ENTITY_DEFS[entity];
  const t = TEXT[lang];
  const labels = lang === 'en' ? en.enums : zhCN.enums;
  const header = def.catalog.columns.map((c) => `${def.required.includes(c.field) ? '*' : ''}${c.header[lang]}`);
  const example = def.catalog.columns.map((c) => def.example[lang][c.field] ?? '');
  const notes: string[][] = [[t.hint], entity === 'customers' ? [t.ownerHint] : [t.refHint], [], [t.column, t.required, t.values]];
  for (const c of def.catalog.columns) {
    const group = ENUM_GROUPS[c.field];
    const values = group ? Object.values(labels[group] as Record<string, string>).join(lang === 'en' ? ', ' : '、') : '';
    notes.push([c.header[lang], def.required.includes(c.field) ? t.yes : '', values]);
  }
  const wb = XLSX.utils.book_new();
  XLSX.utils.book_append_sheet(wb, XLSX.utils.aoa_to_sheet([header, example]), t.data);
  XLSX.utils.book_append_sheet(wb, XLSX.utils.aoa_to_sheet(notes), t.notes);
  const data = (XLSX.write(wb, { type: 'buffer', bookType: 'xlsx', compression: true }) as Buffer).toString('base64');
  const names = { customers: ['customers', '客户'], contacts: ['contacts', '联系人'], followups: ['follow-ups', '跟进记录'] }[entity];
  return { fileName: lang === 'en' ? `${names[0]}-import-template.xlsx` : `${names[1]}导入模板.xlsx`, data };
}
