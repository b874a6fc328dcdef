import fs from 'node:fs';
import path from 'node:path';
import { DataSource, type DataSourceOptions } from 'typeorm';
import { sqlitePathOf, type DatabaseKind } from '../config';
import { ENTITIES } from './entities';
import { MIGRATIONS } from './migrations';
import { SnakeNamingStrategy } from './naming';

export interface DbTarget {
  databaseUrl: string;
  databaseKind: DatabaseKind;
  dataDir: string;
}

export function dataSourceOptions(target: DbTarget): DataSourceOptions {
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
      return { ...common, type: 'postgres', url: target.databaseUrl, extra: { max: 10 } };
    case 'mysql':
      return {
        ...common,
        type: 'mysql',
        url: target.databaseUrl.replace(/^mariadb:/, 'mysql:'),
        charset: 'utf8mb4_unicode_ci',
        extra: { connectionLimit: 10 },
      };
  }
}

export async function openDatabase(target: DbTarget, { migrate = true } = {}): Promise<DataSource> {
  const ds = new DataSource(dataSourceOptions(target));
  await ds.initialize();
  if (migrate) await ds.runMigrations({ transaction: 'each' });
  return ds;
}

// Where the database lives, for the start-up line; never prints a password.
export function describeDatabase(target: DbTarget): string {
  if (target.databaseKind === 'sqlite') return sqlitePathOf(target.databaseUrl, target.dataDir);
  return target.databaseUrl.replace(/\/\/([^:@/]+):[^@/]*@/, '//$1:***@');
}
