import path from 'node:path';
import fc from 'fast-check';
import { In, MoreThanOrEqual } from 'typeorm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import fs from 'node:fs';
import { openCacheDb, CACHE_SCHEMA_VERSION, wipeCacheDb } from '../../src/main/core/cache/cache-db';
import { CacheStore } from '../../src/main/core/cache/cache-store';
import { SyncEngine, type SyncTransport } from '../../src/main/core/sync/sync-engine';
import { ChangeLogEntity } from '../../server/modules/changes/change-log.entity';
import { SyncMutationEntity } from '../../server/modules/sync/sync-mutation.entity';
import { TEST_DB } from '../support/databases';
import { startTestServer, type ServerClient, type TestServer } from '../support/test-server';
import { createCustomer } from '../server/customers-fixtures';
import { tempDir } from './core-support';
import { createServerClient } from '../../src/main/core/session/server-client';

let ts: TestServer;
let lead1: ServerClient;
beforeAll(async () => {
  ts = await startTestServer();
  lead1 = await ts.as('lead1');
});
afterAll(async () => ts?.close());

// A client: its own cache file and an engine whose link to the server can be cut.
async function client(username: string) {
  const server = await ts.as(username);
  // loseReply: the next push reaches the server but its answer is lost (the client retries).
  // pullsLeft: the link drops after that many more pulls.
  const link = { online: true, loseReply: false, pullsLeft: Infinity };
  const guard = () => {
    if (!link.online) throw new Error('ECONNREFUSED');
  };
  const transport: SyncTransport = {
    pull: async (input) => {
      if (link.pullsLeft-- <= 0) link.online = false;
      guard();
      return server.sync.pull.query(input);
    },
    push: async (input) => {
      guard();
      const out = await server.sync.push.mutate(input as never);
      if (link.loseReply) {
        link.loseReply = false;
        throw new Error('ECONNRESET');
      }
      return out;
    },
  };
  const file = path.join(tempDir(), 'cache.sqlite');
  const cache = new CacheStore(openCacheDb(file));
  return { server, link, cache, file, engine: new SyncEngine(cache, transport, 7, () => wipeCacheDb(cache.db)) };
}

const serverIds = async (c: ServerClient) => (await c.customers.list.query({ pageSize: 100 })).items.map((i) => i.id).sort();

