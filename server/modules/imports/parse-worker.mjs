// Parses one spreadsheet off the main thread. Plain JavaScript so that it runs as a worker
// under any loader (tsx, vitest, a packaged build). Formulas are never evaluated: SheetJS
// only reads the value the file cached, and cellFormula:false drops the formula text.
import { parentPort, workerData } from 'node:worker_threads';
import * as XLSX from 'xlsx';

const { bytes, text, maxRows } = workerData;

function cellValue(cell) {
  if (!cell || cell.t === 'z' || cell.t === 'e') return null;
  if (cell.t === 'n' && cell.z && XLSX.SSF.is_date(cell.z)) {
    const d = XLSX.SSF.parse_date_code(cell.v);
    if (d && d.y) return `${String(d.y).padStart(4, '0')}-${String(d.m).padStart(2, '0')}-${String(d.d).padStart(2, '0')}`;
  }
  if (cell.t === 'd') return cell.v instanceof Date ? cell.v.toISOString().slice(0, 10) : String(cell.v);
  return cell.v ?? null;
}

try {
  const opts = { dense: true, cellFormula: false, cellHTML: false, cellText: false, cellDates: false, cellStyles: false, sheetRows: maxRows + 50 };
  // CSV comes decoded by the caller; raw keeps "=1+2" and "00123" as the text they are.
  const wb = text !== undefined ? XLSX.read(text, { ...opts, type: 'string', raw: true }) : XLSX.read(bytes, { ...opts, type: 'buffer' });
  const sheets = wb.SheetNames.map((name) => {
    const ws = wb.Sheets[name];
    const data = ws['!data'] ?? [];
    const rows = [];
    for (let r = 0; r < data.length; r++) {
      const src = data[r];
      const row = [];
      if (src) for (let c = 0; c < src.length; c++) row.push(cellValue(src[c]));
      rows.push(row);
    }
    const merges = (ws['!merges'] ?? []).map((m) => ({ s: { r: m.s.r, c: m.s.c }, e: { r: m.e.r, c: m.e.c } }));
    return { name, rows, merges };
  });
  parentPort.postMessage({ ok: true, sheets });
} catch (e) {
  parentPort.postMessage({ ok: false, message: String(e && e.message ? e.message : e) });
}
