import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { openCacheDb } from '../../src/main/core/cache/cache-db';
import { cacheKeyName, isPlaintextCache, openEncryptedCache, sweepCaches, wipeCache } from '../../src/main/core/cache/cache-key';
import { CacheStore, type Change } from '../../src/main/core/cache/cache-store';
import { assertReadable, leaseState, recordContact } from '../../src/main/core/cache/offline-lease';
import { FileSecretStore } from '../../src/main/core/secrets/secret-store';
import { AppError } from '../../src/shared/errors';
import { tempDir } from './core-support';

const NAME = '苏州加密测试精密机械有限公司';
const PHONE = '13812345678';
const CONTACT = '欧阳娜娜';
const MOBILE = '13987654321';
const DAY = 24 * 60 * 60 * 1000;

function setup() {
  const dir = tempDir();
  const file = path.join(dir, 'cache', 'abc.sqlite');
  const keys = new FileSecretStore(path.join(dir, 'cache-keys.json'));
  return { dir, file, keys };
}

const page: Change[] = [
  { entity: 'customer', id: 'c1', op: 'put', row: { id: 'c1', name: NAME, phone: PHONE, version: 1 } },
  { entity: 'contact', id: 'k1', op: 'put', row: { id: 'k1', customerId: 'c1', name: CONTACT, mobile: MOBILE, version: 1 } },
];

// Every byte the cache left on the disk: the database and its WAL/SHM companions.
function bytesOnDisk(file: string): Buffer {
  return Buffer.concat([file, `${file}-wal`, `${file}-shm`, `${file}-journal`].filter((f) => fs.existsSync(f)).map((f) => fs.readFileSync(f)));
}

function leaksPlaintext(file: string): string[] {
  const bytes = bytesOnDisk(file);
  return [NAME, PHONE, CONTACT, MOBILE].filter((s) => bytes.includes(Buffer.from(s, 'utf8')));
}

describe('offline cache encryption at rest', () => {
  it('keeps no customer name or phone readable on the disk, open or closed, and needs its key to open', async () => {
    const { file, keys } = setup();
    const { db, opening, keyPersists } = await openEncryptedCache(file, keys);
    expect({ opening, keyPersists }).toEqual({ opening: 'created', keyPersists: true });
    const cache = new CacheStore(db);
    cache.applyPage(page, 'cur-1', true);
    cache.update('customer', 'c1', { phone: '13800001111', name: `${NAME}（新）` });
    // While open, the rows sit in the WAL: that must be ciphertext too.
    expect(fs.existsSync(`${file}-wal`)).toBe(true);
    expect(leaksPlaintext(file)).toEqual([]);
    db.close();
    expect(leaksPlaintext(file)).toEqual([]);
    expect(isPlaintextCache(file)).toBe(false);

    // Without the key, or with another one, SQLite does not see a database at all.
    expect(() => openCacheDb(file)).toThrow(expect.objectContaining({ code: 'SQLITE_NOTADB' }));
    expect(() => openCacheDb(file, Buffer.alloc(32, 7))).toThrow(expect.objectContaining({ code: 'SQLITE_NOTADB' }));

    const again = await openEncryptedCache(file, keys);
    expect(again.opening).toBe('opened');
    const reopened = new CacheStore(again.db);
    expect(reopened.get('customer', 'c1')).toMatchObject({ name: `${NAME}（新）`, phone: '13800001111' });
    expect(reopened.pendingCount()).toBe(1);
    expect(reopened.searchCustomers(MOBILE.slice(3)).map((r) => r.id)).toEqual(['c1']);
    again.db.close();
  });

  it('encrypts a cache written before encryption in place, outbox included', async () => {
    const { file, keys } = setup();
    fs.mkdirSync(path.dirname(file), { recursive: true });
    const plain = new CacheStore(openCacheDb(file));
    plain.applyPage(page, 'cur-1', true);
    const pending = plain.update('customer', 'c1', { phone: '13800002222' });
    plain.db.close();
    expect(isPlaintextCache(file)).toBe(true);
    expect(leaksPlaintext(file)).not.toEqual([]);

    const { db, opening } = await openEncryptedCache(file, keys);
    expect(opening).toBe('encrypted');
    const cache = new CacheStore(db);
    expect(cache.outbox().map((p) => p.mutation.id)).toEqual([pending.id]);
    expect(cache.get('contact', 'k1')).toMatchObject({ name: CONTACT });
    db.close();
    expect(isPlaintextCache(file)).toBe(false);
    expect(leaksPlaintext(file)).toEqual([]);
  });

  it('rebuilds an empty cache when the key is lost, instead of failing to start', async () => {
    const { file, keys } = setup();
    const first = await openEncryptedCache(file, keys);
    const cache = new CacheStore(first.db);
    cache.applyPage(page, 'cur-1', true);
    cache.update('customer', 'c1', { phone: '13800003333' });
    first.db.close();
    await keys.delete(cacheKeyName(file));

    const { db, opening } = await openEncryptedCache(file, keys);
    expect(opening).toBe('rebuilt');
    const rebuilt = new CacheStore(db);
    // Nothing of the old cache: the next sync pulls it again. Its queued edit is lost.
    expect(rebuilt.all('customer')).toEqual([]);
    expect(rebuilt.pendingCount()).toBe(0);
    expect(rebuilt.state('cursor')).toBeNull();
    db.close();
  });

  it('a wipe deletes the key and every file of the cache', async () => {
    const { dir, file, keys } = setup();
    const { db } = await openEncryptedCache(file, keys);
    new CacheStore(db).applyPage(page, 'cur-1', true);
    const copy = path.join(dir, 'stolen-copy.sqlite');
    fs.copyFileSync(file, copy);
    const key = await keys.get(cacheKeyName(file));
    await wipeCache(file, keys, db);
    expect(await keys.get(cacheKeyName(file))).toBeNull();
    expect(fs.readdirSync(path.dirname(file))).toEqual([]);
    // A copy taken before the wipe is only ciphertext; it opens only with the deleted key.
    expect(() => openCacheDb(copy)).toThrow(expect.objectContaining({ code: 'SQLITE_NOTADB' }));
    expect(key).toMatch(/^[0-9a-f]{64}$/);
  });
});

