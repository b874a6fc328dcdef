import fs from 'node:fs';
import path from 'node:path';
import mysql from 'mysql2/promise';
import { DataSource, type DataSourceOptions } from 'typeorm';
import { sqlitePathOf, type DatabaseKind } from '../config';
import { withBytewiseCollation } from './columns';
import { ENTITIES } from './entities';
import { MIGRATIONS } from './migrations';
import { SnakeNamingStrategy } from './naming';
import { ensureLockRows } from './locking';
import { refreshPlannerStats } from './planner-stats';
import { serializeSqliteAccess } from './sqlite-serial';

export interface DbTarget {
  databaseUrl: string;
  databaseKind: DatabaseKind;
  dataDir: string;
}

// MariaDB and MySQL report column defaults differently, and TypeORM compares a schema with
// its entities correctly only when told which of the two it talks to: as 'mysql' against
// MariaDB it sees some 75 phantom changes (every nullable column, several indexes).
export type MysqlFlavor = 'mysql' | 'mariadb';

export async function detectMysqlFlavor(url: string): Promise<MysqlFlavor> {
  const c = await mysql.createConnection({ uri: url.replace(/^mariadb:/, 'mysql:') });
  try {
    const [rows] = await c.query('SELECT VERSION() AS v');
    return /mariadb/i.test(String((rows as { v: string }[])[0]?.v)) ? 'mariadb' : 'mysql';
  } finally {
    await c.end();
  }
}

// dataSourceOptions with the MySQL flavour asked from the server itself.
export async function resolvedDataSourceOptions(target: DbTarget): Promise<DataSourceOptions> {
  return target.databaseKind === 'mysql' ? dataSourceOptions(target, await detectMysqlFlavor(target.databaseUrl)) : dataSourceOptions(target);
}

const PG_ENTITIES = withBytewiseCollation(ENTITIES);

export function dataSourceOptions(target: DbTarget, flavor: MysqlFlavor = target.databaseUrl.startsWith('mariadb:') ? 'mariadb' : 'mysql'): DataSourceOptions {
  const common = {
    entities: ENTITIES,
    migrations: MIGRATIONS[target.databaseKind],
    namingStrategy: new SnakeNamingStrategy(),
    synchronize: false,
    migrationsRun: false,
    logging: process.env.CRM_SQL_LOG === '1',
  } as const;
  switch (target.databaseKind) {
    case 'sqlite': {
      const file = sqlitePathOf(target.databaseUrl, target.dataDir);
      if (file !== ':memory:') fs.mkdirSync(path.dirname(file), { recursive: true });
      return {
        ...common,
        type: 'better-sqlite3',
        database: file,
        enableWAL: true,
        prepareDatabase: (db: { pragma: (s: string) => unknown }) => {
          db.pragma('busy_timeout = 5000');
          db.pragma('synchronous = NORMAL');
        },
      };
    }
    case 'postgres':
      return { ...common, entities: PG_ENTITIES, type: 'postgres', url: target.databaseUrl, extra: { max: 10 } };
    case 'mysql':
      return {
        ...common,
        type: flavor,
        url: target.databaseUrl.replace(/^mariadb:/, 'mysql:'),
        charset: 'utf8mb4_unicode_ci',
        extra: { connectionLimit: 10 },
      };
  }
}

export async function openDatabase(target: DbTarget, { migrate = true } = {}): Promise<DataSource> {
  const ds = new DataSource(await resolvedDataSourceOptions(target));
  await ds.initialize();
  serializeSqliteAccess(ds);
  if (migrate) {
    await ds.runMigrations({ transaction: 'each' });
    await ensureLockRows(ds.manager);
    await refreshPlannerStats(ds, { everyTable: true });
  }
  return ds;
}

// Where the database lives, for the start-up line; never prints a password.
export { describeDatabase } from '../config';
