// Types for pg-array-literal.mjs.
export function arrayLiteral(values: readonly unknown[]): string | null;
export function withArrayLiterals<S extends { params: unknown[] }>(script: S[]): S[];