describe('offline lease', () => {
  const t0 = new Date('2026-03-01T08:00:00Z');
  const at = (days: number) => new Date(t0.getTime() + days * DAY);

  it('locks reads after the lock period, reports expiry after the wipe period, and renews on contact', async () => {
    const { file, keys } = setup();
    const { db } = await openEncryptedCache(file, keys);
    recordContact(db, t0, { lockDays: 7, wipeDays: 30 });
    expect(leaseState(db, at(6.9))).toBe('ok');
    expect(() => assertReadable(db, at(6.9))).not.toThrow();
    expect(leaseState(db, at(7))).toBe('locked');
    const refused = (() => {
      try {
        assertReadable(db, at(8));
      } catch (e) {
        return e;
      }
    })();
    expect(refused).toBeInstanceOf(AppError);
    expect((refused as AppError).code).toBe('CACHE_LOCKED');
    expect(leaseState(db, at(30))).toBe('expired');
    // Setting the clock back before the last contact does not reopen the cache.
    expect(leaseState(db, at(-1))).toBe('locked');
    // A small correction of the clock (NTP) right after a contact is not that.
    expect(leaseState(db, new Date(t0.getTime() - 60_000))).toBe('ok');

    // Contact again: the server's new terms apply from then on.
    recordContact(db, at(8), { lockDays: 2, wipeDays: 5 });
    expect(leaseState(db, at(9))).toBe('ok');
    expect(leaseState(db, at(10))).toBe('locked');
    expect(leaseState(db, at(13))).toBe('expired');
    db.close();
  });

  it('at start, deletes the caches (and keys) past the wipe period and keeps the others', async () => {
    const { dir, keys } = setup();
    const cacheDir = path.join(dir, 'cache');
    const old = path.join(cacheDir, 'old.sqlite');
    const recent = path.join(cacheDir, 'recent.sqlite');
    for (const [file, contact] of [
      [old, at(0)],
      [recent, at(25)],
    ] as const) {
      const { db } = await openEncryptedCache(file, keys);
      recordContact(db, contact, { lockDays: 7, wipeDays: 30 });
      db.close();
    }
    expect(await sweepCaches(cacheDir, keys, at(31))).toEqual([old]);
    expect(fs.existsSync(old)).toBe(false);
    expect(await keys.get(cacheKeyName(old))).toBeNull();
    expect(fs.existsSync(recent)).toBe(true);
    const { db, opening } = await openEncryptedCache(recent, keys);
    expect(opening).toBe('opened');
    db.close();
  });
});
