import { v7 as uuidv7 } from 'uuid';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ChangeLogEntity } from '../../server/modules/changes/change-log.entity';
import type { SyncRow } from '../../server/modules/sync/sync-feed';
import { TEST_DB } from '../support/databases';
import { startTestServer, type ServerClient, type TestServer } from '../support/test-server';
import { RoleEntity } from '../../server/modules/org/role.entity';
import { UserRoleEntity } from '../../server/modules/org/user.entity';
import { createCustomer, uniqueMobile, userWithRole } from './customers-fixtures';

let ts: TestServer;
let am1: ServerClient;
let am2: ServerClient;
let am3: ServerClient;
let lead1: ServerClient;
beforeAll(async () => {
  ts = await startTestServer();
  [am1, am2, am3, lead1] = await Promise.all([ts.as('am1'), ts.as('am2'), ts.as('am3'), ts.as('lead1')]);
});
afterAll(async () => ts?.close());

type Cache = Map<string, SyncRow & { op: 'put' }>;

// A minimal client: applies pages the way the real cache does (puts replace, a customer
// tombstone drops its children) and follows hasMore.
async function syncAll(client: ServerClient, state: { cursor: string | null; cache: Cache }, limit = 3): Promise<number> {
  let pages = 0;
  for (;;) {
    const page = await client.sync.pull.query({ cursor: state.cursor, limit });
    pages++;
    if (page.reset) state.cache.clear();
    for (const c of page.changes as SyncRow[]) {
      const key = `${c.entity}:${c.id}`;
      if (c.op === 'put') state.cache.set(key, c);
      else {
        state.cache.delete(key);
        if (c.entity === 'customer') {
          for (const [k, v] of state.cache) if (v.entity !== 'customer' && (v.row as { customerId: string }).customerId === c.id) state.cache.delete(k);
        }
      }
    }
    state.cursor = page.cursor;
    if (!page.hasMore) return pages;
  }
}

const ids = (cache: Cache, entity: string) => [...cache.values()].filter((v) => v.entity === entity).map((v) => v.id).sort();
const fresh = () => ({ cursor: null as string | null, cache: new Map() as Cache });

