import fs from 'node:fs';
import Database from 'better-sqlite3-multiple-ciphers';

// The offline cache: one SQLite file per (server, user). Its schema has its own migrations,
// numbered and recorded in schema_version; a migration may rebuild the synced tables (they
// can be pulled again) but must carry the outbox over, since it holds edits not yet on the
// server. Encrypted at rest (SQLite3 Multiple Ciphers, ChaCha20-Poly1305) under a random key
// per cache that the SecretStore keeps: cache-key.ts opens, creates and wipes it with its key.
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
  // A refused edit is offered back in its form: which form (create or edit) and, for a record
  // that has left the cache meanwhile, the name the user knew it by.
  `ALTER TABLE rejected ADD COLUMN kind TEXT NOT NULL DEFAULT 'update';
   ALTER TABLE rejected ADD COLUMN name TEXT;`,
  // Lists answered from the cache: the columns they filter and sort on, indexed, a tag table
  // and per-field search (FTS5 trigram: Chinese substrings). The synced rows are dropped and
  // pulled again (the cursor and snapshot mark go) to fill the new columns; the outbox stays.
  `DELETE FROM records;
   DROP TABLE records_fts;
   CREATE VIRTUAL TABLE records_fts USING fts5(entity UNINDEXED, id UNINDEXED, name, digits, code, tokenize = 'trigram');
   ALTER TABLE records ADD COLUMN name_key TEXT;
   ALTER TABLE records ADD COLUMN owner_id TEXT;
   ALTER TABLE records ADD COLUMN status TEXT;
   ALTER TABLE records ADD COLUMN level TEXT;
   ALTER TABLE records ADD COLUMN industry TEXT;
   ALTER TABLE records ADD COLUMN source TEXT;
   ALTER TABLE records ADD COLUMN province TEXT;
   ALTER TABLE records ADD COLUMN city TEXT;
   ALTER TABLE records ADD COLUMN district TEXT;
   ALTER TABLE records ADD COLUMN created_at TEXT;
   ALTER TABLE records ADD COLUMN last_follow_up_at TEXT;
   ALTER TABLE records ADD COLUMN next_follow_up_at TEXT;
   ALTER TABLE records ADD COLUMN at TEXT;
   ALTER TABLE records ADD COLUMN is_primary INTEGER;
   CREATE INDEX idx_records_name_key ON records (entity, name_key, id);
   CREATE INDEX idx_records_created ON records (entity, created_at, id);
   CREATE INDEX idx_records_last_fu ON records (entity, last_follow_up_at, id);
   CREATE INDEX idx_records_next_fu ON records (entity, next_follow_up_at, id);
   CREATE INDEX idx_records_level ON records (entity, level, id);
   CREATE INDEX idx_records_status ON records (entity, status, id);
   CREATE INDEX idx_records_owner ON records (entity, owner_id);
   CREATE INDEX idx_records_at ON records (entity, at, id);
   CREATE TABLE record_tags (customer_id TEXT NOT NULL, tag TEXT NOT NULL, PRIMARY KEY (tag, customer_id));
   CREATE INDEX idx_record_tags_customer ON record_tags (customer_id);
   DELETE FROM sync_state WHERE key IN ('cursor', 'snapshot');`,
];

// The list indexes on records (as migration 3 and the first one made them). A snapshot drops
// them and builds them again once it is complete: kept up to date row by row, each 500-row page
// dirtied thousands of scattered index pages, all encrypted and written at every commit, and a
// first sync of 100,000 customers slowed to minutes. Lists read the server until then anyway.
export const LIST_INDEXES: readonly { name: string; columns: string }[] = [
  { name: 'idx_records_updated', columns: 'entity, updated_at, id' },
  { name: 'idx_records_name_key', columns: 'entity, name_key, id' },
  { name: 'idx_records_created', columns: 'entity, created_at, id' },
  { name: 'idx_records_last_fu', columns: 'entity, last_follow_up_at, id' },
  { name: 'idx_records_next_fu', columns: 'entity, next_follow_up_at, id' },
  { name: 'idx_records_level', columns: 'entity, level, id' },
  { name: 'idx_records_status', columns: 'entity, status, id' },
  { name: 'idx_records_owner', columns: 'entity, owner_id' },
  { name: 'idx_records_at', columns: 'entity, at, id' },
];

// With a key the file is encrypted (a new file) or must already be encrypted under that key:
// a wrong key or a plaintext file throws SQLITE_NOTADB here. Without a key the file is plain,
// which only tests and the conversion of an old plaintext cache use.
export function openCacheDb(file: string, key?: Buffer): CacheDb {
  const db = new Database(file);
  try {
    if (key) {
      // A raw 256-bit key: no passphrase KDF to run, the key is random already.
      db.pragma(`key = "x'${key.toString('hex')}'"`);
    }
    // Temporary tables and sorts stay off the disk, where they would be plaintext.
    db.pragma('temp_store = MEMORY');
    // The first read is where a wrong key shows.
    db.prepare('SELECT count(*) FROM sqlite_master').get();
  } catch (e) {
    db.close();
    throw e;
  }
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

// A disabled user or a revoked session: nothing of the cache may stay on the disk. The files
// only: cache-key.ts wipeCache deletes the key first, so even a copy of the file taken before
// is unreadable.
export function wipeCacheDb(db: CacheDb): void {
  const file = db.name;
  if (db.open) db.close();
  removeCacheFiles(file);
}

export function removeCacheFiles(file: string): void {
  for (const f of [file, `${file}-wal`, `${file}-shm`, `${file}-journal`]) fs.rmSync(f, { force: true });
}
