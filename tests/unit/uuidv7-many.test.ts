import { validate, version } from 'uuid';
import { describe, expect, it, vi } from 'vitest';
import { uuidv7Many } from '../../server/db/uuidv7-many';

const timeOf = (id: string) => parseInt(id.replace(/-/g, '').slice(0, 12), 16);

describe('uuidv7Many', () => {
  it('makes valid, distinct version-7 ids that sort in the order they were made, across calls', () => {
    const ids = [...uuidv7Many(50_000), ...uuidv7Many(1), ...uuidv7Many(50_000)];
    for (const id of [ids[0]!, ids[50_000]!, ids.at(-1)!]) {
      expect(validate(id)).toBe(true);
      expect(version(id)).toBe(7);
    }
    expect(ids.every((id) => /^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/.test(id))).toBe(true);
    expect(new Set(ids).size).toBe(ids.length);
    expect(ids.every((id, i) => i === 0 || ids[i - 1]! < id)).toBe(true);
  });

  it('carries the time it was made, and stays in order when the clock goes back', () => {
    const before = Date.now();
    const [a] = uuidv7Many(1);
    expect(timeOf(a!)).toBeGreaterThanOrEqual(before);
    expect(timeOf(a!)).toBeLessThanOrEqual(Date.now());
    const back = vi.spyOn(Date, 'now').mockReturnValue(before - 60_000);
    try {
      const [b] = uuidv7Many(1);
      expect(b! > a!).toBe(true);
    } finally {
      back.mockRestore();
    }
  });

  it('draws its random part afresh: two ids in the same millisecond differ beyond the counter', () => {
    const ids = uuidv7Many(1000);
    const tails = new Set(ids.map((id) => id.slice(-10)));
    expect(tails.size).toBeGreaterThan(990);
  });
});