describe(`sync feed (${TEST_DB})`, () => {
  it('first sync pages through exactly the caller’s scope, as the read procedures show it, and resumes', async () => {
    const mine = await Promise.all([1, 2, 3, 4].map(() => createCustomer(am1)));
    const contact = await am1.contacts.create.mutate({ customerId: mine[0]!.id, name: '联系人甲', mobile: uniqueMobile() });
    const fu = await am1.followUps.create.mutate({ customerId: mine[1]!.id, type: 'call', at: new Date().toISOString(), content: '电话' });
    const theirs = await createCustomer(am2);
    await am2.contacts.create.mutate({ customerId: theirs.id, name: '别人的联系人' });

    const state = fresh();
    const pages = await syncAll(am1, state, 2);
    expect(pages).toBeGreaterThan(3);
    const listed = await am1.customers.list.query({ pageSize: 100 });
    expect(ids(state.cache, 'customer')).toEqual(listed.items.map((c) => c.id).sort());
    expect(ids(state.cache, 'customer')).not.toContain(theirs.id);
    expect(ids(state.cache, 'contact')).toEqual([contact.id]);
    expect(ids(state.cache, 'followUp')).toEqual([fu.id]);
    // The same DTO as customers.get (masking included), not a copy of the stored row.
    expect(state.cache.get(`customer:${mine[0]!.id}`)!.row).toEqual(await am1.customers.get.query({ id: mine[0]!.id }));

    // Interrupted after one page: a client resuming from that cursor ends up the same.
    const first = await am1.sync.pull.query({ cursor: null, limit: 2 });
    const resumed = { cursor: first.cursor, cache: new Map(first.changes.map((c) => [`${c.entity}:${c.id}`, c])) as Cache };
    await syncAll(am1, resumed, 2);
    expect([...resumed.cache.keys()].sort()).toEqual([...state.cache.keys()].sort());
  });

  it('a snapshot reports its progress: rows sent so far of the rows in view when it began', async () => {
    await createCustomer(am3);
    const inView = await am3.customers.list.query({ pageSize: 1 });
    let cursor: string | null = null;
    const seen: { done: number; total: number }[] = [];
    let rows = 0;
    for (;;) {
      const page: Awaited<ReturnType<typeof am3.sync.pull.query>> = await am3.sync.pull.query({ cursor, limit: 2 });
      rows += page.changes.length;
      if (!page.progress) break;
      seen.push(page.progress);
      cursor = page.cursor;
    }
    const contacts = (await am3.contacts.list.query({ pageSize: 100 })).total;
    const followUps = (await am3.followUps.list.query({ pageSize: 100 })).total;
    const total = inView.total + contacts + followUps;
    expect(seen[0]).toEqual({ done: Math.min(2, total), total });
    expect(seen.at(-1)).toEqual({ done: total, total });
    expect(rows).toBeGreaterThanOrEqual(total);
    // Strictly growing until the end, never past the total.
    for (let i = 1; i < seen.length - 1; i++) expect(seen[i]!.done).toBeGreaterThan(seen[i - 1]!.done);
  });

  it('masked and hidden fields reach the cache already masked or absent; unviewable tables not at all', async () => {
    const c = await createCustomer(am1, { phone: '0571-88886666' });
    const mobile = uniqueMobile();
    const k = await am1.contacts.create.mutate({ customerId: c.id, name: '孙七', mobile, wechat: 'sunqi_wx' });
    await am1.followUps.create.mutate({ customerId: c.id, type: 'visit', at: new Date().toISOString(), content: '拜访' });
    const marketing = await ts.as('marketing1');
    const state = fresh();
    await syncAll(marketing, state, 500);
    const row = state.cache.get(`contact:${k.id}`)!.row as unknown as Record<string, unknown>;
    expect(row.mobile).not.toBe(mobile);
    expect(String(row.mobile)).toContain('*');
    expect(row.wechat).toBeNull();
    expect(JSON.stringify([...state.cache.values()])).not.toContain(mobile);
    expect(JSON.stringify([...state.cache.values()])).not.toContain('sunqi_wx');
    expect(JSON.stringify([...state.cache.values()])).not.toContain('0571-88886666');
    expect(ids(state.cache, 'followUp')).toEqual([]);
  });

  it('a role change (no change_log row) resets the client to a snapshot of its new view', async () => {
    const { client: viewer, id } = await userWithRole(ts, {
      username: `syncrole${Date.now() % 100000}`,
      dept: 'east',
      grant: { permissions: ['customers.view'], dataScopes: { customers: 'own' }, fieldRules: {} },
    });
    const theirs = await createCustomer(am1);
    const state = fresh();
    await syncAll(viewer, state);
    expect(state.cache.size).toBe(0);
    const roleId = (await ts.server.db.getRepository(UserRoleEntity).findOneByOrFail({ userId: id })).roleId;
    await ts.server.db.getRepository(RoleEntity).update({ id: roleId }, { dataScopes: { customers: 'department' } });
    const page = await viewer.sync.pull.query({ cursor: state.cursor, limit: 500 });
    expect(page.reset).toBe(true);
    state.cursor = null;
    await syncAll(viewer, state, 500);
    expect(ids(state.cache, 'customer')).toContain(theirs.id);
  });

  it('sends edits, tombstones for deletes, and follows records out of and into scope', async () => {
    const a = await createCustomer(am1);
    const k = await am1.contacts.create.mutate({ customerId: a.id, name: '王五' });
    const b = await createCustomer(am3);
    const kb = await am3.contacts.create.mutate({ customerId: b.id, name: '赵六' });
    const state = fresh();
    await syncAll(am1, state);
    expect(state.cache.has(`contact:${k.id}`)).toBe(true);
    expect(state.cache.has(`customer:${b.id}`)).toBe(false);

    await am1.customers.update.mutate({ id: a.id, patch: { remarks: '改过' } });
    await syncAll(am1, state);
    expect((state.cache.get(`customer:${a.id}`)!.row as { remarks: string }).remarks).toBe('改过');

    await am1.contacts.delete.mutate({ id: k.id });
    await syncAll(am1, state);
    expect(state.cache.has(`contact:${k.id}`)).toBe(false);

    // a goes to am3, b comes to am1 (with its contact, which itself did not change).
    await lead1.customers.transfer.mutate({ ids: [a.id], toUserId: ts.org.users.am3!.id });
    await lead1.customers.transfer.mutate({ ids: [b.id], toUserId: ts.org.users.am1!.id });
    await syncAll(am1, state);
    expect(state.cache.has(`customer:${a.id}`)).toBe(false);
    expect(state.cache.has(`customer:${b.id}`)).toBe(true);
    expect(state.cache.has(`contact:${kb.id}`)).toBe(true);

    // Whatever happened, the cache equals a first sync of the same view.
    const again = fresh();
    await syncAll(am1, again, 50);
    expect([...state.cache.keys()].sort()).toEqual([...again.cache.keys()].sort());
  });
});

