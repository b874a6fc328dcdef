// What parse-worker does, as a function of its input and of where messages go, so that tests
// can run it without a worker and compare the fast .xlsx reader with SheetJS on the same file.
// Formulas are never evaluated: both readers only take the value the file cached.
import * as XLSX from 'xlsx';
import { openXlsx } from './xlsx-reader.mjs';

// Rows go out in slices: the main thread decodes each message in one go, and a 100,000-row
// sheet in one message would hold up every other request while it does.
export const SLICE = 2000;

/** @typedef {{ s: { r: number, c: number }, e: { r: number, c: number } }} Merge */
/**
 * @typedef {{ kind: 'sheet', name: string, merges: Merge[], rowCount: number }
 *   | { kind: 'rows', sheet: number, rows: unknown[][] }
 *   | { kind: 'done' }
 *   | { kind: 'failed', message: string }} Message
 */
/** @typedef {{ sheet: number, announced: boolean, rows: number }} Progress */

/** @param {any} cell a SheetJS cell */
export function cellValue(cell) {
  if (!cell || cell.t === 'z' || cell.t === 'e') return null;
  if (cell.t === 'n' && cell.z && XLSX.SSF.is_date(cell.z)) {
    const d = XLSX.SSF.parse_date_code(cell.v);
    if (d && d.y) return `${String(d.y).padStart(4, '0')}-${String(d.m).padStart(2, '0')}-${String(d.d).padStart(2, '0')}`;
  }
  if (cell.t === 'd') return cell.v instanceof Date ? cell.v.toISOString().slice(0, 10) : String(cell.v);
  return cell.v ?? null;
}

/**
 * @param {{ bytes?: Uint8Array, text?: string, maxRows: number }} input
 * @param {(msg: Message) => void} post
 * @param {{ fast?: boolean }} [options] fast: false reads .xlsx with SheetJS too
 */
export function parseSpreadsheet({ bytes, text, maxRows }, post, { fast = true } = {}) {
  try {
    /** @type {Progress} */
    const sent = { sheet: 0, announced: false, rows: 0 };
    if (fast && text === undefined && bytes && bytes[0] === 0x50 && bytes[1] === 0x4b && bytes[2] === 3 && bytes[3] === 4) {
      try {
        if (streamXlsx(bytes, maxRows, post, sent)) {
          post({ kind: 'done' });
          return;
        }
      } catch (e) {
        // SheetJS carries on from the first row not yet sent, unless the fast reader found
        // something (a cell or row out of order) that changes a row already sent.
        const row = /** @type {{ row?: number }} */ (e)?.row;
        if (row !== undefined && row < sent.rows) throw e;
      }
    }
    sendSheetJs(readWithSheetJs(bytes, text, maxRows), post, sent);
    post({ kind: 'done' });
  } catch (e) {
    post({ kind: 'failed', message: String(e && /** @type {Error} */ (e).message ? /** @type {Error} */ (e).message : e) });
  }
}

/**
 * Each slice goes out as soon as it is scanned. False when the fast reader declines the file.
 * @param {Uint8Array} bytes
 * @param {number} maxRows
 * @param {(msg: Message) => void} post
 * @param {Progress} sent
 */
function streamXlsx(bytes, maxRows, post, sent) {
  const book = openXlsx(bytes, { maxRows });
  if (!book) return false;
  for (let s = 0; s < book.sheetNames.length; s++) {
    const sheet = book.sheet(s);
    post({ kind: 'sheet', name: sheet.name, merges: sheet.merges, rowCount: sheet.rowCount });
    sent.announced = true;
    /** @type {unknown[][]} */
    let rows = [];
    const flush = () => {
      post({ kind: 'rows', sheet: s, rows });
      sent.rows += rows.length;
      rows = [];
    };
    for (const [r, row] of sheet.rows()) {
      // Rows missing from the file go out empty, so row numbers are the same as SheetJS's.
      while (sent.rows + rows.length < r) {
        rows.push([]);
        if (rows.length === SLICE) flush();
      }
      rows.push(row);
      if (rows.length === SLICE) flush();
    }
    if (rows.length > 0) flush();
    sent.sheet++;
    sent.announced = false;
    sent.rows = 0;
  }
  return true;
}

/**
 * @param {Uint8Array | undefined} bytes
 * @param {string | undefined} text
 * @param {number} maxRows
 */
function readWithSheetJs(bytes, text, maxRows) {
  const opts = { dense: true, cellFormula: false, cellHTML: false, cellText: false, cellDates: false, cellStyles: false, sheetRows: maxRows + 50 };
  // CSV comes decoded by the caller; raw keeps "=1+2" and "00123" as the text they are.
  return text !== undefined ? XLSX.read(text, { ...opts, type: 'string', raw: true }) : XLSX.read(bytes, { ...opts, type: 'buffer' });
}

/**
 * @param {XLSX.WorkBook} wb
 * @param {(msg: Message) => void} post
 * @param {Progress} sent what the fast reader already sent
 */
function sendSheetJs(wb, post, sent) {
  wb.SheetNames.forEach((name, sheet) => {
    if (sheet < sent.sheet) return;
    const ws = /** @type {XLSX.WorkSheet} */ (wb.Sheets[name]);
    /** @type {any[]} */
    const data = ws['!data'] ?? [];
    const resumed = sheet === sent.sheet;
    if (!(resumed && sent.announced)) {
      const merges = (ws['!merges'] ?? []).map((m) => ({ s: { r: m.s.r, c: m.s.c }, e: { r: m.e.r, c: m.e.c } }));
      post({ kind: 'sheet', name, merges, rowCount: data.length });
    }
    for (let from = resumed ? sent.rows : 0; from < data.length; from += SLICE) {
      const rows = [];
      for (let r = from; r < Math.min(from + SLICE, data.length); r++) {
        const src = data[r];
        const row = [];
        if (src) for (let c = 0; c < src.length; c++) row.push(cellValue(src[c]));
        rows.push(row);
        // The parsed cells are not needed again: let them go as their values are sent.
        data[r] = undefined;
      }
      post({ kind: 'rows', sheet, rows });
    }
  });
}
