import type { MessagePort } from 'node:worker_threads';
import type { z } from 'zod';
import type { RawCell } from '../../../src/shared/excel/clean';
import { cellText } from '../../../src/shared/excel/clean';
import type { EntityCatalog } from '../../../src/shared/excel/catalog';
import { detectHeader, HEADER_SCAN_ROWS, type ColumnMapping } from '../../../src/shared/excel/header';
import type { importFileInput } from '../../../src/shared/excel/import.schema';
import { AppError } from '../../../src/shared/errors';
import type { ImportLimits } from './file-guard';
import { streamWorkbook, type WorkbookEvent } from './read-workbook';

export type ImportFile = z.output<typeof importFileInput>;

// Sheet rows first to first + count - 1, blank and totals rows included (finding the data rows
// is part of checking them: validate-slice.ts, checkRows). rows: null when the parse worker sent
// them to the import's row checker rather than to this thread (read-workbook.ts).
export interface RowSegment {
  first: number;
  count: number;
  rows: RawCell[][] | null;
}

// The sheet an import reads, known once its header has been found: the rest of it arrives
// slice by slice while the worker reads on.
export interface OpenedSheet {
  // The sheet names read so far (all of them after drain()).
  sheets: string[];
  sheetIndex: number;
  sheetName: string;
  headerRow: number;
  columns: ColumnMapping[];
  // The saved mapping applied, when the request brought none and one matched the headers.
  template: { id: string; name: string } | null;
  // Rows below the header as the file counts them (blank rows included): what progress
  // measures against until the real count is known.
  estimatedRows: number;
  // Cells by sheet row index: the head of the sheet, and all of it when opened with keepRows.
  rows: RawCell[][];
  // The rows below the header, in runs of `size` rows (the last may be shorter), each a few
  // segments end to end. The caller stops at a totals row.
  slices(size: number): AsyncGenerator<RowSegment[]>;
  // Reads to the end of the file for the names of the sheets after this one (keepRows only).
  drain(): Promise<string[]>;
  close(): void;
}

export type TemplatePicker = (columns: ColumnMapping[]) => Promise<{ id: string; name: string; mapping: { col: number; field: string | null }[] } | null>;

export function decodeUpload(data: string): Buffer {
  return Buffer.from(data, 'base64');
}

// The sheet to import: the one asked for, else the first whose header names catalog columns.
// Returns as soon as the header has been read; a refusal (no header, a file too long or
// unreadable) comes from here, before anything is written.
export async function openSheet(
  catalog: EntityCatalog,
  input: ImportFile,
  limits: ImportLimits,
  pickTemplate?: TemplatePicker,
  // knownHeaders: the header lists of the caller's saved templates for this entity, so that a
  // header row the catalog does not recognise is still found when a template names it.
  // rowsPort: the row checker's, where the rows below the header go (not with keepRows).
  opts: { keepRows?: boolean; knownHeaders?: readonly (readonly string[])[]; rowsPort?: MessagePort } = {},
): Promise<OpenedSheet> {
  const stream = streamWorkbook(decodeUpload(input.data), limits, opts.keepRows ? undefined : opts.rowsPort);
  const it = stream.events[Symbol.asyncIterator]();
  let lookahead: WorkbookEvent | null = null;
  const next = async (): Promise<WorkbookEvent | null> => {
    if (lookahead) {
      const e = lookahead;
      lookahead = null;
      return e;
    }
    const r = await it.next();
    return r.done ? null : r.value;
  };
  const names: string[] = [];
  try {
    for (let e = await next(); e; ) {
      if (e.kind !== 'sheet') {
        e = await next();
        continue;
      }
      const sheet = e;
      names.push(sheet.name);
      // The head of the sheet: enough rows for the header, or all it has.
      const rows: RawCell[][] = [];
      let ended = false;
      while (rows.length <= HEADER_SCAN_ROWS) {
        const r = await next();
        if (!r || r.kind === 'sheet') {
          lookahead = r;
          ended = true;
          break;
        }
        for (const row of r.rows!) rows.push(row);
      }
      if (input.sheet !== undefined && input.sheet !== sheet.index) {
        e = await skipRest(ended, next);
        continue;
      }
      const detected = detectHeader(catalog, rows, sheet.merges, opts.knownHeaders);
      if (!detected) {
        if (input.sheet !== undefined) throw new AppError('IMPORT_NO_HEADER');
        e = await skipRest(ended, next);
        continue;
      }
      if (!ended) stream.route(sheet.index);
      const template = !input.mapping && pickTemplate ? await pickTemplate(detected.columns) : null;
      const mapping = input.mapping ?? template?.mapping;
      const columns = mapping ? applyMapping(catalog, detected.columns, mapping) : detected.columns;
      return {
        sheets: names, sheetIndex: sheet.index, sheetName: sheet.name, headerRow: detected.headerRow, columns,
        template: template ? { id: template.id, name: template.name } : null,
        estimatedRows: Math.max(0, Math.max(sheet.rowCount, rows.length) - detected.headerRow - 1),
        rows,
        slices: (size) => dataSlices(rows, detected.headerRow, ended, next, (x) => (lookahead = x), size, !!opts.keepRows, stream.close),
        async drain() {
          for (let x = await next(); x; x = await next()) if (x.kind === 'sheet') names.push(x.name);
          return names;
        },
        close: stream.close,
      };
    }
    if (input.sheet !== undefined && input.sheet >= names.length) throw new AppError('VALIDATION', {}, [{ path: 'sheet', message: 'validation.invalid' }]);
    throw new AppError('IMPORT_NO_HEADER');
  } catch (e) {
    stream.close();
    throw e;
  }
}

