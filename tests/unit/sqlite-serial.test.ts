import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { DataSource } from 'typeorm';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { openDatabase } from '../../server/db/data-source';
import { SettingEntity } from '../../server/modules/settings/setting.entity';

// TypeORM shares one SQLite connection between all callers; these are the failures that
// caused when two requests wrote at the same time (see server/db/sqlite-serial.ts).
let db: DataSource;
let dir: string;
beforeAll(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'crm-sqlite-'));
  db = await openDatabase({ databaseKind: 'sqlite', databaseUrl: 'sqlite:t.sqlite', dataDir: dir });
});
afterAll(async () => {
  await db?.destroy();
  fs.rmSync(dir, { recursive: true, force: true });
});
beforeEach(async () => {
  await db.query(`DELETE FROM settings WHERE key LIKE 't.%'`);
});

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const put = (em: { getRepository: DataSource['getRepository'] }, key: string) =>
  em.getRepository(SettingEntity).insert({ key: `t.${key}`, value: 1, updatedAt: new Date().toISOString() });
const keys = async () => (await db.getRepository(SettingEntity).find()).map((s) => s.key).filter((k) => k.startsWith('t.')).sort();

describe('SQLite access through the shared connection', () => {
  it('keeps concurrent transactions apart: a rollback undoes only its own writes', async () => {
    const failing = db.transaction(async (em) => {
      await put(em, 'a');
      await sleep(30);
      throw new Error('a fails');
    });
    const succeeding = db.transaction(async (em) => {
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
    const tx = db.transaction(async (em) => {
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
    await db.transaction(async (em) => {
      await put(em, 'outer');
      await expect(
        db.transaction(async (inner) => {
          await put(inner, 'inner');
          throw new Error('inner fails');
        }),
      ).rejects.toThrow('inner fails');
    });
    expect(await keys()).toEqual(['t.outer']);
  });

  it('lets repository.save open its own transaction while others run', async () => {
    const results = await Promise.allSettled([
      ...Array.from({ length: 5 }, (_, i) => db.transaction((em) => put(em, `tx${i}`))),
      ...Array.from({ length: 5 }, (_, i) => db.getRepository(SettingEntity).save({ key: `t.save${i}`, value: i, updatedAt: new Date().toISOString() })),
    ]);
    expect(results.filter((r) => r.status === 'rejected')).toEqual([]);
    expect(await keys()).toHaveLength(10);
  });
});
