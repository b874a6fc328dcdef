import type { z } from 'zod';
import type { RawCell } from '../../../src/shared/excel/clean';
import { cellText } from '../../../src/shared/excel/clean';
import type { EntityCatalog } from '../../../src/shared/excel/catalog';
import { dataRowIndexes, detectHeader, type ColumnMapping } from '../../../src/shared/excel/header';
import type { importFileInput } from '../../../src/shared/excel/import.schema';
import { AppError } from '../../../src/shared/errors';
import type { ImportLimits } from './file-guard';
import { readWorkbook, type ParsedSheet } from './read-workbook';

export type ImportFile = z.output<typeof importFileInput>;

export interface Analysis {
  sheets: string[];
  sheetIndex: number;
  sheet: ParsedSheet;
  headerRow: number;
  columns: ColumnMapping[];
  rowIndexes: number[];
  // The saved mapping applied, when the request brought none and one matched the headers.
  template: { id: string; name: string } | null;
}

export type TemplatePicker = (columns: ColumnMapping[]) => Promise<{ id: string; name: string; mapping: { col: number; field: string | null }[] } | null>;

export function decodeUpload(data: string): Buffer {
  return Buffer.from(data, 'base64');
}

// The sheet to import: the one asked for, else the first whose header names catalog columns.
export async function analyse(catalog: EntityCatalog, input: ImportFile, limits: ImportLimits, pickTemplate?: TemplatePicker): Promise<Analysis> {
  const sheets = await readWorkbook(decodeUpload(input.data), limits);
  const order = input.sheet !== undefined ? [input.sheet] : sheets.map((_, i) => i);
  for (const i of order) {
    const sheet = sheets[i];
    if (!sheet) throw new AppError('VALIDATION', {}, [{ path: 'sheet', message: 'validation.invalid' }]);
    const detected = detectHeader(catalog, sheet.rows, sheet.merges);
    if (!detected) continue;
    const template = !input.mapping && pickTemplate ? await pickTemplate(detected.columns) : null;
    const mapping = input.mapping ?? template?.mapping;
    const columns = mapping ? applyMapping(catalog, detected.columns, mapping) : detected.columns;
    const rowIndexes = dataRowIndexes(sheet.rows, detected.headerRow);
    if (rowIndexes.length > limits.maxRows) throw new AppError('IMPORT_FILE_REJECTED', { reason: 'tooManyRows', max: limits.maxRows });
    return {
      sheets: sheets.map((s) => s.name), sheetIndex: i, sheet, headerRow: detected.headerRow, columns, rowIndexes,
      template: template ? { id: template.id, name: template.name } : null,
    };
  }
  throw new AppError('IMPORT_NO_HEADER');
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
