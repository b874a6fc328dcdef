import { crc32, deflateRawSync } from 'node:zlib';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import * as XLSX from 'xlsx';
import { parseSpreadsheet, type ParseMessage } from '../../server/modules/imports/parse-spreadsheet.mjs';
import { openXlsx, XlsxUnsupportedError, type XlsxCellValue } from '../../server/modules/imports/xlsx-reader.mjs';

// The fast reader must hand over exactly what the SheetJS path of the parse worker does, so
// every test reads the same file both ways and compares.

type Cells = unknown[][];
const WRITE_OPTIONS = [
  { bookSST: false, compression: false },
  { bookSST: false, compression: true },
  { bookSST: true, compression: false },
  { bookSST: true, compression: true },
];

function workbook(sheets: [string, XLSX.WorkSheet][], props?: object): XLSX.WorkBook {
  const wb = XLSX.utils.book_new();
  for (const [name, ws] of sheets) XLSX.utils.book_append_sheet(wb, ws, name);
  if (props) wb.Workbook = { ...wb.Workbook, WBProps: props };
  return wb;
}

function write(wb: XLSX.WorkBook, opts: XLSX.WritingOptions = {}): Buffer {
  return XLSX.write(wb, { type: 'buffer', bookType: 'xlsx', ...opts });
}

function messages(bytes: Uint8Array, fast: boolean, maxRows: number): ParseMessage[] {
  const out: ParseMessage[] = [];
  parseSpreadsheet({ bytes, maxRows }, (m) => out.push(m), { fast });
  return out;
}

const rowCountless = (ms: ParseMessage[]) => ms.map((m) => (m.kind === 'sheet' ? { ...m, rowCount: -1 } : m));

// What the worker posts, both ways: equal whether or not the fast reader kept the file.
function expectSameMessages(bytes: Uint8Array, maxRows = 1000) {
  const sheetjs = messages(bytes, false, maxRows);
  const fast = messages(bytes, true, maxRows);
  expect(rowCountless(fast)).toStrictEqual(rowCountless(sheetjs));
  return { sheetjs, fast };
}

// The fast reader alone (no fallback), as dense rows with [] for rows missing from the file.
function readFast(bytes: Uint8Array, maxRows = 1000) {
  const book = openXlsx(bytes, { maxRows });
  expect(book, 'the fast reader declined the file').not.toBeNull();
  return book!.sheetNames.map((_, i) => {
    const sheet = book!.sheet(i);
    const rows: XlsxCellValue[][] = [];
    for (const [r, row] of sheet.rows()) {
      while (rows.length < r) rows.push([]);
      rows.push(row);
    }
    return { name: sheet.name, merges: sheet.merges, rowCount: sheet.rowCount, rows };
  });
}

function sheetjsSheets(ms: ParseMessage[]) {
  const out: { name: string; merges: unknown; rowCount: number; rows: unknown[][] }[] = [];
  for (const m of ms) {
    if (m.kind === 'sheet') out.push({ name: m.name, merges: m.merges, rowCount: m.rowCount, rows: [] });
    else if (m.kind === 'rows') out[m.sheet]!.rows.push(...m.rows);
  }
  return out;
}

// The file read by the fast reader itself, equal to SheetJS; and equal through the worker's flow.
function expectFastSame(bytes: Uint8Array, maxRows = 1000) {
  const { sheetjs } = expectSameMessages(bytes, maxRows);
  expect(sheetjs.at(-1)).toStrictEqual({ kind: 'done' });
  const fast = readFast(bytes, maxRows).map((s) => ({ ...s, rowCount: -1 }));
  expect(fast).toStrictEqual(sheetjsSheets(sheetjs).map((s) => ({ ...s, rowCount: -1 })));
  return sheetjsSheets(sheetjs);
}

function expectEveryWay(wb: XLSX.WorkBook, maxRows = 1000) {
  for (const opts of WRITE_OPTIONS) expectFastSame(write(wb, opts), maxRows);
}