describe(`sync push (${TEST_DB})`, () => {
  it('applies a mutation once however often it is pushed, even concurrently', async () => {
    const c = await createCustomer(am1);
    const m = { id: uuidv7(), kind: 'update' as const, entity: 'customer' as const, entityId: c.id, baseVersion: c.version, patch: { remarks: '一次' } };
    const [r1, r2] = await Promise.all([am1.sync.push.mutate({ mutations: [m] }), am1.sync.push.mutate({ mutations: [m] })]);
    const r3 = await am1.sync.push.mutate({ mutations: [m] });
    for (const r of [r1, r2, r3]) expect(r[0]).toMatchObject({ mutationId: m.id, status: 'ok' });
    expect((await am1.customers.get.query({ id: c.id })).version).toBe(c.version + 1);
    const log = await ts.server.db.getRepository(ChangeLogEntity).findBy({ entity: 'customer', entityId: c.id, op: 'update' });
    expect(log).toHaveLength(1);

    const newId = uuidv7();
    const create = { id: uuidv7(), kind: 'create' as const, entity: 'contact' as const, entityId: newId, fields: { customerId: c.id, name: '离线新建' } };
    await am1.sync.push.mutate({ mutations: [create] });
    const again = await am1.sync.push.mutate({ mutations: [create] });
    expect(again[0]).toMatchObject({ status: 'ok', row: { id: newId, name: '离线新建' } });
    expect((await am1.contacts.list.query({ customerId: c.id })).total).toBe(1);
  });

  it('merges field by field: untouched fields apply, the same field keeps the server value and reports mine', async () => {
    const c = await createCustomer(am1, { remarks: '原始', website: null });
    await am1.customers.update.mutate({ id: c.id, patch: { remarks: '服务器改的' } });
    const [r] = await am1.sync.push.mutate({
      mutations: [
        {
          id: uuidv7(),
          kind: 'update',
          entity: 'customer',
          entityId: c.id,
          baseVersion: c.version,
          base: { remarks: '原始', website: null },
          patch: { remarks: '我离线改的', website: 'https://example.cn' },
        },
      ],
    });
    expect(r).toMatchObject({ status: 'conflict', conflicts: [{ field: 'remarks', mine: '我离线改的', theirs: '服务器改的' }] });
    const now = await am1.customers.get.query({ id: c.id });
    expect(now).toMatchObject({ remarks: '服务器改的', website: 'https://example.cn' });
  });

  it('refuses through the same rules as online: validation, scope, permission', async () => {
    const theirs = await createCustomer(am2);
    const mine = await createCustomer(am1);
    const results = await am1.sync.push.mutate({
      mutations: [
        { id: uuidv7(), kind: 'update', entity: 'customer', entityId: mine.id, baseVersion: 1, patch: { name: '' } },
        { id: uuidv7(), kind: 'update', entity: 'customer', entityId: theirs.id, baseVersion: 1, patch: { remarks: 'x' } },
        { id: uuidv7(), kind: 'create', entity: 'contact', entityId: uuidv7(), fields: { customerId: theirs.id, name: '偷偷加' } },
      ],
    });
    expect(results[0]).toMatchObject({ status: 'error', error: { appCode: 'VALIDATION', fieldErrors: [{ path: 'patch.name' }] } });
    expect(results[1]).toMatchObject({ status: 'error', error: { appCode: 'NOT_FOUND' } });
    expect(results[2]).toMatchObject({ status: 'error', error: { appCode: 'NOT_FOUND' } });
    expect((await am2.contacts.list.query({ customerId: theirs.id })).total).toBe(0);
    const finance = await ts.as('finance1');
    const [f] = await finance.sync.push
      .mutate({ mutations: [{ id: uuidv7(), kind: 'delete', entity: 'customer', entityId: mine.id }] })
      .catch(() => [{ status: 'error', error: { appCode: 'FORBIDDEN' } }]);
    expect(f).toMatchObject({ status: 'error' });
    expect((await am1.customers.get.query({ id: mine.id })).deletedAt).toBeNull();
  });
});