describe(`offline cache and sync engine (${TEST_DB})`, () => {
  it('first sync fills the cache with the scope; local search finds Chinese substrings and contacts', async () => {
    const a = await client('am1');
    const c = await a.server.customers.create.mutate({ name: '杭州西湖龙井茶业有限公司' });
    await a.server.contacts.create.mutate({ customerId: c.id, name: '欧阳修', mobile: '13912345678' });
    await a.engine.sync();
    expect(a.cache.all('customer').map((r) => r.id).sort()).toEqual(await serverIds(a.server));
    expect(a.cache.searchCustomers('龙井茶').map((r) => r.id)).toEqual([c.id]);
    expect(a.cache.searchCustomers('欧阳').map((r) => r.id)).toEqual([c.id]);
    expect(a.cache.searchCustomers('2345678').map((r) => r.id)).toEqual([c.id]);
    expect(a.engine.status()).toMatchObject({ state: 'online', pending: 0 });
    expect(a.cache.db.prepare('SELECT version FROM schema_version').get()).toEqual({ version: CACHE_SCHEMA_VERSION });
  });

  it('a first sync leaves the list indexes exactly as the cache migrations define them', async () => {
    const a = await client('am1');
    const indexes = (db: { prepare(sql: string): { all(): unknown[] } }) =>
      db.prepare("SELECT name, sql FROM sqlite_master WHERE type = 'index' AND tbl_name = 'records' ORDER BY name").all();
    const migrated = openCacheDb(path.join(tempDir(), 'fresh.sqlite'));
    const expected = indexes(migrated);
    migrated.close();
    expect(expected.length).toBeGreaterThan(5);
    await a.engine.sync();
    expect(a.cache.snapshotComplete()).toBe(true);
    expect(indexes(a.cache.db)).toEqual(expected);
  });

  it('a first sync shows its progress, and an interrupted one resumes where it stopped', async () => {
    const a = await client('am1');
    for (let i = 0; i < 30; i++) await createCustomer(a.server);
    const seen: { done: number; total: number }[] = [];
    a.engine.onStatus(() => {
      const p = a.engine.status().firstSync;
      if (p && p.done !== seen.at(-1)?.done) seen.push(p);
    });
    // The link drops after three pages of 7: the rows so far stay, the cursor says where to go on.
    a.link.pullsLeft = 3;
    await expect(a.engine.sync()).rejects.toThrow();
    expect(seen.at(-1)!.done).toBe(21);
    expect(seen.at(-1)!.total).toBeGreaterThanOrEqual(30);
    expect(a.engine.status().firstSync).toEqual(seen.at(-1));
    const cut = seen.length;
    Object.assign(a.link, { online: true, pullsLeft: Infinity });
    await a.engine.sync();
    // Resumed, not restarted: the first page after the cut carries on from 21.
    expect(seen[cut]!.done).toBe(28);
    for (let i = 1; i < seen.length; i++) expect(seen[i]!.done).toBeGreaterThan(seen[i - 1]!.done);
    expect(a.engine.status().firstSync).toBeNull();
    expect(a.cache.all('customer').map((r) => r.id).sort()).toEqual(await serverIds(a.server));
  });

  it('edits made offline show at once, survive failed syncs, and reach the server once when back', async () => {
    const a = await client('am1');
    const c = await createCustomer(a.server);
    await a.engine.sync();
    a.link.online = false;
    a.cache.update('customer', c.id, { remarks: '离线时改的' });
    const created = a.cache.create('contact', { customerId: c.id, name: '离线联系人' });
    expect(a.cache.get('customer', c.id)!.remarks).toBe('离线时改的');
    await expect(a.engine.sync()).rejects.toThrow();
    await expect(a.engine.sync()).rejects.toThrow();
    expect(a.engine.status()).toMatchObject({ state: 'offline', pending: 2 });
    a.link.online = true;
    await a.engine.sync();
    await a.engine.sync();
    expect(a.engine.status()).toMatchObject({ state: 'online', pending: 0 });
    expect((await a.server.customers.get.query({ id: c.id })).remarks).toBe('离线时改的');
    expect((await a.server.contacts.get.query({ id: created.entityId })).name).toBe('离线联系人');
    const updates = await ts.server.db.getRepository(ChangeLogEntity).findBy({ entity: 'customer', entityId: c.id, op: 'update' });
    expect(updates).toHaveLength(1);
    expect(a.cache.get('customer', c.id)!.version).toBe(c.version + 1);
  });

  it('same field changed on both sides: server value stands, mine kept in a conflict entry', async () => {
    const a = await client('am1');
    const c = await createCustomer(a.server, { remarks: '原来' });
    await a.engine.sync();
    a.cache.update('customer', c.id, { remarks: '我的' });
    await a.server.customers.update.mutate({ id: c.id, patch: { remarks: '别人的' } });
    await a.engine.sync();
    expect(a.cache.get('customer', c.id)!.remarks).toBe('别人的');
    expect(a.cache.conflicts()).toEqual([expect.objectContaining({ entityId: c.id, fields: [{ field: 'remarks', mine: '我的', theirs: '别人的' }] })]);
  });

  it('a record reassigned away leaves the cache; an edit to it is refused, rolled back and listed', async () => {
    const a = await client('am1');
    const c = await createCustomer(a.server);
    await a.engine.sync();
    a.cache.update('customer', c.id, { remarks: '来不及了' });
    await lead1.customers.transfer.mutate({ ids: [c.id], toUserId: ts.org.users.am3!.id });
    await a.engine.sync();
    expect(a.cache.get('customer', c.id)).toBeNull();
    expect(a.cache.rejected()).toEqual([expect.objectContaining({ entityId: c.id, error: expect.objectContaining({ appCode: 'NOT_FOUND' }), record: { remarks: '来不及了' } })]);
    expect((await (await ts.as('am3')).customers.get.query({ id: c.id })).remarks).toBeNull();
  });

  it('runs by itself: retries with backoff while offline, and pulls within a second of a live notice', async () => {
    const a = await client('am1');
    const c = await createCustomer(a.server);
    await a.engine.sync();
    const token = (await ts.anonymous().auth.login.mutate({ username: 'am1', password: 'demo1234' })).token;
    const live = createServerClient({ url: ts.url, token: () => token });
    a.engine.retry = { baseMs: 50, maxMs: 400, pollMs: 60_000 };
    a.link.online = false;
    a.cache.update('customer', c.id, { remarks: '自动补发' });
    a.engine.start((notice) => {
      const sub = live.changes.onChange.subscribe(undefined, { onData: notice });
      return () => sub.unsubscribe();
    });
    try {
      await new Promise((r) => setTimeout(r, 300));
      expect(a.engine.status()).toMatchObject({ state: 'offline', pending: 1 });
      a.link.online = true;
      await expect.poll(() => a.engine.status().pending, { timeout: 3000, interval: 50 }).toBe(0);
      expect((await a.server.customers.get.query({ id: c.id })).remarks).toBe('自动补发');

      const t0 = Date.now();
      await lead1.customers.update.mutate({ id: c.id, patch: { remarks: '组长改的' } });
      await expect.poll(() => a.cache.get('customer', c.id)?.remarks, { timeout: 3000, interval: 25 }).toBe('组长改的');
      expect(Date.now() - t0).toBeLessThan(1500);
    } finally {
      a.engine.stop();
    }
  });

  it('a revoked session wipes the cache file at the next contact', async () => {
    // am2's token is shared by both clients here (test-server caches one per user) and used by
    // no later test: logging one out revokes the session the other syncs with.
    const a = await client('am2');
    await createCustomer(a.server);
    await a.engine.sync();
    expect(a.cache.all('customer').length).toBeGreaterThan(0);
    const other = await client('am2');
    await other.server.auth.logout.mutate();
    await expect(a.engine.sync()).rejects.toThrow();
    expect(fs.existsSync(a.file)).toBe(false);
    expect(fs.existsSync(`${a.file}-wal`)).toBe(false);
  });

  it('property: clients creating, editing and deleting offline while records move between them and the server restarts converge, nothing doubled or lost', async () => {
    const started = new Date().toISOString();
    const clients = [await client('am1'), await client('am3'), await client('lead1')];
    const shared = await Promise.all([1, 2, 3].map(() => createCustomer(clients[0]!.server)));
    for (const c of clients) await c.engine.sync();
    let pushed = 0;
    let named = 0;
    // What each client created and deleted through its cache, to account for every create.
    const created = clients.map(() => [] as string[]);
    const deleted = new Set<string>();
    const op = fc.record({
      who: fc.nat({ max: clients.length - 1 }),
      target: fc.nat({ max: shared.length - 1 }),
      action: fc.constantFrom('edit', 'edit', 'create', 'delete', 'reassign', 'sync', 'offline', 'online', 'loseReply', 'restart'),
      text: fc.constantFrom('甲', '乙', '丙', '丁'),
    });
    await fc.assert(
      fc.asyncProperty(fc.array(op, { minLength: 5, maxLength: 15 }), async (ops) => {
        for (const o of ops) {
          const c = clients[o.who]!;
          const id = shared[o.target]!.id;
          if (o.action === 'offline') c.link.online = false;
          if (o.action === 'online') c.link.online = true;
          if (o.action === 'loseReply') c.link.loseReply = true;
          if (o.action === 'restart') await ts.restart();
          if (o.action === 'edit' && c.cache.get('customer', id)) {
            c.cache.update('customer', id, { remarks: o.text + pushed++ });
          }
          if (o.action === 'create') {
            pushed++;
            created[o.who]!.push(c.cache.create('customer', { name: `同步属性测试${started}${named++}${o.text}有限公司` }).entityId);
          }
          const mine = created[o.who]!.filter((x) => !deleted.has(x) && c.cache.get('customer', x));
          if (o.action === 'delete' && mine.length) {
            const victim = mine[o.target % mine.length]!;
            pushed++;
            c.cache.delete('customer', victim);
            deleted.add(victim);
          }
          // The team lead moves a shared customer between the two account managers (online,
          // straight on the server): it leaves one cache and arrives in the other.
          if (o.action === 'reassign') {
            const to = ts.org.users[o.target % 2 ? 'am3' : 'am1']!.id;
            await clients[2]!.server.customers.transfer.mutate({ ids: [id], toUserId: to }).catch(() => undefined);
          }
          if (o.action === 'sync') await c.engine.sync().catch(() => undefined);
        }
        for (const c of clients) Object.assign(c.link, { online: true, loseReply: false });
        for (const c of clients) await c.engine.sync();
        for (const c of clients) await c.engine.sync();
        for (const c of clients) {
          expect(c.cache.pendingCount()).toBe(0);
          const cached = c.cache.all('customer').map((r) => JSON.stringify(r));
          const truth = (await c.server.customers.list.query({ pageSize: 100 })).items;
          expect(cached.sort()).toEqual(truth.map((r) => JSON.stringify(r)).sort());
        }
      }),
      { numRuns: 6 },
    );
    // Nothing lost: every create reached the server, unless the same client deleted it again
    // or the server refused it (then it is listed for the user to review).
    const lead = clients[2]!.server;
    for (const [i, ids] of created.entries()) {
      const refused = new Set(clients[i]!.cache.rejected().map((r) => r.entityId));
      for (const id of ids) {
        if (deleted.has(id) || refused.has(id)) continue;
        expect((await lead.customers.get.query({ id })).id).toBe(id);
      }
    }
    // Nothing doubled: each change on the server comes from one distinct processed mutation,
    // though lost replies and restarts made clients push some mutations more than once.
    const log = await ts.server.db.getRepository(ChangeLogEntity).find({ where: { at: MoreThanOrEqual(started), op: In(['create', 'update', 'delete']) } });
    // (Not from sync: the three shared customers created online and the lead's transfers.)
    const fromSync = log.filter((e) => e.entity === 'customer' && !shared.some((c) => c.id === e.entityId && e.op === 'create') && !(e.fields ?? []).includes('ownerId'));
    const processed = await ts.server.db.getRepository(SyncMutationEntity).countBy({ at: MoreThanOrEqual(started) });
    expect(fromSync.length).toBeGreaterThan(0);
    expect(fromSync.length).toBeLessThanOrEqual(processed);
    expect(processed).toBeLessThanOrEqual(pushed);
    const creates = fromSync.filter((e) => e.op === 'create').map((e) => e.entityId);
    expect(new Set(creates).size).toBe(creates.length);
  });
});
