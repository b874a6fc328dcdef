// Types for pg-array-literal.mjs (plain JavaScript, used by the PostgreSQL writer thread).
export function arrayLiteral(values: readonly unknown[]): string | null;
export function withArrayLiterals<S extends { params: unknown[] }>(script: S[]): S[];
