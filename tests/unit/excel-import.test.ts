import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  cellText,
  customerCatalog,
  dataRowIndexes,
  detectHeader,
  headerSetKey,
  InFileDuplicates,
  inFileDuplicates,
  labelKey,
  matchHeader,
  nameKey,
  neutraliseCell,
  parseDate,
  validateRows,
  type RawCell,
} from '../../src/shared/excel';

const VALID_CODE = '91440300708461136T';

describe('value cleaning', () => {
  it.each<[RawCell, string | null]>([
    [46027, '2026-01-05'],
    ['46027', '2026-01-05'],
    ['2026/1/5', '2026-01-05'],
    ['2026-01-05', '2026-01-05'],
    ['2026.01.05', '2026-01-05'],
    ['2026年1月5日', '2026-01-05'],
    ['２０２６年１月５日', '2026-01-05'],
    ['20260105', '2026-01-05'],
    ['2026-01-05 08:30', '2026-01-05'],
    [new Date(2026, 0, 5), '2026-01-05'],
    ['2026-02-30', null],
    ['明天', null],
    ['', null],
  ])('date %s -> %s', (raw, expected) => {
    expect(parseDate(raw)).toBe(expected);
  });

  it('cleans any text exactly as the full set of replacements would, fast path or not', () => {
    const full = (v: string) =>
      v
        .replace(/[\uFF01-\uFF5E]/g, (c) => String.fromCharCode(c.charCodeAt(0) - 0xfee0))
        .replace(/\u3000/g, ' ')
        .replace(/[\u00a0\u2000-\u200b\u202f\u205f\ufeff]/g, ' ')
        .replace(/[ \t]+/g, ' ')
        .trim();
    const chars = fc.constantFrom('a', '客', ' ', '  ', '\t', '\n', '\r', '\u3000', '\u00a0', '\u200b', '\u2028', '\u1680', '\ufeff', 'Ａ', '１', '，', '\v');
    fc.assert(fc.property(fc.array(chars, { maxLength: 12 }), (parts) => {
          expect(cellText(parts.join(''))).toBe(full(parts.join('')));
        }), { numRuns: 3000 });
  });

  it('keeps every digit of numbers and cleans text', () => {
    expect(cellText(13800138000)).toBe('13800138000');
    expect(cellText(123456789012345680)).toMatch(/^\d{18}$/);
    expect(cellText('  上海\u00a0 星辰　科技  ')).toBe('上海 星辰 科技');
    expect(cellText('ＡＢＣ（上海）')).toBe('ABC(上海)');
  });

  it('neutralises cells a spreadsheet would run as formulas', () => {
    for (const s of ['=1+2', '+86', '-1', '@SUM(A1)', '\tx', '\rx']) expect(neutraliseCell(s)).toBe(`'${s}`);
    expect(neutraliseCell('上海=1')).toBe('上海=1');
  });
});

describe('header detection', () => {
  it.each([
    ['客户名称', 'customer.name'],
    ['公司名称', 'customer.name'],
    ['单位名称', 'customer.name'],
    ['企业名称', 'customer.name'],
    ['*客户名称', 'customer.name'],
    ['客户名称（必填）', 'customer.name'],
    ['Company Name', 'customer.name'],
    ['手机', 'contact.mobile'],
    ['手机号', 'contact.mobile'],
    ['手机号码', 'contact.mobile'],
    ['联系电话', 'contact.mobile'],
    ['统一社会信用代码', 'customer.creditCode'],
    ['信用代码', 'customer.creditCode'],
    ['税号', 'customer.creditCode'],
    ['E-mail', 'contact.email'],
    ['客户等级', 'customer.level'],
  ])('%s -> %s', (header, field) => {
    expect(matchHeader(customerCatalog, header)?.field).toBe(field);
  });

  it('ignores headers that name object internals', () => {
    for (const h of ['__proto__', 'constructor', 'toString', 'hasOwnProperty']) expect(matchHeader(customerCatalog, h)).toBeNull();
  });

  it('skips title and note rows, handles a grouped header with merged cells and stops at totals', () => {
    const rows: RawCell[][] = [
      ['2025 年华东区客户名单'],
      ['说明：带 * 为必填，手机请填 11 位'],
      [],
      ['*客户名称', '客户级别', '联系人', null, '备注'],
      [null, null, '姓名', '电话', null],
      ['上海星辰科技有限公司', 'A类', '张三', '021-12345678', 'x'],
      [],
      ['杭州云帆贸易有限公司', '重点客户', '李四', '0571-87654321', null],
      ['合计', null, null, null, null],
      ['不应读到的公司', 'B', '王五', null, null],
    ];
    const merges = [
      { s: { r: 0, c: 0 }, e: { r: 0, c: 4 } },
      { s: { r: 3, c: 0 }, e: { r: 4, c: 0 } },
      { s: { r: 3, c: 1 }, e: { r: 4, c: 1 } },
      { s: { r: 3, c: 2 }, e: { r: 3, c: 3 } },
      { s: { r: 3, c: 4 }, e: { r: 4, c: 4 } },
    ];
    const h = detectHeader(customerCatalog, rows, merges)!;
    expect(h.headerRow).toBe(4);
    expect(h.columns.map((c) => c.field)).toEqual(['customer.name', 'customer.level', 'contact.name', 'contact.mobile', 'customer.remarks']);
    expect(dataRowIndexes(rows, h.headerRow)).toEqual([5, 7]);
  });

  it('does not take a customer called "Total …" for a totals row', () => {
    const rows: RawCell[][] = [['Company', 'Mobile'], ['Total Solutions Ltd', '13800138000'], ['Total: 1', null]];
    const h = detectHeader(customerCatalog, rows)!;
    expect(dataRowIndexes(rows, h.headerRow)).toEqual([1]);
  });

  it('finds nothing in a sheet without a header', () => {
    expect(detectHeader(customerCatalog, [['a', 'b'], [1, 2]])).toBeNull();
  });
});

