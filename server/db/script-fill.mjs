// What both writer threads (sqlite-writer-worker.mjs, pg-writer-worker.mjs) do with a script
// step's `fill` (writer-thread.ts, ScriptStep). Plain JavaScript, as the workers are.

/**
 * The step's parameters with those named in `fill` taken from the script before: the first
 * value of its `kept` read number f.kept. Null when there is no such script (the thread did
 * something else in between, or that script did not commit): the step's script must not run.
 * @param {unknown[][] | null} kept
 * @param {readonly { param: number, kept: number }[]} fill
 * @param {unknown[]} params
 * @returns {unknown[] | null}
 */
export function filled(kept, fill, params) {
  if (!kept) return null;
  const out = params.slice();
  for (const f of fill) {
    const row = /** @type {Record<string, unknown> | undefined} */ (kept[f.kept]?.[0]);
    out[f.param] = row ? Object.values(row)[0] : null;
  }
  return out;
}