// Passes over the rest of a sheet that is not imported; returns the next sheet's start.
async function skipRest(ended: boolean, next: () => Promise<WorkbookEvent | null>): Promise<WorkbookEvent | null> {
  if (ended) return next();
  for (let e = await next(); ; e = await next()) {
    if (!e || e.kind === 'sheet') return e;
  }
}

async function* dataSlices(
  rows: RawCell[][],
  headerRow: number,
  headEnded: boolean,
  next: () => Promise<WorkbookEvent | null>,
  putBack: (e: WorkbookEvent | null) => void,
  size: number,
  keepRows: boolean,
  close: () => void,
): AsyncGenerator<RowSegment[]> {
  let ended = headEnded;
  // The head's rows below the header, then each slice as it arrives.
  let incoming: RowSegment | null = { first: headerRow + 1, count: rows.length - headerRow - 1, rows: rows.slice(headerRow + 1) };
  // The head is done with here unless the whole sheet is kept.
  if (!keepRows) rows.length = 0;
  let batch: RowSegment[] = [];
  let inBatch = 0;
  try {
    for (;;) {
      if (!incoming) {
        if (ended) break;
        const e = await next();
        if (!e || e.kind === 'sheet') {
          putBack(e);
          ended = true;
          continue;
        }
        if (keepRows && e.rows) for (const row of e.rows) rows.push(row);
        incoming = e;
      }
      const { first, count, rows: cells }: RowSegment = incoming;
      const n = Math.min(count, size - inBatch);
      if (n > 0) batch.push({ first, count: n, rows: cells && (n === count ? cells : cells.slice(0, n)) });
      inBatch += n;
      incoming = n < count ? { first: first + n, count: count - n, rows: cells && cells.slice(n) } : null;
      if (inBatch === size) {
        const out = batch;
        batch = [];
        inBatch = 0;
        yield out;
      }
    }
    if (batch.length) yield batch;
  } finally {
    // Nothing after a totals row is imported: stop reading, unless the caller keeps the whole
    // file (a preview lists the sheets after this one).
    if (!ended && !keepRows) close();
  }
}

// The rows of a slice read on this thread, end to end (a slice opened with keepRows, or
// checked here).
export function localRows(slice: readonly RowSegment[]): RawCell[][] {
  if (slice.length === 1 && slice[0]!.rows) return slice[0]!.rows;
  const out: RawCell[][] = [];
  for (const s of slice) {
    if (!s.rows) throw new Error('rows of this slice went to the row checker');
    for (const row of s.rows) out.push(row);
  }
  return out;
}

// The user's choice per column wins; fields not in the catalog and a field chosen twice are ignored.
function applyMapping(catalog: EntityCatalog, detected: ColumnMapping[], mapping: { col: number; field: string | null }[]): ColumnMapping[] {
  const known = new Set(catalog.columns.map((c) => c.field));
  const chosen = new Map(mapping.map((m) => [m.col, m.field]));
  const used = new Set<string>();
  return detected.map((c) => {
    const want = chosen.has(c.col) ? chosen.get(c.col)! : c.field;
    const field = want && known.has(want) && !used.has(want) ? want : null;
    if (field) used.add(field);
    return { ...c, field };
  });
}

export function rowTexts(rows: RawCell[][], index: number, width: number): string[] {
  const row = rows[index] ?? [];
  return Array.from({ length: width }, (_, c) => cellText(row[c]));
}