// Writers committing out of order must not let a puller's cursor pass an uncommitted change.
describe.skipIf(TEST_DB === 'sqlite')(`sync feed under concurrent writers (${TEST_DB})`, () => {
  it('a change held uncommitted is not overtaken by a later one', async () => {
    const x = await createCustomer(am1);
    const host = await createCustomer(am1);
    const state = fresh();
    await syncAll(am1, state, 500);
    const { db, services } = ts.server;
    let inserted!: () => void;
    let release!: () => void;
    const insertedP = new Promise<void>((r) => (inserted = r));
    const releaseP = new Promise<void>((r) => (release = r));
    // Transaction A takes its seq, then stays open.
    const a = db.transaction(async (em) => {
      await services.changes.appendAll(em, [{ entity: 'customer', entityId: x.id, op: 'update', customerId: x.id, userId: null, fields: ['remarks'] }]);
      inserted();
      await releaseP;
    });
    await insertedP;
    // Transaction B starts later and would commit first.
    const b = am1.contacts.create.mutate({ customerId: host.id, name: '后来者' });
    await new Promise((r) => setTimeout(r, 300));
    const mid = await am1.sync.pull.query({ cursor: state.cursor, limit: 500 });
    release();
    await a;
    const created = await b;
    const after = await am1.sync.pull.query({ cursor: mid.cursor, limit: 500 });
    const seen = [...mid.changes, ...after.changes].map((c) => c.id);
    // A's change must come in some pull, and B's too.
    expect(seen).toContain(x.id);
    expect(seen).toContain(created.id);
  });

  it('a puller running beside many concurrent writers sees every committed change', async () => {
    const host = await createCustomer(am1);
    const state = fresh();
    await syncAll(am1, state, 500);
    let writing = true;
    const puller = (async () => {
      while (writing) await syncAll(am1, state, 5);
    })();
    const created: string[] = [];
    await Promise.all(
      Array.from({ length: 6 }, async (_, w) => {
        for (let i = 0; i < 6; i++) created.push((await am1.contacts.create.mutate({ customerId: host.id, name: `并发${w}-${i}` })).id);
      }),
    );
    writing = false;
    await puller;
    await syncAll(am1, state, 5);
    expect(ids(state.cache, 'contact').filter((id) => created.includes(id)).sort()).toEqual([...created].sort());
  });
});