// A zip of our own, to hand-craft parts SheetJS would not write.
function zip(files: [string, string | Buffer][], compress = true): Buffer {
  const parts: Buffer[] = [];
  const central: Buffer[] = [];
  let offset = 0;
  for (const [name, content] of files) {
    const data = typeof content === 'string' ? Buffer.from(content, 'utf8') : content;
    const packed = compress ? deflateRawSync(data) : data;
    const n = Buffer.from(name, 'utf8');
    const head = Buffer.alloc(30);
    head.writeUInt32LE(0x04034b50, 0);
    head.writeUInt16LE(20, 4);
    head.writeUInt16LE(compress ? 8 : 0, 8);
    head.writeUInt32LE(crc32(data), 14);
    head.writeUInt32LE(packed.length, 18);
    head.writeUInt32LE(data.length, 22);
    head.writeUInt16LE(n.length, 26);
    const dir = Buffer.alloc(46);
    dir.writeUInt32LE(0x02014b50, 0);
    dir.writeUInt16LE(20, 4);
    dir.writeUInt16LE(20, 6);
    dir.writeUInt16LE(compress ? 8 : 0, 10);
    dir.writeUInt32LE(crc32(data), 16);
    dir.writeUInt32LE(packed.length, 20);
    dir.writeUInt32LE(data.length, 24);
    dir.writeUInt16LE(n.length, 28);
    dir.writeUInt32LE(offset, 42);
    parts.push(head, n, packed);
    central.push(dir, n);
    offset += 30 + n.length + packed.length;
  }
  const cd = Buffer.concat(central);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(files.length, 8);
  end.writeUInt16LE(files.length, 10);
  end.writeUInt32LE(cd.length, 12);
  end.writeUInt32LE(offset, 16);
  return Buffer.concat([...parts, cd, end]);
}

