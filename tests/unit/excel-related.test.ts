import { describe, expect, it } from 'vitest';
import { contactFieldsSchema } from '../../src/shared/domain/contact.schema';
import { followUpFieldsSchema } from '../../src/shared/domain/followup.schema';
import {
  contactCatalog,
  customerCatalog,
  dateTimeColumn,
  detectHeader,
  followUpCatalog,
  parseDateTime,
  validateRelatedRows,
  validateRows,
  type RawCell,
} from '../../src/shared/excel';

describe('date and time cells', () => {
  it.each<[RawCell, string | null]>([
    ['2026-01-05 14:30', '2026-01-05T14:30:00+08:00'],
    ['2026/1/5 9:05:10', '2026-01-05T09:05:10+08:00'],
    ['2026年1月5日', '2026-01-05T00:00:00+08:00'],
    [46027.5, '2026-01-05T12:00:00+08:00'],
    [46027, '2026-01-05T00:00:00+08:00'],
    ['2026-01-05 24:00', null],
    ['2026-02-30 10:00', null],
    ['下午三点', null],
  ])('%s -> %s', (v, want) => expect(parseDateTime(v)).toBe(want));

  it('writes a moment back as the wall clock the sheet was read in', () => {
    const col = dateTimeColumn('x', { 'zh-CN': 'x', en: 'x' }, []);
    expect(col.format('2026-01-05T06:30:00.000Z', 'zh-CN')).toBe('2026-01-05 14:30');
    expect(col.format('2026-01-05T16:00:00.000Z', 'en')).toBe('2026-01-06 00:00');
  });
});

describe('contact and follow-up sheets', () => {
  it('tells the customer column from the contact name column', () => {
    const h = detectHeader(contactCatalog, [['所属客户', '姓名', '手机号', '职位', '邮件']]);
    expect(h?.columns.map((c) => c.field)).toEqual(['customer.name', 'contact.name', 'contact.mobile', 'contact.title', 'contact.email']);
    const f = detectHeader(followUpCatalog, [['客户名称', '方式', '日期', '跟进记录', '联系人']]);
    expect(f?.columns.map((c) => c.field)).toEqual(['customer.name', 'followUp.type', 'followUp.at', 'followUp.content', 'followUp.contact']);
  });

  it('needs a customer reference and reports missing required cells as missing', () => {
    const rows: RawCell[][] = [
      ['客户名称', '统一社会信用代码', '跟进方式', '跟进时间', '跟进内容', '联系人'],
      ['甲公司', null, '拜访', '2026-01-05 10:00', '面谈', '张三'],
      [null, '91440300708461136t', null, '2026-01-05', '电话', null],
      [null, null, '电话', '2026-01-05', '无客户', null],
      ['乙公司', null, '飞鸽传书', null, null, null],
    ];
    const h = detectHeader(followUpCatalog, rows)!;
    const v = validateRelatedRows(followUpCatalog, rows, [1, 2, 3, 4], h.columns, 'followUp', followUpFieldsSchema, { type: 'other' });
    expect(v.valid.map((r) => [r.row, r.ref, r.fields.type, r.extra])).toEqual([
      [2, { name: '甲公司', creditCode: null }, 'visit', { 'followUp.contact': '张三' }],
      [3, { name: null, creditCode: '91440300708461136T' }, 'other', {}],
    ]);
    expect(v.invalidRows).toEqual([4, 5]);
    expect(v.errors).toEqual([
      { row: 4, column: '客户名称', field: 'customer.name', reason: 'validation.required' },
      { row: 5, column: '跟进方式', field: 'followUp.type', reason: 'validation.enum' },
      { row: 5, column: '跟进时间', field: 'followUp.at', reason: 'validation.required' },
      { row: 5, column: '跟进内容', field: 'followUp.content', reason: 'validation.required' },
    ]);
  });

  it('keeps contacts as the schema cleans them', () => {
    const rows: RawCell[][] = [['客户名称', '姓名', '手机', '邮箱'], ['甲', '张三', '+86 138-0013-8000', 'ZS@Example.COM']];
    const h = detectHeader(contactCatalog, rows)!;
    const v = validateRelatedRows(contactCatalog, rows, [1], h.columns, 'contact', contactFieldsSchema, { isPrimary: false });
    expect(v.valid[0]?.fields).toMatchObject({ name: '张三', mobile: '13800138000', email: 'zs@example.com', isPrimary: false });
  });
});

describe('owner column', () => {
  it('is read apart from the customer fields', () => {
    const rows: RawCell[][] = [['客户名称', '负责人', '级别'], ['甲公司', '张伟', 'A'], ['乙公司', null, null]];
    const h = detectHeader(customerCatalog, rows)!;
    const v = validateRows(customerCatalog, rows, [1, 2], h.columns);
    expect(v.valid.map((r) => [r.customer.name, r.owner, r.provided])).toEqual([
      ['甲公司', '张伟', ['name', 'level']],
      ['乙公司', null, ['name']],
    ]);
  });
});
