import fs from 'node:fs';
import Database from 'better-sqlite3';

// The offline cache: one SQLite file per (server, user). Its schema has its own migrations,
// numbered and recorded in schema_version; a migration may rebuild the synced tables (they
// can be pulled again) but must carry the outbox over, since it holds edits not yet on the
// server. NOT YET ENCRYPTED: better-sqlite3-multiple-ciphers with a SecretStore-wrapped key is
// the follow-up (same API, so only this opener changes).
export type CacheDb = Database.Database;

const MIGRATIONS: string[] = [
  `CREATE TABLE records (
     entity TEXT NOT NULL, id TEXT NOT NULL, customer_id TEXT, name TEXT NOT NULL DEFAULT '',
     updated_at TEXT, version INTEGER NOT NULL DEFAULT 0, data TEXT NOT NULL,
     PRIMARY KEY (entity, id));
   CREATE INDEX idx_records_customer ON records (entity, customer_id);
   CREATE INDEX idx_records_updated ON records (entity, updated_at, id);
   CREATE VIRTUAL TABLE records_fts USING fts5(entity UNINDEXED, id UNINDEXED, body, tokenize = 'trigram');
   CREATE TABLE outbox (seq INTEGER PRIMARY KEY AUTOINCREMENT, mutation_id TEXT NOT NULL UNIQUE, entity TEXT NOT NULL,
     entity_id TEXT NOT NULL, body TEXT NOT NULL, before TEXT, created_at TEXT NOT NULL);
   CREATE TABLE sync_state (key TEXT PRIMARY KEY, value TEXT NOT NULL);
   CREATE TABLE conflicts (mutation_id TEXT PRIMARY KEY, entity TEXT NOT NULL, entity_id TEXT NOT NULL,
     fields TEXT NOT NULL, created_at TEXT NOT NULL);
   CREATE TABLE rejected (mutation_id TEXT PRIMARY KEY, entity TEXT NOT NULL, entity_id TEXT NOT NULL,
     error TEXT NOT NULL, record TEXT, created_at TEXT NOT NULL);`,
];

export function openCacheDb(file: string): CacheDb {
  const db = new Database(file);
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = NORMAL');
  db.exec('CREATE TABLE IF NOT EXISTS schema_version (version INTEGER NOT NULL)');
  const row = db.prepare('SELECT version FROM schema_version').get() as { version: number } | undefined;
  const from = row?.version ?? 0;
  const migrate = db.transaction(() => {
    for (let v = from; v < MIGRATIONS.length; v++) db.exec(MIGRATIONS[v]!);
    db.prepare('DELETE FROM schema_version').run();
    db.prepare('INSERT INTO schema_version (version) VALUES (?)').run(MIGRATIONS.length);
  });
  if (from < MIGRATIONS.length) migrate();
  return db;
}

export const CACHE_SCHEMA_VERSION = MIGRATIONS.length;

// A disabled user or a revoked session: nothing of the cache may stay on the disk. (Once the
// file is encrypted, its key is deleted from the SecretStore first.)
export function wipeCacheDb(db: CacheDb): void {
  const file = db.name;
  if (db.open) db.close();
  for (const f of [file, `${file}-wal`, `${file}-shm`, `${file}-journal`]) fs.rmSync(f, { force: true });
}