describe('header detection with saved templates', () => {
  // Headers the synonym catalog does not know: only a saved template can name them.
  const custom: RawCell[][] = [
    ['2026 年 3 月 展会名单'],
    [],
    ['签约主体', '手机号码1', '对接人', null],
    ['上海星辰科技有限公司', '13800138000', '张三', null],
    ['杭州云帆贸易有限公司', '13900139000', '李四', null],
  ];
  const template = ['签约主体', '手机号码1', '对接人'].map(labelKey);

  it('refuses a row of unknown headers without a template', () => {
    expect(detectHeader(customerCatalog, custom)).toBeNull();
    expect(detectHeader(customerCatalog, custom, undefined, [])).toBeNull();
  });

  it("takes the row whose headers are exactly a template's, below title rows", () => {
    const other = ['客户', '电话'].map(labelKey);
    const h = detectHeader(customerCatalog, custom, undefined, [other, template])!;
    expect(h).toMatchObject({ headerRow: 2, known: 1 });
    expect(h.columns.map((c) => [c.col, c.header, c.field])).toEqual([
      [0, '签约主体', null],
      [1, '手机号码1', null],
      [2, '对接人', null],
    ]);
    expect(dataRowIndexes(custom, h.headerRow)).toEqual([3, 4]);
  });

  it('compares headers as a set of labels: order, case, width, brackets and repeats aside', () => {
    const rows: RawCell[][] = [['对接人 ', '（签约）主体', '手机号码１', '对接人'], ['x', 'y', 'z', 'w']];
    expect(detectHeader(customerCatalog, rows, undefined, [['签约主体', '手机号码1', '对接人']])).toMatchObject({ headerRow: 0, known: 0 });
    expect(headerSetKey(['B', 'a', 'A'])).toBe(headerSetKey(['a', 'b']));
  });

  it('wants the same set: a row with a header more or less is not the template', () => {
    const more: RawCell[][] = [['签约主体', '手机号码1', '对接人', '等级2'], ['x', 'y', 'z', 'w']];
    const fewer: RawCell[][] = [['签约主体', '手机号码1'], ['x', 'y']];
    expect(detectHeader(customerCatalog, more, undefined, [template])).toBeNull();
    expect(detectHeader(customerCatalog, fewer, undefined, [template])).toBeNull();
  });

  it('reads a grouped template header under its merged upper row', () => {
    const rows: RawCell[][] = [['签约主体', '对接', null], [null, '人员', '号码'], ['星辰', '张三', '13800138000']];
    const merges = [{ s: { r: 0, c: 0 }, e: { r: 1, c: 0 } }, { s: { r: 0, c: 1 }, e: { r: 0, c: 2 } }];
    expect(detectHeader(customerCatalog, rows, merges, [['签约主体', '人员', '号码']])).toMatchObject({ headerRow: 1, known: 0 });
  });

  it('looks no further than the rows a header can be in', () => {
    const rows: RawCell[][] = [...Array.from({ length: 30 }, (_, i) => [`说明 ${i}`]), ['签约主体', '手机号码1', '对接人']];
    expect(detectHeader(customerCatalog, rows, undefined, [template])).toBeNull();
  });

  it("keeps the catalog's reading when it names more columns than the template row", () => {
    // The upper row of a grouped header reads like a one-row template of the same headers.
    const rows: RawCell[][] = [
      ['*客户名称', '客户级别', '联系人', null, '备注'],
      [null, null, '姓名', '电话', null],
      ['上海星辰科技有限公司', 'A类', '张三', '021-12345678', 'x'],
    ];
    const merges = [
      { s: { r: 0, c: 0 }, e: { r: 1, c: 0 } },
      { s: { r: 0, c: 1 }, e: { r: 1, c: 1 } },
      { s: { r: 0, c: 2 }, e: { r: 0, c: 3 } },
      { s: { r: 0, c: 4 }, e: { r: 1, c: 4 } },
    ];
    const h = detectHeader(customerCatalog, rows, merges, [['*客户名称', '客户级别', '联系人', '备注']])!;
    expect(h.headerRow).toBe(1);
    expect(h.known).toBeUndefined();
    expect(h.columns.map((c) => c.field)).toEqual(['customer.name', 'customer.level', 'contact.name', 'contact.mobile', 'customer.remarks']);
  });
});

