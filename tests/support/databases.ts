import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import mysql from 'mysql2/promise';
import pg from 'pg';
import type { DatabaseKind, ServerConfig } from '../../server/config';
import { MYSQL_ADMIN_URL, PG_ADMIN_URL, withDatabase } from '../../scripts/test-databases';

export const TEST_DB: DatabaseKind = (process.env.CRM_TEST_DB as DatabaseKind | undefined) ?? 'sqlite';

let counter = 0;

// A fresh, empty database of the engine under test; `drop` removes it again.
export async function freshDatabase(kind: DatabaseKind = TEST_DB): Promise<{ config: ServerConfig; drop: () => Promise<void> }> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'crm-test-'));
  const name = `crm_t_${process.pid}_${Date.now().toString(36)}_${counter++}`;
  const base: Omit<ServerConfig, 'databaseUrl' | 'databaseKind'> = { port: 0, host: '127.0.0.1', dataDir, tls: null, logLevel: 'silent' };
  const rmDir = () => fs.rmSync(dataDir, { recursive: true, force: true });
  if (kind === 'sqlite') {
    return { config: { ...base, databaseKind: 'sqlite', databaseUrl: 'sqlite:crm.sqlite' }, drop: async () => rmDir() };
  }
  if (kind === 'postgres') {
    const c = new pg.Client({ connectionString: PG_ADMIN_URL });
    await c.connect();
    await c.query(`CREATE DATABASE ${name}`);
    await c.end();
    return {
      config: { ...base, databaseKind: 'postgres', databaseUrl: withDatabase(PG_ADMIN_URL, name) },
      drop: async () => {
        const d = new pg.Client({ connectionString: PG_ADMIN_URL });
        await d.connect();
        await d.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
        await d.end();
        rmDir();
      },
    };
  }
  const c = await mysql.createConnection(MYSQL_ADMIN_URL);
  await c.query(`CREATE DATABASE ${name} CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci`);
  await c.end();
  return {
    config: { ...base, databaseKind: 'mysql', databaseUrl: withDatabase(MYSQL_ADMIN_URL, name) },
    drop: async () => {
      const d = await mysql.createConnection(MYSQL_ADMIN_URL);
      await d.query(`DROP DATABASE IF EXISTS ${name}`);
      await d.end();
      rmDir();
    },
  };
}
