import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3-multiple-ciphers';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ClientCore } from '../../src/main/core';
import { CACHE_SCHEMA_VERSION, openCacheDb } from '../../src/main/core/cache/cache-db';
import { CacheStore } from '../../src/main/core/cache/cache-store';
import { createNetworkSwitch, type NetworkSwitch } from '../../src/main/core/dev-bridge/network-switch';
import { cacheFileFor } from '../../src/main/core/sync/sync-runner';
import { creditCodeCheckChar } from '../../src/shared/domain/credit-code';
import { TEST_DB } from '../support/databases';
import { startTestServer, type ServerClient, type TestServer } from '../support/test-server';
import { appErrorOf, coreIn, tempDir } from './core-support';

// The cache-backed data source answers customers, contacts and follow-ups from the offline
// cache. Checked against the server itself: for users of different scopes and field rules,
// every list input gives the same ids in the same order and the same total, with the core
// cut off from the server (so the answer can only have come from the cache).

let ts: TestServer;
let admin: ServerClient;
const seeded = { customers: [] as { id: string; name: string }[], contacts: [] as string[] };

async function until(what: () => boolean | Promise<boolean>, ms = 20_000): Promise<void> {
  const end = Date.now() + ms;
  while (!(await what())) {
    if (Date.now() > end) throw new Error('timed out waiting');
    await new Promise((r) => setTimeout(r, 25));
  }
}

let codeSeq = 0;
function creditCode(): string {
  const first17 = `91310115MA${String(Date.now() % 1e5).padStart(5, '0')}${String(codeSeq++ % 100).padStart(2, '0')}`;
  return first17 + creditCodeCheckChar(first17)!;
}

const STATUSES = ['potential', 'active', 'key', 'dormant', 'lost'] as const;
const LEVELS = [null, 'A', 'B', 'C', 'D'] as const;
const INDUSTRIES = ['it', 'manufacturing', 'finance', null] as const;
const SOURCES = ['referral', 'website', null] as const;
const REGIONS = [
  { province: '31', city: '3101', district: '310101' },
  { province: '31', city: '3101', district: '310104' },
  { province: '33', city: '3301', district: null },
  { province: null, city: null, district: null },
] as const;
const NAMES = ['杭州云帆智能科技有限公司', '上海ＡＢＣ贸易有限公司', '苏州工业园区精密制造厂', '南京abc  Trading 科技', '宁波港物流集团', '王小二'];

// Customers of several owners (so scopes differ), with every listed field varied, some tags,
// follow-ups (last/next follow-up dates, some empty) and contacts with mobiles.
async function seed(): Promise<void> {
  let n = 0;
  for (const owner of ['am1', 'am3', 'am2', 'lead1', 'director']) {
    const c = await ts.as(owner);
    for (let i = 0; i < 6; i++, n++) {
      const region = REGIONS[n % REGIONS.length]!;
      const individual = n % 7 === 6;
      const created = await c.customers.create.mutate({
        name: `${NAMES[n % NAMES.length]}${n}`,
        kind: individual ? 'individual' : 'company',
        creditCode: individual || n % 3 === 2 ? null : creditCode(),
        status: STATUSES[n % STATUSES.length],
        level: LEVELS[n % LEVELS.length],
        industry: INDUSTRIES[n % INDUSTRIES.length],
        source: SOURCES[n % SOURCES.length],
        ...region,
        phone: n % 2 ? `021-6${String(1000000 + n * 7919).slice(-7)}` : null,
        tags: n % 3 === 0 ? ['展会线索'] : n % 3 === 1 ? ['重点', '展会线索'] : [],
      });
      seeded.customers.push({ id: created.id, name: created.name });
      if (n % 2 === 0) {
        const contact = await c.contacts.create.mutate({
          customerId: created.id,
          name: n % 4 === 0 ? `欧阳${n}` : `Li Lei ${n}`,
          mobile: `139${String(10000000 + n * 1234567).slice(-8)}`,
          isPrimary: n % 4 === 0,
        });
        seeded.contacts.push(contact.id);
        await c.contacts.create.mutate({ customerId: created.id, name: `备用联系人${n}` });
      }
      if (n % 3 !== 1) {
        await c.followUps.create.mutate({
          customerId: created.id,
          type: 'call',
          at: new Date(Date.UTC(2026, 0, 1 + n, 8)).toISOString(),
          content: `第${n}次跟进`,
          nextAt: n % 2 ? `2026-03-${String(1 + (n % 28)).padStart(2, '0')}` : null,
        });
      }
    }
  }
}

