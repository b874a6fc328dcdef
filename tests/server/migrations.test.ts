import { DataSource } from 'typeorm';
import { afterEach, describe, expect, it } from 'vitest';
import { resolvedDataSourceOptions } from '../../server/db/data-source';
import { MIGRATIONS } from '../../server/db/migrations';
import { ImportJobBatchEntity } from '../../server/modules/imports/import-job.entity';
import { freshDatabase, TEST_DB } from '../support/databases';

let cleanup: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const c of cleanup.reverse()) await c();
  cleanup = [];
});

async function freshDataSource(migrations = MIGRATIONS[TEST_DB]): Promise<DataSource> {
  const { config, drop } = await freshDatabase();
  const ds = new DataSource({ ...(await resolvedDataSourceOptions(config)), migrations });
  await ds.initialize();
  cleanup.push(async () => {
    if (ds.isInitialized) await ds.destroy();
    await drop();
  });
  return ds;
}

describe(`migrations (${TEST_DB})`, () => {
  it('build exactly the schema the entities describe', async () => {
    const ds = await freshDataSource();
    const applied = await ds.runMigrations({ transaction: 'each' });
    expect(applied.map((m) => m.name)).toEqual(MIGRATIONS[TEST_DB].map((M) => new M().name ?? M.name));
    const pending = await ds.driver.createSchemaBuilder().log();
    // If this fails, an entity changed without a migration: npm run db:migration:generate -- Name
    expect(pending.upQueries.map((q) => q.query)).toEqual([]);
  });

  // Two columns compared in SQL must share a collation on PostgreSQL, or the query fails; and an
  // id or instant left in the database's locale slows every index step (server/db/columns.ts).
  it.skipIf(TEST_DB !== 'postgres')('compare every id and instant bytewise on PostgreSQL, and names in the database locale', async () => {
    const ds = await freshDataSource();
    await ds.runMigrations({ transaction: 'each' });
    const cols = (await ds.query(
      `SELECT table_name AS t, column_name AS c, character_maximum_length AS len, collation_name AS coll FROM information_schema.columns
       WHERE table_schema = current_schema() AND data_type = 'character varying' AND table_name <> 'migrations'`,
    )) as { t: string; c: string; len: number; coll: string | null }[];
    const idsAndInstants = cols.filter((x) => x.len === 36 || x.len === 24);
    expect(idsAndInstants.length).toBeGreaterThan(60);
    expect(idsAndInstants.filter((x) => x.coll !== 'C').map((x) => `${x.t}.${x.c}`)).toEqual([]);
    const collationOf = (t: string, c: string) => cols.find((x) => x.t === t && x.c === c)?.coll;
    for (const [t, c] of [['customers', 'name_key'], ['customers', 'credit_code'], ['customers', 'phone_digits'], ['contacts', 'mobile']]) expect(collationOf(t!, c!)).toBe('C');
    for (const [t, c] of [['customers', 'name'], ['contacts', 'name'], ['customer_tags', 'tag']]) expect(collationOf(t!, c!)).toBeNull();
  });

  it('do nothing when run again', async () => {
    const ds = await freshDataSource();
    await ds.runMigrations({ transaction: 'each' });
    expect(await ds.runMigrations({ transaction: 'each' })).toEqual([]);
    expect(await ds.showMigrations()).toBe(false);
  });

  it('keep what earlier imports created when their items become batches', async () => {
    const all = MIGRATIONS[TEST_DB];
    const at = all.findIndex((M) => new M().name?.startsWith('ImportJobBatches'));
    expect(at).toBeGreaterThan(0);
    // A database as an earlier release left it: one row per record an import created.
    const before = await freshDataSource(all.slice(0, at));
    await before.runMigrations({ transaction: 'each' });
    const q = (sql: string) => before.query(TEST_DB === 'mysql' ? sql.replaceAll('"', '`') : sql);
    await q(`INSERT INTO "import_job_items" ("job_id", "customer_id") VALUES ('job-a', 'c-1'), ('job-a', 'c-2'), ('job-b', 'c-3')`);
    await before.destroy();
    before.setOptions({ migrations: all });
    await before.initialize();
    expect((await before.runMigrations({ transaction: 'each' })).map((m) => m.name)).toEqual(all.slice(at).map((M) => new M().name));
    const rows = await before.getRepository(ImportJobBatchEntity).find({ order: { firstId: 'ASC' } });
    expect(rows).toEqual([
      { jobId: 'job-a', firstId: 'c-1', ids: ['c-1'] },
      { jobId: 'job-a', firstId: 'c-2', ids: ['c-2'] },
      { jobId: 'job-b', firstId: 'c-3', ids: ['c-3'] },
    ]);
    // Back again, a batch of many giving a row per record.
    await before.getRepository(ImportJobBatchEntity).insert({ jobId: 'job-c', firstId: 'c-4', ids: ['c-4', 'c-5'] });
    for (let i = all.length - 1; i >= at; i--) await before.undoLastMigration({ transaction: 'each' });
    const items = (await q(`SELECT "job_id" AS j, "customer_id" AS c FROM "import_job_items" ORDER BY "customer_id"`)) as { j: string; c: string }[];
    expect(items.map((r) => [r.j, r.c])).toEqual([['job-a', 'c-1'], ['job-a', 'c-2'], ['job-b', 'c-3'], ['job-c', 'c-4'], ['job-c', 'c-5']]);
  });
});
