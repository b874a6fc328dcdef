import * as XLSX from 'xlsx';

type Cell = string | number | null | { f: string; v?: number } | { t: 'n'; v: number; z: string };

// A workbook built the way people build them: optional title rows, merged cells, any cells.
export function workbookFile(
  rows: Cell[][],
  opts: { bookType?: XLSX.BookType; merges?: XLSX.Range[]; sheetName?: string; extraSheetFirst?: boolean } = {},
): Buffer {
  const ws = XLSX.utils.aoa_to_sheet([]);
  rows.forEach((row, r) =>
    row.forEach((v, c) => {
      if (v === null) return;
      const addr = XLSX.utils.encode_cell({ r, c });
      if (typeof v === 'object') ws[addr] = 'f' in v ? { t: 'n', f: v.f, v: v.v ?? 0 } : { ...v };
      else ws[addr] = typeof v === 'number' ? { t: 'n', v } : { t: 's', v };
    }),
  );
  ws['!ref'] = XLSX.utils.encode_range({ s: { r: 0, c: 0 }, e: { r: Math.max(0, rows.length - 1), c: Math.max(0, ...rows.map((r) => r.length - 1)) } });
  if (opts.merges) ws['!merges'] = opts.merges;
  const wb = XLSX.utils.book_new();
  if (opts.extraSheetFirst) XLSX.utils.book_append_sheet(wb, XLSX.utils.aoa_to_sheet([['说明'], ['本表由系统导出']]), '说明');
  XLSX.utils.book_append_sheet(wb, ws, opts.sheetName ?? '客户');
  return XLSX.write(wb, { type: 'buffer', bookType: opts.bookType ?? 'xlsx' }) as Buffer;
}

export function base64(buf: Buffer): string {
  return buf.toString('base64');
}

// Reads an exported file back as rows of cell objects (to check types, not just text).
export function sheetCells(data: string): XLSX.CellObject[][] {
  const wb = XLSX.read(Buffer.from(data, 'base64'), { type: 'buffer', dense: true, cellFormula: true });
  return (wb.Sheets[wb.SheetNames[0]!]!['!data'] ?? []) as XLSX.CellObject[][];
}
