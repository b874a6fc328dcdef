import { cellText, isBlankRow, labelKey, type RawCell } from './clean';
import type { ColumnDef, EntityCatalog } from './catalog';

export interface MergeRange {
  s: { r: number; c: number };
  e: { r: number; c: number };
}

export interface ColumnMapping {
  col: number;
  // The header as the file spells it (shown in the wizard and in error reports).
  header: string;
  field: string | null;
}

export interface DetectedHeader {
  // Index of the last header row; data starts below it.
  headerRow: number;
  columns: ColumnMapping[];
  // Which of the known header sets the row matched, when one did.
  known?: number;
}

// The headers of a saved mapping as detectHeader compares them: a set of labels (case,
// width, spaces and brackets aside), order and repeats ignored.
export function headerSetKey(headers: readonly string[]): string {
  return [...new Set(headers.map(labelKey).filter(Boolean))].sort().join('\n');
}

// Title, notes and a two-row header all fit within the first rows of any real list.
export const HEADER_SCAN_ROWS = 30;
// The first filled cell of a totals row is the word alone or with a count: "合计", "总计：120".
// "Total Solutions Ltd" is a customer, not a totals row.
const TOTALS_RE = /^(合计|总计|小计|共计|总额|total|totals|sum|grand total)\s*[:：]?\s*(\d[\d,.]*\s*\S{0,2})?$/i;

// Synonym lookup per catalog, keyed by labelKey. A Map, so a header named "__proto__" or
// "constructor" is just an unknown string.
const lookups = new WeakMap<EntityCatalog, Map<string, ColumnDef>>();
function lookupOf(catalog: EntityCatalog): Map<string, ColumnDef> {
  let m = lookups.get(catalog);
  if (!m) {
    m = new Map();
    for (const col of catalog.columns) {
      for (const name of [col.header['zh-CN'], col.header.en, col.field, ...col.synonyms]) {
        const k = labelKey(name);
        if (k && !m.has(k)) m.set(k, col);
      }
    }
    lookups.set(catalog, m);
  }
  return m;
}

// Headers carry marks for required fields and units: "*客户名称", "手机（必填）".
function headerKey(s: string): string {
  return labelKey(s.replace(/[(（][^)）]*(必填|选填|可选|required|optional)[^)）]*[)）]/gi, ''));
}

export function matchHeader(catalog: EntityCatalog, header: string): ColumnDef | null {
  return lookupOf(catalog).get(headerKey(header)) ?? null;
}

// A merged cell holds its value only in its top-left corner; copy it over the range so
// that every column under a merged header sees it. Only the scanned rows are filled.
export function fillMerges(rows: RawCell[][], merges: readonly MergeRange[] | undefined, maxRow = HEADER_SCAN_ROWS): RawCell[][] {
  if (!merges?.length) return rows;
  const out = rows.map((r, i) => (i < maxRow ? [...(r ?? [])] : r));
  for (const m of merges) {
    if (m.s.r >= maxRow) continue;
    const v = out[m.s.r]?.[m.s.c];
    for (let r = m.s.r; r <= Math.min(m.e.r, maxRow - 1); r++) {
      const row = (out[r] ??= []);
      for (let c = m.s.c; c <= m.e.c; c++) row[c] = v;
    }
  }
  return out;
}

function mapRow(catalog: EntityCatalog, labels: string[], parents: string[] | null): ColumnMapping[] {
  const used = new Set<string>();
  const columns: ColumnMapping[] = [];
  labels.forEach((label, col) => {
    const parent = parents?.[col] ?? '';
    // "联系人" over "电话" is the contact's phone, not the company's.
    const combined = parent && label && parent !== label ? `${parent}${label}` : '';
    const byCombined = combined ? matchHeader(catalog, combined) : null;
    const header = byCombined ? combined : label || parent;
    if (!header) return;
    const def = byCombined ?? matchHeader(catalog, header);
    const field = def && !used.has(def.field) ? def.field : null;
    if (field) used.add(field);
    columns.push({ col, header, field });
  });
  return columns;
}

const score = (cols: ColumnMapping[]) => cols.filter((c) => c.field).length;

