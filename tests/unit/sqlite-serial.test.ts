import { describe, expect, it } from 'vitest';
import { SettingEntity } from '../../server/modules/settings/setting.entity';
import { sleep, sqliteScratch } from '../support/sqlite-scratch';

// TypeORM shares one SQLite connection between all callers; these are the failures that
// caused when two requests wrote at the same time (see server/db/sqlite-serial.ts).
const scratch = sqliteScratch('crm-sqlite-');
const { put, keys } = scratch;

describe('SQLite access through the shared connection', () => {
  it('keeps concurrent transactions apart: a rollback undoes only its own writes', async () => {
    const failing = scratch.db.transaction(async (em) => {
      await put(em, 'a');
      await sleep(30);
      throw new Error('a fails');
    });
    const succeeding = scratch.db.transaction(async (em) => {
      await sleep(5);
      await put(em, 'b');
      await sleep(40);
    });
    await expect(failing).rejects.toThrow('a fails');
    await succeeding;
    expect(await keys()).toEqual(['t.b']);
  });

  it('never lets a reader see another transaction\'s uncommitted writes', async () => {
    let inserted!: () => void;
    const wrote = new Promise<void>((r) => (inserted = r));
    const tx = scratch.db.transaction(async (em) => {
      await put(em, 'dirty');
      inserted();
      await sleep(30);
      throw new Error('rolled back');
    });
    await wrote;
    expect(await keys()).toEqual([]);
    await expect(tx).rejects.toThrow('rolled back');
  });

  it('runs a nested transaction as a savepoint of the outer one', async () => {
    await scratch.db.transaction(async (em) => {
      await put(em, 'outer');
      await expect(
        scratch.db.transaction(async (inner) => {
          await put(inner, 'inner');
          throw new Error('inner fails');
        }),
      ).rejects.toThrow('inner fails');
    });
    expect(await keys()).toEqual(['t.outer']);
  });

  it('lets repository.save open its own transaction while others run', async () => {
    const results = await Promise.allSettled([
      ...Array.from({ length: 5 }, (_, i) => scratch.db.transaction((em) => put(em, `tx${i}`))),
      ...Array.from({ length: 5 }, (_, i) => scratch.db.getRepository(SettingEntity).save({ key: `t.save${i}`, value: i, updatedAt: new Date().toISOString() })),
    ]);
    expect(results.filter((r) => r.status === 'rejected')).toEqual([]);
    expect(await keys()).toHaveLength(10);
  });
});
