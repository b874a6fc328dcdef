import type { DuplicatePolicy } from '../../../src/shared/excel/import.schema';
import type { ValidRow } from '../../../src/shared/excel/validate';
import type { ExistingMatch } from './import-matcher';

export type RowAction =
  | { kind: 'create'; row: ValidRow }
  | { kind: 'update'; row: ValidRow; id: string }
  | { kind: 'skip'; row: ValidRow; reason: string };

// What happens to each valid row of a batch. Rows repeating an earlier row of the file, or a
// customer in the database, follow the policy; 'update' only touches customers the caller may
// change (others are skipped, never revealed beyond "exists").
export function planBatch(
  rows: readonly ValidRow[],
  inFile: Map<number, number>,
  existing: Map<number, ExistingMatch>,
  policy: DuplicatePolicy,
  mayEdit: boolean,
): RowAction[] {
  return rows.map((row): RowAction => {
    if (policy === 'create') return { kind: 'create', row };
    if (inFile.has(row.row)) return { kind: 'skip', row, reason: 'import.duplicateInFile' };
    const hit = existing.get(row.row);
    if (!hit) return { kind: 'create', row };
    if (policy === 'skip') return { kind: 'skip', row, reason: 'import.duplicateExisting' };
    if (!mayEdit || !hit.writable) return { kind: 'skip', row, reason: 'import.notEditable' };
    return { kind: 'update', row, id: hit.id };
  });
}