function unzip(buf: Buffer): [string, string][] {
  const cfb = XLSX.CFB.read(buf, { type: 'buffer' });
  const out: [string, string][] = [];
  cfb.FileIndex.forEach((f: { type: number; content: Buffer }, i: number) => {
    const name = String(cfb.FullPaths[i]).replace(/^Root Entry\//, '');
    if (f.type === 2 && name !== 'Sh33tJ5') out.push([name, Buffer.from(f.content).toString('utf8')]);
  });
  return out;
}

// An .xlsx written by SheetJS with some parts rewritten (or added).
function patched(buf: Buffer, patches: Record<string, (xml: string) => string>, compress = true): Buffer {
  const files = unzip(buf);
  for (const [name, patch] of Object.entries(patches)) {
    const f = files.find(([n]) => n === name);
    if (f) f[1] = patch(f[1]);
    else files.push([name, patch('')]);
  }
  return zip(files, compress);
}

const SHEET = 'xl/worksheets/sheet1.xml';
const withSheetData = (data: string) => (xml: string) => xml.replace(/<sheetData>.*<\/sheetData>|<sheetData\/>/s, `<sheetData>${data}</sheetData>`);

describe('fast .xlsx reader against SheetJS', () => {
  it('reads text the way SheetJS does, shared or inline', () => {
    const texts = ['客户名称', ' 前后空格 ', '  ', 'a & b < c > d " e \' f', 'line1\nline2', 'crlf\r\nend', '_x000D_ literal', '_x0041_', 'tab\there', '😀 emoji', '00123', '=1+2', '&amp;', 'x'.repeat(300)];
    const ws = XLSX.utils.aoa_to_sheet([texts, texts.map((t) => t.toUpperCase())]);
    expectEveryWay(workbook([['文本', ws]]));
  });

  it('reads numbers, booleans and errors', () => {
    const ws = XLSX.utils.aoa_to_sheet([[0, 1, -1, 1.5, 13800138000, -0.000123, 1e21, 1e-7, 123456789012345680, 2 ** 53 + 2, true, false]]);
    ws['M1'] = { t: 'e', v: 0x07 };
    ws['O1'] = { t: 'e', v: 0x2a };
    ws['!ref'] = 'A1:O1';
    expectEveryWay(workbook([['数', ws]]));
  });

  it('hands over date-formatted cells as SheetJS does (serial numbers: the worker sets no cellNF)', () => {
    const ws = XLSX.utils.aoa_to_sheet([[new Date(Date.UTC(2024, 0, 15)), 45000]], { cellDates: true });
    ws['C1'] = { t: 'n', v: 45000.5, z: 'yyyy-mm-dd' };
    ws['D1'] = { t: 'n', v: 46027, z: XLSX.SSF.get_table()[14] };
    ws['E1'] = { t: 'n', v: 46027, z: 'yyyy"年"m"月"d"日"' };
    ws['!ref'] = 'A1:E1';
    expectEveryWay(workbook([['日期', ws]]));
    const rows = expectFastSame(write(workbook([['日期', ws]])))[0]!.rows;
    expect(rows[0]).toStrictEqual([45306, 45000, 45000.5, 46027, 46027]);
  });

  it('takes the cached value of a formula and never evaluates it', () => {
    const ws = XLSX.utils.aoa_to_sheet([[1, 2]]);
    ws['C1'] = { t: 'n', f: '1+2', v: 3 };
    ws['D1'] = { t: 'n', f: 'A1+B1', v: 99 };
    ws['E1'] = { t: 's', f: '"a"&"b"', v: 'ab' };
    // Without a cached value SheetJS writes an error cell: blank, but the row reaches it.
    ws['F1'] = { t: 'n', f: '1+2' };
    ws['!ref'] = 'A1:F1';
    const rows = expectFastSame(write(workbook([['公式', ws]])))[0]!.rows;
    expect(rows[0]).toStrictEqual([1, 2, 3, 99, 'ab', null]);
    expectEveryWay(workbook([['公式', ws]]));
  });

  it('keeps blank rows, sparse cells, a missing first row and merges', () => {
    const ws: XLSX.WorkSheet = { '!ref': 'A3:H40' };
    ws['C3'] = { t: 's', v: '标题' };
    ws['A5'] = { t: 'n', v: 1 };
    ws['H5'] = { t: 's', v: '远' };
    ws['B9'] = { t: 'b', v: true };
    ws['E40'] = { t: 'n', v: 40 };
    ws['!merges'] = [XLSX.utils.decode_range('C3:F3'), XLSX.utils.decode_range('A5:A8')];
    const sheets = expectFastSame(write(workbook([['稀疏', ws]])));
    expect(sheets[0]!.rows.slice(0, 5)).toStrictEqual([[], [], [null, null, '标题'], [], [1, null, null, null, null, null, null, '远']]);
    expect(sheets[0]!.merges).toStrictEqual([
      { s: { r: 2, c: 2 }, e: { r: 2, c: 5 } },
      { s: { r: 4, c: 0 }, e: { r: 7, c: 0 } },
    ]);
    expectEveryWay(workbook([['稀疏', ws]]));
  });

  it('reads several sheets, names in Chinese and with markup characters', () => {
    const wb = workbook([
      ['客户', XLSX.utils.aoa_to_sheet([['名称', '电话'], ['甲公司', 13800138000]])],
      ['销售&市场', XLSX.utils.aoa_to_sheet([['x']])],
      ["联系人 'A' 表", XLSX.utils.aoa_to_sheet([])],
      ['空', XLSX.utils.aoa_to_sheet([[null], [null, '第二行']])],
    ]);
    expectEveryWay(wb);
    expect(readFast(write(wb)).map((s) => s.name)).toStrictEqual(['客户', '销售&市场', "联系人 'A' 表", '空']);
  });

  it('stops after maxRows + 50 rows, as sheetRows does', () => {
    const ws = XLSX.utils.aoa_to_sheet(Array.from({ length: 200 }, (_, i) => [i, `r${i}`]));
    const sheets = expectFastSame(write(workbook([['多', ws]])), 10);
    expect(sheets[0]!.rows).toHaveLength(60);
    expectEveryWay(workbook([['多', ws]]), 10);
  });

  it('gives rowCount as SheetJS does for a sheet whose last row holds values', () => {
    const ws = XLSX.utils.aoa_to_sheet([['a'], [], [1]]);
    for (const opts of WRITE_OPTIONS) {
      const { fast, sheetjs } = expectSameMessages(write(workbook([['s', ws]]), opts));
      expect(fast[0]).toStrictEqual(sheetjs[0]);
      expect(sheetjs[0]).toMatchObject({ kind: 'sheet', rowCount: 3 });
    }
  });

  it('streams slices of 2000 rows with [] for rows missing from the file', () => {
    const ws: XLSX.WorkSheet = { '!ref': 'A1:B4500' };
    for (let r = 0; r < 4500; r += 3) ws[XLSX.utils.encode_cell({ r, c: r % 2 })] = { t: 'n', v: r };
    const { fast } = expectSameMessages(write(workbook([['s', ws]]), { compression: true }), 10000);
    expect(fast.map((m) => (m.kind === 'rows' ? m.rows.length : m.kind))).toStrictEqual(['sheet', 2000, 2000, 498, 'done']);
    expectFastSame(write(workbook([['s', ws]])), 10000);
  });

  it('property: random small sheets read the same both ways', () => {
    const piece = fc.constantFrom('a', '客', ' ', '&', '<', '>', '"', "'", '\n', '\r\n', '\t', '_x000D_', '_x', '&amp;', '😀', '\u0001', 'é', '0', '1.5');
    const text = fc.array(piece, { maxLength: 6 }).map((a) => a.join(''));
    const cell = fc.oneof(
      fc.constant(null),
      text.map((v) => ({ t: 's', v })),
      fc.integer({ min: -1e12, max: 1e12 }).map((v) => ({ t: 'n', v })),
      fc.double({ noNaN: true, noDefaultInfinity: true }).map((v) => ({ t: 'n', v })),
      fc.boolean().map((v) => ({ t: 'b', v })),
      fc.integer({ min: 1, max: 80000 }).map((v) => ({ t: 'n', v, z: 'yyyy-mm-dd' })),
      fc.constantFrom(0x07, 0x2a, 0x0f).map((v) => ({ t: 'e', v })),
      fc.integer({ min: 0, max: 99 }).map((v) => ({ t: 'n', f: `${v}+1`, v: v + 1 })),
    );
    const sheet = fc.array(fc.array(cell, { maxLength: 6 }), { maxLength: 8 });
    fc.assert(
      fc.property(fc.array(sheet, { minLength: 1, maxLength: 3 }), fc.boolean(), fc.boolean(), (sheets, bookSST, compression) => {
        const wb = workbook(
          sheets.map((rows, i) => {
            const ws: XLSX.WorkSheet = {};
            let maxC = 0;
            rows.forEach((row, r) =>
              row.forEach((c, col) => {
                if (c) ws[XLSX.utils.encode_cell({ r, c: col })] = { ...c };
                maxC = Math.max(maxC, col);
              }),
            );
            if (rows.length > 0) ws['!ref'] = XLSX.utils.encode_range({ s: { r: 0, c: 0 }, e: { r: rows.length - 1, c: maxC } });
            return [`表${i}`, ws];
          }),
        );
        expectFastSame(write(wb, { bookSST, compression }));
      }),
      { numRuns: 150 },
    );
  });
});

describe('hand-crafted parts', () => {
  const base = (cells: Cells = [['x']]) => write(workbook([['s', XLSX.utils.aoa_to_sheet(cells)]]), { bookSST: true });

  it('joins rich-text runs and leaves phonetic runs out, in shared and inline strings', () => {
    const sst =
      '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" count="5" uniqueCount="5">' +
      '<si><r><t>東</t></r><r><rPr><b/><sz val="11"/><rFont val="宋体"/></rPr><t xml:space="preserve">京 都</t></r><rPh sb="0" eb="1"><t>トウキョウ</t></rPh><phoneticPr fontId="1"/></si>' +
      '<si><t>大阪</t><rPh sb="0" eb="2"><t>オオサカ</t></rPh><phoneticPr fontId="1"/></si>' +
      '<si>\n  <t>a &amp;lt; &#20013;&#x6587; &#X41; _x0042_ &#x1F600; crlf\r\nend</t>\n</si>' +
      '<si><t><![CDATA[<cdata> & more]]></t></si>' +
      '<si><r><t>only</t></r><r><t/></r><r><t xml:space="preserve"> runs</t></r></si>' +
      '<si/>' +
      '</sst>';
    const data =
      '<row r="1">' +
      [0, 1, 2, 3, 4].map((i) => `<c r="${'ABCDE'[i]}1" t="s"><v>${i}</v></c>`).join('') +
      '<c r="F1" t="inlineStr"><is><r><t>行</t></r><r><rPr><i/></rPr><t>内</t></r><rPh sb="0" eb="1"><t>ぎょう</t></rPh></is></c>' +
      '<c r="G1" t="inlineStr"><is><t>a &amp;lt; &#20013; _x0041_</t></is></c>' +
      '<c r="H1" t="str"><v>a &amp;lt; &#20013; _x0041_ 中文</v></c>' +
      '<c r="I1" t="inlineStr"><is></is></c><c r="J1" t="inlineStr"/><c r="K1" t="str"/><c r="L1" t="b"/><c r="M1" t="e"/>' +
      '<c r="N1"><v></v></c><c r="O1" t="s"/><c r="P1" s="1"/><c r="Q1" t="b"><v>true</v></c><c r="R1" t="b"><v>yes</v></c><c r="S1" t="n"><v> 1.5e3 </v></c>' +
      '</row>';
    const buf = patched(base(), { 'xl/sharedStrings.xml': () => sst, [SHEET]: withSheetData(data) });
    const rows = expectFastSame(buf)[0]!.rows;
    expect(rows[0]!.slice(0, 2)).toStrictEqual(['東京 都', '大阪']);
    expect(rows[0]!.slice(5, 6)).toStrictEqual(['行内']);
    expect(rows[0]!.slice(11)).toStrictEqual([false, null, null, null, null, true, false, 1500]);
  });

  it('reads rows and cells without r, self-closing ones, and columns out of order', () => {
    const data =
      '<row><c t="inlineStr"><is><t>a</t></is></c><c><v>1</v></c><c r="E1"><v>5</v></c><c><v>6</v></c><c r="B1"><v>2</v></c></row>' +
      '<row/>' +
      '<row spans="1:3" x14ac:dyDescent="0.25">\n  <c r="C2" s="1"/>\n  <c r="D2"><f>1+1</f><v>2</v></c>\n</row>' +
      '<row r="4" ht="20" customHeight="1"/>' +
      '<row r="6"><c r="A6" t="n"><v>6</v></c></row>' +
      '<row r="7"></row>';
    const buf = patched(base(), { [SHEET]: withSheetData(data) });
    const sheets = expectFastSame(buf);
    expect(sheets[0]!.rows).toStrictEqual([['a', 2, null, null, 5, 6], [null, null, null, 2], [], [], [], [6]]);
  });

  it('gives cells under a hyperlink an empty stub, as SheetJS does', () => {
    const links = '<hyperlinks><hyperlink ref="D1" display="x"/><hyperlink ref="B6:C7" location="Sheet1!A1"/><hyperlink ref="A3"/></hyperlinks>';
    const buf = patched(base([['a'], [], ['c', 'd']]), { [SHEET]: (x) => x.replace('</sheetData>', `</sheetData>${links}`) });
    const rows = expectFastSame(buf)[0]!.rows;
    expect(rows).toStrictEqual([['a', null, null, null], [], ['c', 'd'], [], [], [null, null, null], [null, null, null]]);
  });

  it('declines x:-prefixed and strict sheets, and SheetJS reads them instead', () => {
    const prefixed = patched(base([['a', 1]]), {
      [SHEET]: (x) => x.replace(/<(\/?)(?!\?)([A-Za-z]+)/g, '<$1x:$2').replace('xmlns="', 'xmlns:x="'),
    });
    expect(unzip(prefixed).find(([n]) => n === SHEET)![1]).toContain('<x:row r="1"><x:c r="A1"');
    expect(openXlsx(prefixed, { maxRows: 100 })).toBeNull();
    expect(sheetjsSheets(expectSameMessages(prefixed).sheetjs)[0]!.rows).toStrictEqual([['a', 1]]);

    const strict = patched(base(), { [SHEET]: (x) => x.replace('http://schemas.openxmlformats.org/spreadsheetml/2006/main', 'http://purl.oclc.org/ooxml/spreadsheetml/main') });
    expect(openXlsx(strict, { maxRows: 100 })).toBeNull();
    expectSameMessages(strict);
  });

  it('declines .xlsb, .ods, comments and non-zip input', () => {
    const ws = XLSX.utils.aoa_to_sheet([['a', 1]]);
    const wb = workbook([['s', ws]]);
    for (const bookType of ['xlsb', 'ods'] as const) {
      const buf = write(wb, { bookType });
      expect(openXlsx(buf, { maxRows: 100 })).toBeNull();
      expectSameMessages(buf);
    }
    const commented = XLSX.utils.aoa_to_sheet([['a', 1]]);
    commented['A1']!.c = [{ a: 'me', t: '备注' }];
    commented['C5'] = { t: 'z', c: [{ a: 'me', t: 'on an empty cell' }] };
    commented['!ref'] = 'A1:C5';
    const withComments = write(workbook([['s', commented]]));
    expect(openXlsx(withComments, { maxRows: 100 })).toBeNull();
    expectSameMessages(withComments);
    expect(() => openXlsx(Buffer.from('not a zip'), { maxRows: 100 })).not.toThrow();
    expect(openXlsx(Buffer.from('not a zip'), { maxRows: 100 })).toBeNull();
  });

  it('falls back part way through a sheet and SheetJS carries on from the first row not sent', () => {
    const rows = Array.from({ length: 5000 }, (_, i) => [i, `r${i}`]);
    // A t="d" cell (ISO date text) needs SheetJS's own date parsing.
    const buf = patched(base(rows), { [SHEET]: (x) => x.replace('<c r="A4500">', '<c r="A4500" t="d">').replace(/(<c r="A4500" t="d"><v>)\d+/, '$12024-01-15') });
    const book = openXlsx(buf, { maxRows: 10000 })!;
    const seen: number[] = [];
    expect(() => {
      for (const [r] of book.sheet(0).rows()) seen.push(r);
    }).toThrow(XlsxUnsupportedError);
    // Rows come out while the sheet is being scanned: everything before the odd cell.
    expect(seen).toHaveLength(4499);
    const { fast } = expectSameMessages(buf, 10000);
    expect(fast.filter((m) => m.kind === 'sheet')).toHaveLength(1);
  });

  it('reads shared strings as rows ask for them, and hands a late item it cannot take to SheetJS', () => {
    const rows = Array.from({ length: 5000 }, (_, i) => [`r${i}`]);
    // An item with attributes: SheetJS reads it, the fast reader does not.
    const buf = patched(base(rows), { 'xl/sharedStrings.xml': (x) => x.replace('<si><t>r4500</t></si>', '<si foo="1"><t>r4500</t></si>') });
    const book = openXlsx(buf, { maxRows: 10000 })!;
    expect(book, 'the table is opened without reading every item').not.toBeNull();
    const seen: unknown[] = [];
    expect(() => {
      for (const [, row] of book.sheet(0).rows()) seen.push(row[0]);
    }).toThrow(XlsxUnsupportedError);
    expect(seen).toHaveLength(4500);
    expect(seen.at(-1)).toBe('r4499');
    // Through the worker's flow the rows are SheetJS's, all 5,000 of them (SheetJS makes
    // nothing of that item either).
    const { fast } = expectSameMessages(buf, 10000);
    const sent = fast.flatMap((m) => (m.kind === 'rows' ? m.rows : []));
    expect(sent).toHaveLength(5000);
    expect([sent[4499]![0], sent[4500]![0], sent[4501]![0]]).toStrictEqual(['r4499', null, 'r4501']);
  });

  it('fails rather than send wrong rows when a later cell belongs to a row already sent', () => {
    const rows = Array.from({ length: 4500 }, (_, i) => [i]);
    const buf = patched(base(rows), { [SHEET]: (x) => x.replace('<c r="A4400">', '<c r="A10">') });
    const fast = messages(buf, true, 10000);
    expect(fast.at(-1)).toMatchObject({ kind: 'failed' });
    // Before anything is sent, the same oddity simply goes to SheetJS.
    const early = patched(base(rows.slice(0, 100)), { [SHEET]: (x) => x.replace('<c r="A50">', '<c r="A10">') });
    expectSameMessages(early);
  });

  it('goes to SheetJS for rows out of order, and for t="d" workbooks', () => {
    const buf = patched(base([[1], [2], [3]]), { [SHEET]: (x) => x.replace('<row r="2"><c r="A2"', '<row r="5"><c r="A5"').replace('<row r="3"><c r="A3"', '<row r="4"><c r="A4"') });
    expect(() => [...openXlsx(buf, { maxRows: 100 })!.sheet(0).rows()]).toThrow(XlsxUnsupportedError);
    expectSameMessages(buf);
    const dated = write(workbook([['d', XLSX.utils.aoa_to_sheet([[new Date(Date.UTC(2024, 0, 15, 8))]], { cellDates: true })]]), { cellDates: true });
    expectSameMessages(dated);
  });
});
