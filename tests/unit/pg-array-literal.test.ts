import { createRequire } from 'node:module';
import { describe, expect, it } from 'vitest';
import { arrayLiteral, withArrayLiterals } from '../../server/db/pg-array-literal.mjs';

// pg's own conversion, which the writer thread's must match value for value (pg's types do not
// declare this module).
const { prepareValue } = createRequire(import.meta.url)('pg/lib/utils.js') as { prepareValue: (v: unknown) => unknown };

// What the cells of imported files hold, and what an array literal must not take for syntax.
const awkward = [
  '', ' ', 'NULL', 'null', 'a,b', '{x}', '}{', 'say "hi"', 'C:\\temp\\', '\\"', '"', '\\', 'tab\there', 'line\nbreak', 'cr\rlf',
  '上海某某科技有限公司', 'ｆｕｌｌ　ｗｉｄｔｈ', '😀 emoji', '=cmd|\' /C calc\'!A0', "it's", '  padded  ',
];

describe('PostgreSQL array literals (pg-array-literal.mjs)', () => {
  it('match pg\'s own for every awkward string, number, boolean and null', () => {
    const values = [...awkward, null, undefined, 0, -1, 3.25, 2 ** 40, true, false];
    expect(arrayLiteral(values)).toBe(prepareValue(values));
    for (const v of values) expect(arrayLiteral([v])).toBe(prepareValue([v]));
    expect(arrayLiteral([])).toBe(prepareValue([]));
  });

  it('leave arrays of anything else to pg', () => {
    expect(arrayLiteral(['a', ['b']])).toBeNull();
    expect(arrayLiteral([new Date(0)])).toBeNull();
    expect(arrayLiteral([{ a: 1 }])).toBeNull();
  });

  it('replace a script\'s array parameters only', () => {
    const nested = [['x']];
    const script = [{ sql: 'INSERT', params: ['scalar', 7, null, ['a"b', null], nested] }, { sql: 'SELECT', params: [] }];
    withArrayLiterals(script);
    expect(script[0]!.params).toEqual(['scalar', 7, null, '{"a\\"b",NULL}', nested]);
    expect(script[1]!.params).toEqual([]);
  });
});