// The header row is the one (or the pair, for a grouped header) within the first rows whose
// cells name the most catalog columns. Null when nothing looks like a header.
//
// `known` are header sets the user has told us about (their saved mapping templates for this
// entity): a row whose headers are exactly one of them is the header row, even when the
// catalog recognises none of its cells, since the user saved the template for such files.
// Unless the catalog finds a row naming more of its columns: the upper row of a grouped
// header can look like a one-row template.
export function detectHeader(
  catalog: EntityCatalog,
  rows: RawCell[][],
  merges?: readonly MergeRange[],
  known?: readonly (readonly string[])[],
): DetectedHeader | null {
  const filled = fillMerges(rows, merges);
  let best: DetectedHeader | null = null;
  let bestScore = 0;
  for (let r = 0; r < Math.min(filled.length, HEADER_SCAN_ROWS); r++) {
    if (isBlankRow(filled[r])) continue;
    const labels = Array.from(filled[r]!, (c) => cellText(c));
    const single = mapRow(catalog, labels, null);
    const prev = r > 0 && !isBlankRow(filled[r - 1]) ? Array.from(filled[r - 1]!, (c) => cellText(c)) : null;
    const paired = prev ? mapRow(catalog, labels, prev) : null;
    for (const cols of paired && score(paired) >= score(single) ? [paired] : [single]) {
      if (score(cols) > bestScore) {
        best = { headerRow: r, columns: cols };
        bestScore = score(cols);
      }
    }
  }
  const byKnown = known?.length ? knownHeaderRow(catalog, filled, known) : null;
  if (byKnown && score(byKnown.columns) >= bestScore) return byKnown;
  // One matching cell could be a note ("备注：…"); demand two, or the name column itself.
  if (!best || (bestScore < 2 && !best.columns.some((c) => c.field === catalog.columns[0]?.field))) return null;
  return best;
}

// The first row within the scanned ones whose headers, read alone or under the row above
// (a grouped header), are one of the known sets. The columns are mapped as the catalog reads
// them; the caller applies the template's own mapping over them.
function knownHeaderRow(catalog: EntityCatalog, filled: RawCell[][], known: readonly (readonly string[])[]): DetectedHeader | null {
  const keys = new Map<string, number>();
  known.forEach((set, i) => {
    const k = headerSetKey(set);
    if (k && !keys.has(k)) keys.set(k, i);
  });
  if (!keys.size) return null;
  for (let r = 0; r < Math.min(filled.length, HEADER_SCAN_ROWS); r++) {
    if (isBlankRow(filled[r])) continue;
    const labels = Array.from(filled[r]!, (c) => cellText(c));
    const prev = r > 0 && !isBlankRow(filled[r - 1]) ? Array.from(filled[r - 1]!, (c) => cellText(c)) : null;
    for (const cols of prev ? [mapRow(catalog, labels, prev), mapRow(catalog, labels, null)] : [mapRow(catalog, labels, null)]) {
      const hit = keys.get(headerSetKey(cols.map((c) => c.header)));
      if (hit !== undefined) return { headerRow: r, columns: cols, known: hit };
    }
  }
  return null;
}

// A totals row ends the data: its first filled cell is 合计, 总计: 120, Total...
export function isTotalsRow(row: readonly RawCell[]): boolean {
  for (const c of row) {
    const text = cellText(c);
    if (text !== '') return TOTALS_RE.test(text);
  }
  return false;
}

// Data rows below the header: blank rows skipped, stop at a totals row. Yields sheet row indexes.
export function dataRowIndexes(rows: RawCell[][], headerRow: number): number[] {
  return scanDataRows(rows.slice(headerRow + 1), headerRow + 1).indexes;
}

// The data rows of a run of sheet rows that starts at sheet row `first`, as sheet row indexes:
// blank rows skipped, up to a totals row (`totals`: one was found, and nothing after it is data).
export function scanDataRows(rows: readonly (readonly RawCell[] | undefined)[], first: number): { indexes: number[]; totals: boolean } {
  const indexes: number[] = [];
  for (let i = 0; i < rows.length; i++) {
    const row = rows[i];
    if (isBlankRow(row)) continue;
    if (isTotalsRow(row!)) return { indexes, totals: true };
    indexes.push(first + i);
  }
  return { indexes, totals: false };
}
