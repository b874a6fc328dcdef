// Array parameters as PostgreSQL array literals, for the scripts sent to the PostgreSQL writer
// thread (pg-writer.ts).

const NEEDS_ESCAPE = /["\\]/;
const ESCAPED = /["\\]/g;

/**
 * An array as PostgreSQL's array literal, '{"a","b",NULL}', as pg itself would send it; null
 * for an array holding anything but strings, numbers, booleans and nulls (pg converts those).
 * @param {readonly unknown[]} values
 * @returns {string | null}
 */
export function arrayLiteral(values) {
  const parts = new Array(values.length);
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    if (v === null || v === undefined) parts[i] = 'NULL';
    else if (typeof v === 'string') parts[i] = NEEDS_ESCAPE.test(v) ? `"${v.replace(ESCAPED, '\\$&')}"` : `"${v}"`;
    else if (typeof v === 'number' || typeof v === 'boolean') parts[i] = `"${v}"`;
    else return null;
  }
  // One flat string: join, unlike pg's concatenation, leaves no rope to flatten later.
  return `{${parts.join(',')}}`;
}

/**
 * A script's array parameters (an import batch's columns, thousands of values each) turned into
 * one string each, in place, before the script is posted to the writer thread: one long string
 * crosses threads for a fraction of what thousands of short ones cost. Left to pg, they were
 * converted when their statement ran, often after the script before had ended; until then
 * their thousands of small strings outlived the thread's young-generation collections, which
 * copied them at each, and pg's own conversion cost more than this one.
 * @template {{ params: unknown[] }} S
 * @param {S[]} script
 * @returns {S[]}
 */
export function withArrayLiterals(script) {
  for (const step of script) {
    for (let i = 0; i < step.params.length; i++) {
      const p = step.params[i];
      if (Array.isArray(p)) step.params[i] = arrayLiteral(p) ?? p;
    }
  }
  return script;
}