beforeAll(async () => {
  ts = await startTestServer();
  admin = await ts.as('admin');
  await seed();
});
afterAll(async () => ts?.close());

interface Signed {
  core: ClientCore;
  net: NetworkSwitch;
  server: ServerClient;
  dir: string;
}

async function signedIn(username: string): Promise<Signed> {
  const dir = tempDir();
  const net = createNetworkSwitch();
  const core = await coreIn(dir, { fetch: net.fetch });
  await core.caller.session.login({ serverUrl: ts.url, username, password: 'demo1234' });
  await until(() => core.sync.cache()?.snapshotComplete() === true);
  return { core, net, server: await ts.as(username), dir };
}

type Outcome = { ids: string[]; total: number } | { error: string };
async function outcome(p: Promise<{ items: { id: string }[]; total: number }>): Promise<Outcome> {
  try {
    const r = await p;
    return { ids: r.items.map((i) => i.id), total: r.total };
  } catch {
    return { error: (await appErrorOf(p)).code };
  }
}

const SORTS = ['name', 'createdAt', 'updatedAt', 'lastFollowUpAt', 'nextFollowUpAt', 'level', 'status'] as const;

function customerInputs(): Record<string, unknown>[] {
  const ownerOf = (u: string) => ts.org.users[u]!.id;
  return [
    {},
    ...SORTS.flatMap((sort) => (['asc', 'desc'] as const).map((order) => ({ sort, order, pageSize: 200 }))),
    { status: ['active', 'key'] },
    { level: ['A', 'D'] },
    { industry: ['it'] },
    { source: ['referral', 'website'] },
    { region: '31' },
    { region: '3101' },
    { region: '310104' },
    { ownerIds: [ownerOf('am1'), ownerOf('am3')] },
    { tags: ['重点'] },
    { tags: ['展会线索'], status: ['potential', 'active', 'key'], sort: 'name', order: 'asc' },
    // Chinese substrings (2 and 4 characters), full-width/case-folded Latin, spaces collapsed.
    { search: '科技' },
    { search: '云帆智能' },
    { search: 'abc' },
    { search: 'ＡＢＣ贸易' },
    { search: 'abc trading' },
    // A phone number's digits (masked for some users: then it finds nothing), a credit-code prefix.
    { search: '6100' },
    { search: '021-61' },
    { search: '91310115' },
    { search: '没有这样的客户' },
    { search: '100%' },
    { pageSize: 4, page: 1, sort: 'name', order: 'asc' },
    { pageSize: 4, page: 3, sort: 'lastFollowUpAt', order: 'desc' },
    { pageSize: 4, page: 2, sort: 'level', order: 'asc' },
    { pageSize: 7, page: 50 },
  ];
}