describe('row validation', () => {
  const header = ['客户名称', '信用代码', '级别', '状态', '联系人', '手机号码', '生日', '标签', '__proto__', 'constructor'];
  const rows: RawCell[][] = [
    header,
    ['上海星辰科技有限公司', VALID_CODE, 'A类（重要）', '重点客户', '张三', '+86 138-0013-8000', '1990年2月3日', '华东, VIP；老客户', 'x', 'y'],
    ['ＡＢＣ Trading', null, 'b', 'Key', '李四', 13900139000, 32874, null, null, null],
    ['', null, 'Z级', '很好', null, '12345', null, null, null, null],
    ['杭州云帆', 'NOT-A-CODE', null, null, '王五', null, '2026-02-30', null, null, null],
    ['abc trading', null, null, null, null, null, null, null, null, null],
    ['深圳某某', null, null, null, '赵六', '13800138000', null, null, null, null],
  ];
  const h = detectHeader(customerCatalog, rows)!;
  const result = validateRows(customerCatalog, rows, dataRowIndexes(rows, h.headerRow), h.columns);

  it('converts labels, mobiles, dates and lists', () => {
    expect(result.valid.map((v) => v.row)).toEqual([2, 3, 6, 7]);
    const [first, second] = result.valid;
    expect(first!.customer).toMatchObject({ name: '上海星辰科技有限公司', creditCode: VALID_CODE, level: 'A', status: 'key', tags: ['华东', 'VIP', '老客户'] });
    expect(first!.contact).toMatchObject({ name: '张三', mobile: '13800138000', birthday: '1990-02-03', isPrimary: true });
    expect(second!.customer).toMatchObject({ name: 'ABC Trading', level: 'B', status: 'key' });
    expect(second!.contact).toMatchObject({ mobile: '13900139000', birthday: '1990-01-01' });
    expect([...second!.provided].sort()).toEqual(['level', 'name', 'status']);
    expect(Object.getPrototypeOf(first!.customer)).toBe(Object.prototype);
    expect(({} as Record<string, unknown>).x).toBeUndefined();
  });

  it('reports every problem by row, column and reason', () => {
    expect(result.invalidRows).toEqual([4, 5]);
    expect(result.errors).toEqual(
      expect.arrayContaining([
        { row: 4, column: '级别', field: 'customer.level', reason: 'validation.enum' },
        { row: 4, column: '状态', field: 'customer.status', reason: 'validation.enum' },
        { row: 4, column: '客户名称', field: 'customer.name', reason: 'validation.required' },
        { row: 4, column: '手机号码', field: 'contact.mobile', reason: 'validation.mobile' },
        { row: 4, column: '联系人', field: 'contact.name', reason: 'validation.required' },
        { row: 5, column: '生日', field: 'contact.birthday', reason: 'validation.date' },
        { row: 5, column: '信用代码', field: 'customer.creditCode', reason: 'validation.creditCode' },
      ]),
    );
    expect(result.errors.filter((e) => e.row === 4)).toHaveLength(5);
  });

  it('finds rows repeating an earlier row by name (any width or case) or mobile', () => {
    expect([...inFileDuplicates(result.valid)]).toEqual([
      [6, 3],
      [7, 2],
    ]);
  });

  it('finds a repeat of a row imported thousands of rows and many batches before', () => {
    // A large file's keys are kept in many maps (InFileDuplicates): each must be asked.
    const rowAt = (i: number, over: { name?: string; code?: string | null; mobile?: string | null } = {}) => {
      const name = over.name ?? `客户${i}号有限公司`;
      return {
        ...result.valid[0]!,
        row: i,
        customer: { ...result.valid[0]!.customer, name, creditCode: over.code ?? null },
        contact: over.mobile ? { ...result.valid[0]!.contact!, mobile: over.mobile } : null,
        keys: { name: nameKey(name), phone: null, mobile: over.mobile ?? null },
      };
    };
    const seen = new InFileDuplicates();
    const first = Array.from({ length: 3000 }, (_, i) => rowAt(i + 2, { code: i % 3 === 0 ? `CODE${i}` : null, mobile: i % 3 === 1 ? `139${String(i).padStart(8, '0')}` : null }));
    for (let b = 0; b < first.length; b += 500) expect(seen.check(first.slice(b, b + 500)).size).toBe(0);
    const repeats = [
      rowAt(5000, { name: '客户1500号有限公司' }),
      rowAt(5001, { name: '另一家', code: 'CODE2997' }),
      rowAt(5002, { name: '又一家', mobile: '13900000001' }),
      rowAt(5003, { name: '全新客户' }),
    ];
    expect([...seen.check(repeats)]).toEqual([
      [5000, 1500],
      [5001, 2999],
      [5002, 3],
    ]);
  });
});
