// Validation is synchronous and costs tens of microseconds a row: a 100,000-row file checked
// in one go would hold every other request for seconds. Rows are independent (in-file
// duplicates are found later, over all valid rows), so the file is checked a slice at a time
// with a turn of the event loop between slices; results come out in row order as before.
const SLICE = 500;

export async function validateInSlices<R extends { valid: unknown[]; errors: unknown[]; invalidRows: number[] }>(
  rowIndexes: readonly number[],
  validate: (slice: readonly number[]) => R,
): Promise<R> {
  let out: R | null = null;
  for (let from = 0; from < rowIndexes.length || out === null; from += SLICE) {
    if (from > 0) await new Promise((r) => setImmediate(r));
    const part = validate(rowIndexes.slice(from, from + SLICE));
    if (!out) out = part;
    else {
      for (const v of part.valid) out.valid.push(v);
      for (const e of part.errors) out.errors.push(e);
      for (const i of part.invalidRows) out.invalidRows.push(i);
    }
  }
  return out;
}
