// Types for parse-spreadsheet.mjs (plain JavaScript, shared with the parse worker).
import type { XlsxCellValue, XlsxRange } from './xlsx-reader.mjs';

export type ParseMessage =
  | { kind: 'sheet'; name: string; merges: XlsxRange[]; rowCount: number }
  | { kind: 'rows'; sheet: number; rows: XlsxCellValue[][] }
  | { kind: 'done' }
  | { kind: 'failed'; message: string };

export const SLICE: number;

export function cellValue(cell: unknown): XlsxCellValue;

/** What parse-worker posts for one file. fast: false reads .xlsx with SheetJS as well. */
export function parseSpreadsheet(input: { bytes?: Uint8Array; text?: string; maxRows: number }, post: (msg: ParseMessage) => void, options?: { fast?: boolean }): void;
