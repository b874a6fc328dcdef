import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3-multiple-ciphers';
import type { SecretStore } from '../secrets/secret-store';
import { openCacheDb, removeCacheFiles, type CacheDb } from './cache-db';
import { leaseState } from './offline-lease';

// Each cache file has its own random 256-bit key in the SecretStore (in the desktop app
// wrapped by the OS keychain through safeStorage). Losing the key loses the cache, which is
// the point of a wipe: deleting the key alone makes every copy of the file unreadable.

const KEY_BYTES = 32;
const PLAINTEXT_HEADER = Buffer.from('SQLite format 3\0', 'latin1');

export function cacheKeyName(file: string): string {
  return `cache-key:${path.basename(file, path.extname(file))}`;
}

// What happened at open, for the log and the tests: `rebuilt` means an existing cache could not
// be read (its key lost or another key's file) and was replaced by an empty one, so the edits
// it still held for the server are gone.
export type CacheOpening = 'opened' | 'created' | 'encrypted' | 'rebuilt';

export interface OpenedCache {
  db: CacheDb;
  opening: CacheOpening;
  // False when the SecretStore keeps the key in memory only: the next start rebuilds the cache.
  keyPersists: boolean;
}

export async function openEncryptedCache(file: string, secrets: SecretStore): Promise<OpenedCache> {
  const name = cacheKeyName(file);
  const stored = await secrets.get(name);
  const storedKey = stored && /^[0-9a-f]{64}$/.test(stored) ? Buffer.from(stored, 'hex') : null;
  if (fs.existsSync(file)) {
    if (isPlaintextCache(file)) {
      // A cache from before encryption (or one whose conversion was cut short): encrypted in
      // place, outbox and all.
      const key = storedKey ?? randomBytes(KEY_BYTES);
      const keyPersists = storedKey ? true : await secrets.set(name, key.toString('hex'));
      encryptInPlace(file, key);
      return { db: openCacheDb(file, key), opening: 'encrypted', keyPersists };
    }
    if (storedKey) {
      try {
        return { db: openCacheDb(file, storedKey), opening: 'opened', keyPersists: true };
      } catch (e) {
        if (!isNotADatabase(e)) throw e;
      }
    }
    console.warn('[cache] the offline cache cannot be decrypted (its key is lost): it is rebuilt from the server; edits not yet synced are lost');
    removeCacheFiles(file);
    return create(file, secrets, name, 'rebuilt');
  }
  return create(file, secrets, name, 'created');
}

async function create(file: string, secrets: SecretStore, name: string, opening: CacheOpening): Promise<OpenedCache> {
  // The key is stored before the file exists: a crash in between leaves an unused key, never
  // a file without one.
  const key = randomBytes(KEY_BYTES);
  const keyPersists = await secrets.set(name, key.toString('hex'));
  if (!keyPersists) console.warn('[cache] no persistent key store: the offline cache will be rebuilt after a restart');
  fs.mkdirSync(path.dirname(file), { recursive: true });
  return { db: openCacheDb(file, key), opening, keyPersists };
}

// Key first, then the files: a crash between the two leaves only unreadable bytes.
export async function wipeCache(file: string, secrets: SecretStore, db?: CacheDb): Promise<void> {
  if (db?.open) db.close();
  await secrets.delete(cacheKeyName(file));
  removeCacheFiles(file);
}

// At start: every cache past its offline lease's wipe period goes, with its key, as does any
// cache file that no key opens any more (it can never be read again).
export async function sweepCaches(cacheDir: string, secrets: SecretStore, now: Date): Promise<string[]> {
  let names: string[];
  try {
    names = fs.readdirSync(cacheDir).filter((n) => n.endsWith('.sqlite'));
  } catch {
    return [];
  }
  const wiped: string[] = [];
  for (const n of names) {
    const file = path.join(cacheDir, n);
    const stored = await secrets.get(cacheKeyName(file));
    // A plaintext cache has no lease yet; one without a key (a key store in memory only, say)
    // is left for the next open, which rebuilds it.
    if (!stored || isPlaintextCache(file)) continue;
    let db: CacheDb | null = null;
    try {
      db = openCacheDb(file, Buffer.from(stored, 'hex'));
    } catch {
      db = null;
    }
    if (db && leaseState(db, now) !== 'expired') {
      db.close();
      continue;
    }
    await wipeCache(file, secrets, db ?? undefined);
    wiped.push(file);
  }
  if (wiped.length) console.warn(`[cache] ${wiped.length} offline cache(s) past the offline wipe period deleted`);
  return wiped;
}

export function isPlaintextCache(file: string): boolean {
  let fd: number | null = null;
  try {
    fd = fs.openSync(file, 'r');
    const head = Buffer.alloc(PLAINTEXT_HEADER.length);
    const n = fs.readSync(fd, head, 0, head.length, 0);
    return n === head.length && head.equals(PLAINTEXT_HEADER);
  } catch {
    return false;
  } finally {
    if (fd !== null) fs.closeSync(fd);
  }
}

// SQLite3 Multiple Ciphers cannot rekey a database in WAL mode: fold the WAL back in first.
function encryptInPlace(file: string, key: Buffer): void {
  const db = new Database(file);
  try {
    db.pragma('journal_mode = DELETE');
    db.pragma(`rekey = "x'${key.toString('hex')}'"`);
  } finally {
    db.close();
  }
}

function isNotADatabase(e: unknown): boolean {
  return (e as { code?: string } | null)?.code === 'SQLITE_NOTADB';
}
