import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openCacheDb } from '../../src/main/core/cache/cache-db';
import { cacheKeyName } from '../../src/main/core/cache/cache-key';
import { cacheFileFor } from '../../src/main/core/sync/sync-runner';
import { AppError } from '../../src/shared/errors';
import { TEST_DB } from '../support/databases';
import { startTestServer, type ServerClient, type TestServer } from '../support/test-server';
import { coreIn, switchableRelay, tempDir } from './core-support';

const DAY = 24 * 60 * 60 * 1000;

let ts: TestServer;
let am1: ServerClient;
beforeAll(async () => {
  ts = await startTestServer();
  am1 = await ts.as('am1');
});
afterAll(async () => ts?.close());

async function until(what: () => boolean | Promise<boolean>, ms = 15_000): Promise<void> {
  const end = Date.now() + ms;
  while (!(await what())) {
    if (Date.now() > end) throw new Error('timed out waiting');
    await new Promise((r) => setTimeout(r, 25));
  }
}

function codeOf(fn: () => unknown): string | null {
  try {
    fn();
    return null;
  } catch (e) {
    return e instanceof AppError ? e.code : String(e);
  }
}

const cacheKeys = (dir: string): Record<string, string> => {
  const file = path.join(dir, 'cache-keys.json');
  return fs.existsSync(file) ? JSON.parse(fs.readFileSync(file, 'utf8')) : {};
};

// A user signed in through a relay (so the server can "go away") on a clock the test moves.
async function offlineClient() {
  const relay = await switchableRelay(ts.url);
  const dir = tempDir();
  const clock = { now: new Date('2026-03-02T09:00:00Z') };
  const now = () => clock.now;
  const core = await coreIn(dir, { now });
  const user = await core.caller.session.login({ serverUrl: relay.url, username: 'am1', password: 'demo1234' });
  await until(async () => (await core.caller.sync.status()).state === 'online');
  const file = cacheFileFor(dir, relay.url, user.id);
  return { relay, dir, clock, now, core, user, file, later: (days: number) => (clock.now = new Date(clock.now.getTime() + days * DAY)) };
}

describe(`offline lease of the client cache (${TEST_DB})`, () => {
  it('past the lock period without contact, cached reads refuse; queued edits survive and are pushed after the next online sign-in', async () => {
    const customer = await am1.customers.create.mutate({ name: `离线租约测试${Date.now()}有限公司` });
    const c = await offlineClient();
    try {
      await until(() => c.core.sync.cache()!.get('customer', customer.id) !== null);
      await c.relay.down();
      c.core.sync.cache()!.update('customer', customer.id, { phone: '13911112222' });

      c.later(6);
      expect(codeOf(() => c.core.sync.readableCache())).toBeNull();
      c.later(2);
      expect(c.core.sync.cache()!.pendingCount()).toBe(1);
      expect(codeOf(() => c.core.sync.readableCache())).toBe('CACHE_LOCKED');
      // Locked: signed out, and the sign-in screen is told why; not wiped: the edit still waits.
      await until(async () => !(await c.core.caller.session.state()).signedIn);
      expect(await c.core.caller.session.state()).toMatchObject({ signedIn: false, endedBecause: 'CACHE_LOCKED' });
      expect(fs.existsSync(c.file)).toBe(true);

      await c.relay.up();
      await c.core.caller.session.login({ serverUrl: c.relay.url, username: 'am1', password: 'demo1234' });
      expect(await c.core.caller.session.state()).toMatchObject({ signedIn: true, endedBecause: null });
      expect(codeOf(() => c.core.sync.readableCache())).toBeNull();
      await until(async () => (await am1.customers.get.query({ id: customer.id })).phone === '13911112222');
      await until(() => c.core.sync.cache()!.pendingCount() === 0);
    } finally {
      await c.core.close();
      await c.relay.close();
    }
  });

  it('the server sets the lease: its settings reach the client with each pull', async () => {
    await ts.server.services.settings.set('sync.offlineLockDays', 2);
    const c = await offlineClient();
    try {
      await c.relay.down();
      c.later(1.5);
      expect(codeOf(() => c.core.sync.readableCache())).toBeNull();
      c.later(1);
      expect(codeOf(() => c.core.sync.readableCache())).toBe('CACHE_LOCKED');
    } finally {
      await ts.server.services.settings.set('sync.offlineLockDays', 7);
      await c.core.close();
      await c.relay.close();
    }
  });

  it('past the wipe period, the next start deletes the cache and its key, queued edits included', async () => {
    const customer = await am1.customers.create.mutate({ name: `离线擦除测试${Date.now()}有限公司` });
    const c = await offlineClient();
    await until(() => c.core.sync.cache()!.get('customer', customer.id) !== null);
    await c.relay.down();
    c.core.sync.cache()!.update('customer', customer.id, { phone: '13933334444' });
    await c.core.close();
    expect(cacheKeys(c.dir)[cacheKeyName(c.file)]).toMatch(/^[0-9a-f]{64}$/);

    try {
      // 29 days on, the cache is kept (locked, but not wiped).
      c.later(29);
      const early = await coreIn(c.dir, { now: c.now });
      await early.close();
      expect(fs.existsSync(c.file)).toBe(true);

      c.later(2);
      const late = await coreIn(c.dir, { now: c.now });
      await late.close();
      expect(fs.existsSync(c.file)).toBe(false);
      expect(fs.readdirSync(path.dirname(c.file))).toEqual([]);
      expect(cacheKeys(c.dir)[cacheKeyName(c.file)]).toBeUndefined();
      // The edit never reached the server.
      expect((await am1.customers.get.query({ id: customer.id })).phone).not.toBe('13933334444');
    } finally {
      await c.relay.close();
    }
  });

  it('a revoked session takes the cache key with the files: a copy of the file taken before stays unreadable', async () => {
    const c = await offlineClient();
    try {
      const copy = path.join(c.dir, 'copied.sqlite');
      fs.copyFileSync(c.file, copy);
      const admin = await ts.as('admin');
      const sessions = await admin.admin.users.sessions.query({ userId: c.user.id });
      for (const s of sessions.filter((x) => x.device === 'vitest')) await admin.admin.users.revokeSession.mutate({ id: s.id });
      c.core.sync.engine()!.kick();
      await until(() => !fs.existsSync(c.file));
      await c.core.sync.settled();
      expect(cacheKeys(c.dir)[cacheKeyName(c.file)]).toBeUndefined();
      expect(() => openCacheDb(copy)).toThrow(expect.objectContaining({ code: 'SQLITE_NOTADB' }));
    } finally {
      await c.core.close();
      await c.relay.close();
    }
  });

  it('a lost cache key: the next sign-in rebuilds the cache from the server without failing', async () => {
    const customer = await am1.customers.create.mutate({ name: `密钥丢失测试${Date.now()}有限公司` });
    const c = await offlineClient();
    try {
      await until(() => c.core.sync.cache()!.get('customer', customer.id) !== null);
      await c.core.close();
      fs.rmSync(path.join(c.dir, 'cache-keys.json'));

      const again = await coreIn(c.dir, { now: c.now });
      try {
        expect(again.session.isSignedIn()).toBe(true);
        await until(() => again.sync.cache()?.get('customer', customer.id) != null);
        expect(await again.caller.sync.status()).toMatchObject({ pending: 0, rejected: 0 });
        expect(cacheKeys(c.dir)[cacheKeyName(c.file)]).toMatch(/^[0-9a-f]{64}$/);
      } finally {
        await again.close();
      }
    } finally {
      await c.relay.close();
    }
  });
});
