import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { DataSource } from 'typeorm';
import { afterAll, beforeAll, beforeEach } from 'vitest';
import { openDatabase } from '../../server/db/data-source';
import { SettingEntity } from '../../server/modules/settings/setting.entity';

// A migrated SQLite file for tests of the connection machinery (sqlite-serial, sqlite-writer),
// with settings rows named "t.*" as the thing written; they are removed before each test.
export function sqliteScratch(prefix: string) {
  const scratch = { db: undefined as unknown as DataSource, dir: '' };
  beforeAll(async () => {
    scratch.dir = fs.mkdtempSync(path.join(os.tmpdir(), prefix));
    scratch.db = await openDatabase({ databaseKind: 'sqlite', databaseUrl: 'sqlite:t.sqlite', dataDir: scratch.dir });
  });
  afterAll(async () => {
    await scratch.db?.destroy();
    fs.rmSync(scratch.dir, { recursive: true, force: true });
  });
  beforeEach(async () => {
    await scratch.db.query(`DELETE FROM settings WHERE key LIKE 't.%'`);
  });
  return {
    get db() {
      return scratch.db;
    },
    get dir() {
      return scratch.dir;
    },
    put: (em: { getRepository: DataSource['getRepository'] }, key: string) => em.getRepository(SettingEntity).insert({ key: `t.${key}`, value: 1, updatedAt: new Date().toISOString() }),
    keys: async () => (await scratch.db.getRepository(SettingEntity).find()).map((s) => s.key).filter((k) => k.startsWith('t.')).sort(),
  };
}

export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
