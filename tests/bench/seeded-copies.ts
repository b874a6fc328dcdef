import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { startServer, type RunningServer } from '../../server/app';
import type { DatabaseKind, ServerConfig } from '../../server/config';
import { PG_ADMIN_URL, pgAdmin, withDatabase } from '../../scripts/test-databases';
import { freshDatabase } from '../support/databases';

export interface SeededCopies<S> {
  // A server on a copy of the seeded database, as seeding left it, and what seeding returned
  // (ids of the users it made, say); close() also drops the copy.
  open(): Promise<{ server: RunningServer; seeded: S; close(): Promise<void> }>;
  drop(): Promise<void>;
}

let counter = 0;

// One database seeded once and copied for each run that needs it as seeded: seeding 100,000
// customers takes 15-25 s, a copy (PostgreSQL's CREATE DATABASE … TEMPLATE, or SQLite's file
// with its data directory) a second or two, so that a figure can be measured more than once.
// MySQL/MariaDB has no cheap copy: each copy is seeded anew.
export async function seededCopies<S>(kind: DatabaseKind, seed: (server: RunningServer) => Promise<S>): Promise<SeededCopies<S>> {
  const seedInto = async (config: ServerConfig) => {
    const server = await startServer(config);
    try {
      return await seed(server);
    } finally {
      await server.close();
    }
  };
  const template = await freshDatabase(kind);
  const seeded = await seedInto(template.config);
  const copyOf = async (): Promise<{ config: ServerConfig; seeded: S; drop: () => Promise<void> }> => {
    if (kind === 'mysql') {
      const fresh = await freshDatabase(kind);
      return { ...fresh, seeded: await seedInto(fresh.config) };
    }
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'crm-bench-copy-'));
    fs.cpSync(template.config.dataDir, dataDir, { recursive: true });
    const rmDir = () => fs.rmSync(dataDir, { recursive: true, force: true });
    if (kind === 'sqlite') return { config: { ...template.config, dataDir }, seeded, drop: async () => rmDir() };
    const name = `crm_copy_${process.pid}_${counter++}`;
    const templateName = new URL(template.config.databaseUrl).pathname.slice(1);
    await pgAdmin(`CREATE DATABASE ${name} TEMPLATE ${templateName}`);
    return {
      config: { ...template.config, dataDir, databaseUrl: withDatabase(PG_ADMIN_URL, name) },
      seeded,
      drop: async () => {
        await pgAdmin(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
        rmDir();
      },
    };
  };
  return {
    async open() {
      const copy = await copyOf();
      try {
        const server = await startServer(copy.config);
        return {
          server,
          seeded: copy.seeded,
          close: async () => {
            await server.close();
            await copy.drop();
          },
        };
      } catch (e) {
        await copy.drop();
        throw e;
      }
    },
    drop: template.drop,
  };
}
