import { toHalfWidth } from '../domain/text';

// Cell values as a spreadsheet library hands them over: text, numbers, booleans, dates.
export type RawCell = string | number | boolean | Date | null | undefined;

// Text of a cell for matching and validation: half-width, trimmed, inner runs of blanks (incl.
// no-break spaces WPS leaves behind) collapsed. Numbers keep all their digits (no 1.38E+10).
export function cellText(v: RawCell): string {
  if (v === null || v === undefined) return '';
  if (typeof v === 'number') return Number.isInteger(v) ? BigInt(Math.round(v)).toString() : String(v);
  if (typeof v === 'boolean') return v ? 'TRUE' : 'FALSE';
  if (v instanceof Date) return isoDate(v) ?? '';
  // Text that is already clean (most cells) is returned as it is: this runs for every cell of
  // an import, several times.
  if (!NEEDS_CLEANING.test(v)) return v;
  return toHalfWidth(v)
    .replace(/[\u00a0\u2000-\u200b\u202f\u205f\ufeff]/g, ' ')
    .replace(/[ \t]+/g, ' ')
    .trim();
}

// Full-width forms, odd blanks, tabs, two blanks in a row, or a blank at either end.
const NEEDS_CLEANING = /[\uFF01-\uFF5E\u3000\u00a0\u1680\u2000-\u200b\u2028\u2029\u202f\u205f\ufeff\t\n\r\v\f]| {2}|^ | $/;

export function isBlankRow(row: readonly RawCell[] | undefined): boolean {
  return !row || row.every((c) => cellText(c) === '');
}

// Excel's day 0 is 1899-12-30 (the 1900 leap-year bug included); 25569 = 1970-01-01.
const EXCEL_EPOCH_OFFSET = 25569;
const DAY_MS = 86_400_000;

function pad(n: number, w = 2): string {
  return String(n).padStart(w, '0');
}

function ymd(y: number, m: number, d: number): string | null {
  if (y < 1900 || y > 2200 || m < 1 || m > 12 || d < 1 || d > 31) return null;
  const t = new Date(Date.UTC(y, m - 1, d));
  if (t.getUTCMonth() !== m - 1 || t.getUTCDate() !== d) return null;
  return `${pad(y, 4)}-${pad(m)}-${pad(d)}`;
}

function isoDate(d: Date): string | null {
  if (Number.isNaN(d.getTime())) return null;
  // Libraries build dates at local midnight; the calendar day is what the user typed.
  return ymd(d.getFullYear(), d.getMonth() + 1, d.getDate());
}

// A calendar date from an Excel serial, a Date, or text as people type it:
// 2026-01-05, 2026/1/5, 2026.01.05, 2026年1月5日, 20260105. Null when it is not a date.
export function parseDate(v: RawCell): string | null {
  if (v instanceof Date) return isoDate(v);
  if (typeof v === 'number') {
    if (!Number.isFinite(v) || v < 1 || v > 120000) return null;
    const t = new Date(Math.round((Math.floor(v) - EXCEL_EPOCH_OFFSET) * DAY_MS));
    return ymd(t.getUTCFullYear(), t.getUTCMonth() + 1, t.getUTCDate());
  }
  const s = cellText(v);
  if (!s) return null;
  let m = /^(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?(?:[ T]\d{1,2}:\d{2}(?::\d{2})?)?$/.exec(s);
  if (m) return ymd(Number(m[1]), Number(m[2]), Number(m[3]));
  m = /^(\d{4})(\d{2})(\d{2})$/.exec(s);
  if (m) return ymd(Number(m[1]), Number(m[2]), Number(m[3]));
  // A serial stored as text (CSV exports of date columns).
  if (/^\d{5}(\.\d+)?$/.test(s)) return parseDate(Number(s));
  return null;
}

// Wall-clock times in a sheet carry no zone; the firm works in China Standard Time.
export const SHEET_UTC_OFFSET_HOURS = 8;
export const SHEET_TIME_OFFSET = '+08:00';

// A moment from a date or date-and-time cell ("2026-01-05 14:30", "2026/1/5 9:05:10", an
// Excel serial with a fraction), as ISO text with SHEET_TIME_OFFSET. A date alone is midnight.
export function parseDateTime(v: RawCell): string | null {
  let date: string | null = null;
  let h = 0;
  let mi = 0;
  let sec = 0;
  if (typeof v === 'number') {
    date = parseDate(v);
    const secs = Math.round((v - Math.floor(v)) * 86_400);
    [h, mi, sec] = [Math.floor(secs / 3600), Math.floor((secs % 3600) / 60), secs % 60];
  } else if (v instanceof Date) {
    date = isoDate(v);
    [h, mi, sec] = [v.getHours(), v.getMinutes(), v.getSeconds()];
  } else {
    const s = cellText(v);
    const m = /^(.*?)[ T](\d{1,2}):(\d{2})(?::(\d{2}))?$/.exec(s);
    date = parseDate(m ? m[1]! : s);
    if (m) [h, mi, sec] = [Number(m[2]), Number(m[3]), Number(m[4] ?? 0)];
  }
  if (!date || h > 23 || mi > 59 || sec > 59) return null;
  return `${date}T${pad(h)}:${pad(mi)}:${pad(sec)}${SHEET_TIME_OFFSET}`;
}

// A number from a cell that may hold "1,234.50", "１２３" or "¥100".
export function parseNumber(v: RawCell): number | null {
  if (typeof v === 'number') return Number.isFinite(v) ? v : null;
  const s = cellText(v).replace(/[,，\s¥￥$]/g, '');
  if (!/^[-+]?\d+(\.\d+)?$/.test(s)) return null;
  return Number(s);
}

// Labels compare without case, width, spaces or brackets: "A类（重要）" ~ "a类(重要)".
export function labelKey(v: string): string {
  return cellText(v).toLowerCase().replace(/[\s()（）[\]【】:：*＊_\-/、.]/g, '');
}
