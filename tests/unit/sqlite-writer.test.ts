import { QueryFailedError } from 'typeorm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase } from '../../server/db/data-source';
import { openSqliteWriter } from '../../server/db/sqlite-writer';
import type { BatchWriter } from '../../server/db/writer-thread';
import { sleep, sqliteScratch } from '../support/sqlite-scratch';

// An import writes through a second SQLite connection on its own thread (server/db/sqlite-writer.ts)
// while the server goes on answering on the first.
const scratch = sqliteScratch('crm-writer-');
const { put, keys } = scratch;
let writer: BatchWriter;
beforeAll(() => {
  writer = openSqliteWriter(scratch.db)!;
});
// Runs before the scratch database is destroyed (after-hooks run in reverse order).
afterAll(async () => {
  await writer?.close();
});

const insert = (key: string) => ({ sql: 'INSERT INTO settings (key, value, updated_at) VALUES (?, ?, ?)', params: [`t.${key}`, '1', new Date().toISOString()] });

describe('the SQLite writer thread', () => {
  it('is not opened for an in-memory database, which a second connection could not share', async () => {
    const memory = await openDatabase({ databaseKind: 'sqlite', databaseUrl: 'sqlite::memory:', dataDir: scratch.dir });
    try {
      expect(openSqliteWriter(memory)).toBeNull();
    } finally {
      await memory.destroy();
    }
  });

  it('lets the main connection read committed data during its transaction, and holds the main connection\'s writes until it commits', async () => {
    await put(scratch.db.manager, 'before');
    const events: string[] = [];
    let inserted!: () => void;
    const wrote = new Promise<void>((r) => (inserted = r));
    const tx = writer.transaction(async (em) => {
      await put(em, 'w');
      inserted();
      await sleep(150);
      events.push('writer commits');
    });
    await wrote;
    // A read does not wait for the writer, and does not see its uncommitted row.
    expect(await keys()).toEqual(['t.before']);
    events.push('read done');
    const mainWrite = scratch.db.transaction((em) => put(em, 'm')).then(() => events.push('main write done'));
    await Promise.all([tx, mainWrite]);
    expect(events).toEqual(['read done', 'writer commits', 'main write done']);
    expect(await keys()).toEqual(['t.before', 't.m', 't.w']);
  });

  it('rolls a transaction back when an INSERT it did not wait for fails, and says which', async () => {
    const tx = writer.transaction(async (em) => {
      await put(em, 'd');
      await put(em, 'd');
      await em.query('SELECT 1');
    });
    await expect(tx).rejects.toThrow(QueryFailedError);
    await expect(tx).rejects.toThrow(/UNIQUE/);
    expect(await keys()).toEqual([]);
    // The thread is out of that transaction: the next one works.
    await writer.transaction((em) => put(em, 'after'));
    expect(await keys()).toEqual(['t.after']);
  });

  it('applies a script whole or not at all', async () => {
    const failing = writer.script([insert('s1'), insert('s2'), insert('s1')]);
    await expect(failing).rejects.toThrow(/UNIQUE/);
    expect(await keys()).toEqual([]);

    const aborted = await writer.script([insert('s3'), { sql: `SELECT COUNT(*) AS n FROM settings WHERE key = 't.s3'`, params: [], abortIf: true }]);
    expect(aborted.ran).toBe(false);
    expect(await keys()).toEqual([]);

    const done = await writer.script([
      { sql: `SELECT COUNT(*) AS n FROM settings WHERE key = 't.s4'`, params: [], abortIf: true },
      insert('s4'),
      { sql: `SELECT key FROM settings WHERE key LIKE 't.%'`, params: [], keep: true },
    ]);
    expect(done).toEqual({ ran: true, kept: [[{ key: 't.s4' }]] });
    expect(await keys()).toEqual(['t.s4']);
  });
});
