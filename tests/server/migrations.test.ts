import { DataSource } from 'typeorm';
import { afterEach, describe, expect, it } from 'vitest';
import { resolvedDataSourceOptions } from '../../server/db/data-source';
import { MIGRATIONS } from '../../server/db/migrations';
import { freshDatabase, TEST_DB } from '../support/databases';

let cleanup: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const c of cleanup.reverse()) await c();
  cleanup = [];
});

async function freshDataSource(): Promise<DataSource> {
  const { config, drop } = await freshDatabase();
  const ds = new DataSource(await resolvedDataSourceOptions(config));
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

  it('do nothing when run again', async () => {
    const ds = await freshDataSource();
    await ds.runMigrations({ transaction: 'each' });
    expect(await ds.runMigrations({ transaction: 'each' })).toEqual([]);
    expect(await ds.showMigrations()).toBe(false);
  });
});
