// Types for xlsx-reader.mjs (plain JavaScript so that the parse worker runs under any loader).

/** A cell value as parse-worker's SheetJS path gives it: null for blank and error cells. */
export type XlsxCellValue = string | number | boolean | null;

export interface XlsxRange {
  s: { r: number; c: number };
  e: { r: number; c: number };
}

export interface XlsxSheet {
  name: string;
  merges: XlsxRange[];
  /** Rows the sheet spans (its last row number, at most maxRows + 50): an estimate for progress, exact unless its last rows hold no values. */
  rowCount: number;
  /**
   * Rows holding at least one cell, in order, as [0-based row index, dense values with null
   * for holes]; rows missing from the file are skipped. Throws XlsxUnsupportedError part way
   * through when the sheet turns out to hold something only SheetJS reads exactly.
   */
  rows(): Generator<[number, XlsxCellValue[]], void, undefined>;
}

export interface XlsxBook {
  sheetNames: string[];
  /** Inflates and prepares one sheet (merges are known before its first row). */
  sheet(index: number): XlsxSheet;
}

export class XlsxUnsupportedError extends Error {
  /** The first row (0-based) whose values may differ; the rows before it were read right. */
  readonly row: number | undefined;
  constructor(message: string, row?: number);
}

/** Null when the file is not an .xlsx this reader reads exactly as SheetJS does: read it with SheetJS. */
export function openXlsx(bytes: Uint8Array, opts: { maxRows: number }): XlsxBook | null;
