// Parses one spreadsheet off the main thread. Plain JavaScript so that it runs as a worker
// under any loader (tsx, vitest, a packaged build). Formulas are never evaluated: SheetJS
// only reads the value the file cached, and cellFormula:false drops the formula text.
import { parentPort, workerData } from 'node:worker_threads';
import * as XLSX from 'xlsx';

const { bytes, text, maxRows } = workerData;
// Rows go back in slices: the main thread decodes each message in one go, and a 100,000-row
// sheet in one message would hold up every other request while it does.
const SLICE = 2000;

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
  wb.SheetNames.forEach((name, sheet) => {
    const ws = wb.Sheets[name];
    const data = ws['!data'] ?? [];
    const merges = (ws['!merges'] ?? []).map((m) => ({ s: { r: m.s.r, c: m.s.c }, e: { r: m.e.r, c: m.e.c } }));
    parentPort.postMessage({ kind: 'sheet', name, merges });
    for (let from = 0; from < data.length; from += SLICE) {
      const rows = [];
      for (let r = from; r < Math.min(from + SLICE, data.length); r++) {
        const src = data[r];
        const row = [];
        if (src) for (let c = 0; c < src.length; c++) row.push(cellValue(src[c]));
        rows.push(row);
        // The parsed cells are not needed again: let them go as their values are sent.
        data[r] = undefined;
      }
      parentPort.postMessage({ kind: 'rows', sheet, rows });
    }
  });
  parentPort.postMessage({ kind: 'done' });
} catch (e) {
  parentPort.postMessage({ kind: 'failed', message: String(e && e.message ? e.message : e) });
}