describe(`cache-backed data source (${TEST_DB})`, () => {
  it.each(['am1', 'lead1', 'director', 'marketing1', 'service1'])('answers the lists from the cache exactly as the server does (%s)', async (username) => {
    const { core, net, server } = await signedIn(username);
    // Offline: whatever answers now is the cache.
    net.setOffline(true);
    const mismatches: unknown[] = [];
    let narrowed = 0;
    const check = async (what: string, input: Record<string, unknown>, local: Promise<Outcome>, remote: Promise<Outcome>) => {
      const [l, r] = await Promise.all([local, remote]);
      if (JSON.stringify(l) !== JSON.stringify(r)) mismatches.push({ what, input, cache: l, server: r });
      if ('ids' in l && l.ids.length > 0 && l.ids.length < 30) narrowed++;
    };
    for (const input of customerInputs()) {
      await check('customers', input, outcome(core.caller.customers.list(input as never)), outcome(server.customers.list.query(input as never)));
    }
    const someCustomer = seeded.customers.find((c) => core.sync.cache()!.get('customer', c.id))?.id;
    const contactInputs: Record<string, unknown>[] = [{}, { search: '欧阳' }, { search: 'li lei' }, { search: '联系' }, { search: '1391' }, { pageSize: 3, page: 2 }];
    const followUpInputs: Record<string, unknown>[] = [{}, { from: '2026-01-05T00:00:00+08:00' }, { to: '2026-01-10T08:00:00.000Z' }, { pageSize: 5, page: 2 }];
    if (someCustomer) {
      contactInputs.push({ customerId: someCustomer });
      followUpInputs.push({ customerId: someCustomer });
    }
    for (const input of contactInputs) {
      await check('contacts', input, outcome(core.caller.contacts.list(input as never)), outcome(server.contacts.list.query(input as never)));
    }
    for (const input of followUpInputs) {
      await check('followUps', input, outcome(core.caller.followUps.list(input as never)), outcome(server.followUps.list.query(input as never)));
    }
    expect(mismatches).toEqual([]);
    // The table above is not vacuous: most inputs pick some rows, not all, and a search narrows.
    expect(narrowed).toBeGreaterThan(10);
    const all = await core.caller.customers.list({});
    expect(all.total).toBeGreaterThan(0);
    expect((await core.caller.customers.list({ search: '科技' })).total).toBeLessThan(all.total);
    // A single record too, as the server shows it (masked fields included).
    const one = all.items[0]!;
    expect(await core.caller.customers.get({ id: one.id })).toEqual(await server.customers.get.query({ id: one.id }));
    await core.close();
  });

  it('an edit made offline shows at once and as pending, and reaches the server once when back', async () => {
    const { core, net, server } = await signedIn('am1');
    net.setOffline(true);
    const name = `离线新建${Date.now()}有限公司`;
    const created = await core.caller.customers.create({ name, tags: ['离线'] });
    expect(created).toMatchObject({ name, owner: { id: ts.org.users.am1!.id }, version: 0, tags: ['离线'] });
    const other = (await core.caller.customers.list({ sort: 'name', order: 'asc' })).items.find((c) => c.id !== created.id)!;
    const edited = await core.caller.customers.update({ id: other.id, patch: { remarks: '离线时改的', level: 'B' } });
    expect(edited).toMatchObject({ remarks: '离线时改的', level: 'B' });
    expect((await core.caller.customers.list({ search: name })).items.map((c) => c.id)).toEqual([created.id]);
    expect((await core.caller.customers.list({ level: ['B'] })).items.map((c) => c.id)).toContain(other.id);
    // A contact and a follow-up of the customer that exists only here so far.
    const contact = await core.caller.contacts.create({ customerId: created.id, name: '离线联系人', mobile: '13800138000', isPrimary: true });
    expect((await core.caller.contacts.list({ customerId: created.id })).items.map((c) => c.id)).toEqual([contact.id]);
    const fu = await core.caller.followUps.create({ customerId: created.id, contactId: contact.id, type: 'visit', at: '2026-02-01T10:00:00+08:00', content: '离线拜访' });
    expect(await core.caller.followUps.get({ id: fu.id })).toMatchObject({ contactName: '离线联系人', at: '2026-02-01T02:00:00.000Z', customerName: name });
    expect(await core.caller.sync.status()).toMatchObject({ pending: 4 });
    // Online-only work says the server cannot be reached.
    expect((await appErrorOf(core.caller.pool.list({})))).toMatchObject({ code: 'SERVER_UNREACHABLE' });
    // Nothing reached the server yet.
    expect((await server.customers.list.query({ search: name })).total).toBe(0);

    net.setOffline(false);
    core.sync.engine()!.kick();
    await until(async () => (await core.caller.sync.status()).pending === 0);
    const onServer = await server.customers.list.query({ search: name });
    expect(onServer.items.map((c) => c.id)).toEqual([created.id]);
    expect(await server.customers.get.query({ id: other.id })).toMatchObject({ remarks: '离线时改的', level: 'B' });
    expect((await server.contacts.list.query({ customerId: created.id })).items.map((c) => c.id)).toEqual([contact.id]);
    expect(await server.followUps.get.query({ id: fu.id })).toMatchObject({ content: '离线拜访', contactId: contact.id });
    // The cache now holds the server's row.
    expect(await core.caller.customers.get({ id: created.id })).toEqual(await server.customers.get.query({ id: created.id }));
    // Another round pushes nothing again.
    await core.sync.engine()!.sync();
    expect((await server.customers.list.query({ search: name })).total).toBe(1);
    await core.close();
  });

  it('a create the server refuses later (a credit code someone took meanwhile) is rolled back and listed as refused', async () => {
    const { core, net } = await signedIn('am1');
    const code = creditCode();
    net.setOffline(true);
    const mine = await core.caller.customers.create({ name: `离线抢注${Date.now()}有限公司`, creditCode: code });
    expect(await core.caller.customers.get({ id: mine.id })).toMatchObject({ creditCode: code });
    // Another user, online, registers the same company first.
    await (await ts.as('am2')).customers.create.mutate({ name: `先到${Date.now()}有限公司`, creditCode: code });

    net.setOffline(false);
    core.sync.engine()!.kick();
    await until(async () => (await core.caller.sync.status()).pending === 0);
    expect((await core.caller.customers.list({ search: code })).items.map((c) => c.id)).not.toContain(mine.id);
    expect(core.sync.cache()!.rejected().map((r) => r.entityId)).toEqual([mine.id]);
    expect(await core.caller.sync.status()).toMatchObject({ rejected: 1, pending: 0 });
    await core.close();
  });

  it('online, a refused write fails in the form that made it, as before, and leaves nothing behind', async () => {
    const { core } = await signedIn('am1');
    const code = creditCode();
    await (await ts.as('am3')).customers.create.mutate({ name: `已登记${Date.now()}有限公司`, creditCode: code });
    await core.sync.engine()!.sync();
    const refused = await appErrorOf(core.caller.customers.create({ name: `重复${Date.now()}有限公司`, creditCode: code }));
    expect(refused.code).not.toBe('INTERNAL');
    expect(await core.caller.sync.status()).toMatchObject({ pending: 0, rejected: 0 });
    // A good one is on the server by the time the call answers.
    const ok = await core.caller.customers.create({ name: `在线新建${Date.now()}有限公司` });
    expect(ok.version).toBeGreaterThan(0);
    await core.close();
  });

  it('tells open pages when the cache changes: a colleague’s new customer is in the list by the time the notice comes', async () => {
    const { core } = await signedIn('am1');
    const feed = (await core.caller.live.onChange())[Symbol.asyncIterator]();
    const name = `同事新建${Date.now()}有限公司`;
    // Same user on another device: the server's notice brings a pull, the pull a cache notice.
    const created = await (await ts.as('am1')).customers.create.mutate({ name });
    let event: { entity: string } | undefined;
    do event = (await feed.next()).value as { entity: string };
    while (event.entity !== 'customer');
    expect((await core.caller.customers.list({ search: name })).items.map((c) => c.id)).toEqual([created.id]);
    // A local write is announced too, with its id.
    const mine = await core.caller.customers.create({ name: `本机新建${Date.now()}有限公司` });
    const seen: string[] = [];
    while (!seen.includes(mine.id)) seen.push(((await feed.next()).value as { entityId: string }).entityId);
    await feed.return?.(undefined);
    await core.close();
  });

  it('a cache from before the list columns keeps its unsent edits through the upgrade, and pulls its rows again', () => {
    // A cache file as schema version 2 left it: one synced row, one edit waiting for the server.
    const file = path.join(tempDir(), 'old.sqlite');
    const old = new Database(file);
    old.exec(`CREATE TABLE schema_version (version INTEGER NOT NULL); INSERT INTO schema_version VALUES (2);
      CREATE TABLE records (entity TEXT NOT NULL, id TEXT NOT NULL, customer_id TEXT, name TEXT NOT NULL DEFAULT '',
        updated_at TEXT, version INTEGER NOT NULL DEFAULT 0, data TEXT NOT NULL, PRIMARY KEY (entity, id));
      CREATE VIRTUAL TABLE records_fts USING fts5(entity UNINDEXED, id UNINDEXED, body, tokenize = 'trigram');
      CREATE TABLE outbox (seq INTEGER PRIMARY KEY AUTOINCREMENT, mutation_id TEXT NOT NULL UNIQUE, entity TEXT NOT NULL,
        entity_id TEXT NOT NULL, body TEXT NOT NULL, before TEXT, created_at TEXT NOT NULL);
      CREATE TABLE sync_state (key TEXT PRIMARY KEY, value TEXT NOT NULL);
      CREATE TABLE conflicts (mutation_id TEXT PRIMARY KEY, entity TEXT NOT NULL, entity_id TEXT NOT NULL, fields TEXT NOT NULL, created_at TEXT NOT NULL);
      CREATE TABLE rejected (mutation_id TEXT PRIMARY KEY, entity TEXT NOT NULL, entity_id TEXT NOT NULL, error TEXT NOT NULL, record TEXT,
        created_at TEXT NOT NULL, kind TEXT NOT NULL DEFAULT 'update', name TEXT);
      INSERT INTO records (entity, id, name, data) VALUES ('customer', 'c1', '旧客户', '{"id":"c1","name":"旧客户"}');
      INSERT INTO records_fts (entity, id, body) VALUES ('customer', 'c1', '旧客户');
      INSERT INTO outbox (mutation_id, entity, entity_id, body, created_at)
        VALUES ('m1', 'customer', 'c1', '{"id":"m1","kind":"update","entity":"customer","entityId":"c1","patch":{"remarks":"未上传"}}', '2026-01-01');
      INSERT INTO sync_state VALUES ('cursor', 'c.5.x'), ('snapshot', 'complete');`);
    old.close();

    const cache = new CacheStore(openCacheDb(file));
    expect(cache.db.prepare('SELECT version FROM schema_version').get()).toEqual({ version: CACHE_SCHEMA_VERSION });
    expect(cache.outbox().map((p) => p.mutation)).toEqual([{ id: 'm1', kind: 'update', entity: 'customer', entityId: 'c1', patch: { remarks: '未上传' } }]);
    // Rows come again from the server (no cursor: a fresh snapshot); until then lists ask it.
    expect(cache.all('customer')).toEqual([]);
    expect(cache.state('cursor')).toBeNull();
    expect(cache.snapshotComplete()).toBe(false);
    cache.db.close();
  });

  it('restarted without the server (train, dropped VPN) the app goes on from the cache, and the session is confirmed when the server is back', async () => {
    const { core, dir, server } = await signedIn('am3');
    const before = await core.caller.customers.list({});
    await core.close();
    const net = createNetworkSwitch();
    net.setOffline(true);
    const restarted = await coreIn(dir, { fetch: net.fetch });
    await restarted.sync.settled();
    expect(await restarted.caller.session.state()).toMatchObject({ signedIn: true, offline: true, user: { username: 'am3' } });
    expect(await restarted.caller.customers.list({})).toEqual(before);
    const name = `重启后离线新建${Date.now()}有限公司`;
    const created = await restarted.caller.customers.create({ name });
    expect(await restarted.caller.sync.status()).toMatchObject({ pending: 1 });

    net.setOffline(false);
    restarted.sync.engine()!.kick();
    await until(async () => (await restarted.caller.sync.status()).pending === 0);
    await until(async () => (await restarted.caller.session.state()).offline === false);
    expect((await server.customers.get.query({ id: created.id })).name).toBe(name);
    await restarted.close();

    // Past the offline lease the cache no longer vouches for the user: sign in online first.
    const stillOffline = createNetworkSwitch();
    stillOffline.setOffline(true);
    const later = await coreIn(dir, { fetch: stillOffline.fetch, now: () => new Date(Date.now() + 8 * 86_400_000) });
    expect(await later.caller.session.state()).toMatchObject({ signedIn: false, offline: false });
    await later.close();
  });

  it('a remembered session the server refuses at start (user disabled) still wipes that user’s cache', async () => {
    const { core, dir } = await signedIn('lead2');
    const user = core.session.user()!;
    const file = cacheFileFor(dir, ts.url, user.id);
    await core.close();
    expect(fs.existsSync(file)).toBe(true);
    await admin.admin.users.disable.mutate({ id: user.id });
    const restarted = await coreIn(dir);
    await until(() => !fs.existsSync(file));
    expect(await restarted.caller.session.state()).toMatchObject({ signedIn: false });
    await restarted.close();
  });
});
