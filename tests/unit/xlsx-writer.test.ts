import fc from 'fast-check';
import * as XLSX from 'xlsx';
import { describe, expect, it } from 'vitest';
import { createXlsxWriter } from '../../server/modules/exports/xlsx-writer.mjs';

type Cell = string | number | null;

async function written(header: string[], rows: Cell[][], sheetName = '客户'): Promise<XLSX.WorkBook> {
  const w = createXlsxWriter(header, sheetName);
  for (let i = 0; i < rows.length; i += 3) w.add(rows.slice(i, i + 3));
  return XLSX.read(await w.finish(), { type: 'buffer', dense: true, cellFormula: true });
}

const cellsOf = (wb: XLSX.WorkBook) => XLSX.utils.sheet_to_json<Cell[]>(wb.Sheets[wb.SheetNames[0]!]!, { header: 1, raw: true, defval: null, blankrows: true });

describe('streaming .xlsx writer', () => {
  it('writes what SheetJS reads back cell for cell, text that looks like markup or escapes included', async () => {
    const text = fc.string({ unit: fc.constantFrom('a', '客', ' ', '\n', '&', '<', '>', '"', "'", '_x0041_', '_', '\u0001', '\u001f', '\t', '=', 'Ａ', '😀'), maxLength: 10 });
    const cell = fc.oneof(text, fc.integer({ min: -1e12, max: 1e12 }), fc.double({ noNaN: true, noDefaultInfinity: true, min: -1e9, max: 1e9 }));
    await fc.assert(
      fc.asyncProperty(fc.array(fc.array(cell, { minLength: 3, maxLength: 3 }), { minLength: 1, maxLength: 8 }), async (rows) => {
        const wb = await written(['甲', 'B', 'c'], rows);
        // SheetJS reads an empty string as no cell: compare with empties as null, and a row of
        // nothing but empties (still there, in its place) as an empty row.
        const want = [['甲', 'B', 'c'], ...rows.map((r) => (r.every((v) => v === '') ? [] : r.map((v) => (v === '' ? null : Object.is(v, -0) ? 0 : v))))];
        expect(cellsOf(wb)).toEqual(want);
      }),
      { numRuns: 200 },
    );
  });

  it('keeps a formula-looking text as text and names the sheet', async () => {
    const wb = await written(['名称'], [["'=1+2"], ['=HYPERLINK("x")']], '客户列表');
    expect(wb.SheetNames).toEqual(['客户列表']);
    const data = wb.Sheets['客户列表']!['!data'] as XLSX.CellObject[][];
    expect(data[2]![0]).toMatchObject({ t: 's', v: '=HYPERLINK("x")' });
    expect(data[2]![0]!.f).toBeUndefined();
  });

  it('writes 20,000 rows into one compressed file', async () => {
    const rows = Array.from({ length: 20_000 }, (_, i) => [`客户${i}`, i, i % 7 ? `备注 ${i}` : null]);
    const w = createXlsxWriter(['客户', '序号', '备注'], 'S');
    for (let i = 0; i < rows.length; i += 1000) w.add(rows.slice(i, i + 1000));
    const file = await w.finish();
    expect(file.length).toBeLessThan(600_000);
    const back = cellsOf(XLSX.read(file, { type: 'buffer', dense: true }));
    expect(back.length).toBe(20_001);
    expect(back[20_000]).toEqual(['客户19999', 19999, null]);
    expect(back[19_999]).toEqual(['客户19998', 19998, '备注 19998']);
    expect(back[8]).toEqual(['客户7', 7, null]);
  });
});
