import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTRPCClient, httpSubscriptionLink, TRPCClientError } from '@trpc/client';
import { EventSource } from 'eventsource';
import type { Permission } from '../../src/shared/permissions/catalog';
import { DEMO_PASSWORD } from '../../server/modules/demo/demo-org';
import type { ServerRouter } from '../../server/router';
import type { ChangeNotice } from '../../server/modules/changes/changes.router';
import { TEST_DB } from '../support/databases';
import { errorCodeOf, startTestServer, type ServerClient, type TestServer } from '../support/test-server';
import { createCustomer, userWithRole } from './customers-fixtures';

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

const seesInList = async (c: ServerClient, id: string, name: string) => (await c.customers.list.query({ search: name })).items.some((i) => i.id === id);
async function seesById(c: ServerClient, id: string): Promise<boolean> {
  try {
    return (await c.customers.get.query({ id })).id === id;
  } catch (e) {
    if (e instanceof TRPCClientError && e.data?.appCode === 'NOT_FOUND') return false;
    throw e;
  }
}

describe(`data scopes (${TEST_DB})`, () => {
  it('own, department, department-and-below and collaborator scopes agree between list and get', async () => {
    const view: Permission[] = ['customers.view', 'contacts.view'];
    const [dept, tree, ownNoPool] = await Promise.all([
      userWithRole(ts, { username: 'deptview', dept: 'east', grant: { permissions: view, dataScopes: { customers: 'department' }, fieldRules: {} } }),
      userWithRole(ts, { username: 'treeview', dept: 'sales', grant: { permissions: view, dataScopes: { customers: 'department_tree' }, fieldRules: {} } }),
      userWithRole(ts, { username: 'ownview', dept: 'east', grant: { permissions: view, dataScopes: { customers: 'own' }, fieldRules: {} } }),
    ]);
    const director = await ts.as('director');
    const east = await createCustomer(am1);
    const south = await createCustomer(am2);
    const salesOwn = await createCustomer(director);
    const shared = await createCustomer(am2, { collaboratorIds: [ts.org.users.am3!.id] });
    const pooled = await createCustomer(am1);
    await am1.pool.release.mutate({ ids: [pooled.id] });

    const cases: [string, ServerClient, { id: string; name: string }, boolean][] = [
      ['department sees its own department', dept.client, east, true],
      ['department does not see another team', dept.client, south, false],
      ['department does not see the parent department', dept.client, salesOwn, false],
      ['tree sees below', tree.client, east, true],
      ['tree sees below (other team)', tree.client, south, true],
      ['tree sees its own department', tree.client, salesOwn, true],
      ['lead sees the team', lead1, east, true],
      ['lead does not see another team', lead1, south, false],
      ['own sees nothing of others', ownNoPool.client, east, false],
      ['collaborator sees the shared customer', am3, shared, true],
      ['non-collaborator does not', am1, shared, false],
    ];
    for (const [label, client, c, visible] of cases) {
      expect([label, await seesInList(client, c.id, c.name), await seesById(client, c.id)]).toEqual([label, visible, visible]);
    }
    // Pool customers: readable by id for whoever may look at the pool, in no narrow list.
    expect(await seesById(am2, pooled.id)).toBe(true);
    expect(await seesInList(am2, pooled.id, pooled.name)).toBe(false);
    expect(await seesById(ownNoPool.client, pooled.id)).toBe(false);
    expect(await seesById(dept.client, pooled.id)).toBe(false);
    expect(await errorCodeOf(am2.customers.update.mutate({ id: pooled.id, patch: { remarks: 'x' } }))).toBe('FORBIDDEN');
  });

  it('limits contacts and follow-ups lists without a customer to the caller scope', async () => {
    const mine = await createCustomer(am1);
    const theirs = await createCustomer(am2);
    const k1 = await am1.contacts.create.mutate({ customerId: mine.id, name: '范围甲' });
    const k2 = await am2.contacts.create.mutate({ customerId: theirs.id, name: '范围乙' });
    const f1 = await am1.followUps.create.mutate({ customerId: mine.id, type: 'call', at: new Date().toISOString(), content: '范围' });
    await am2.followUps.create.mutate({ customerId: theirs.id, type: 'call', at: new Date().toISOString(), content: '范围' });
    const contacts = (await am1.contacts.list.query({ pageSize: 200 })).items.map((i) => i.id);
    expect(contacts).toContain(k1.id);
    expect(contacts).not.toContain(k2.id);
    const followUps = await am1.followUps.list.query({ pageSize: 200 });
    expect(followUps.items.map((i) => i.id)).toContain(f1.id);
    expect(followUps.items.every((f) => f.customerId !== theirs.id)).toBe(true);
    const lead2 = await ts.as('lead2');
    expect((await lead2.contacts.list.query({ pageSize: 200 })).items.map((i) => i.id)).toContain(k2.id);
    // A full first page leaves the total to the count, part by part of the scope: it must be
    // the number of rows the list holds.
    for (const [who, client] of [['am1', am1], ['lead2', lead2]] as const) {
      const allContacts = await client.contacts.list.query({ pageSize: 200 });
      expect(allContacts.items.length, who).toBeLessThan(200);
      expect((await client.contacts.list.query({ page: 1, pageSize: 1 })).total, `${who} contacts`).toBe(allContacts.items.length);
      const allFollowUps = await client.followUps.list.query({ pageSize: 200 });
      expect(allFollowUps.items.length, who).toBeLessThan(200);
      expect((await client.followUps.list.query({ page: 1, pageSize: 1 })).total, `${who} follow-ups`).toBe(allFollowUps.items.length);
    }
  });
});

// A live change feed as the desktop client opens it (SSE through httpSubscriptionLink).
async function feed(username: string) {
  const login = await ts.raw('/trpc/auth.login', { method: 'POST', body: JSON.stringify({ username, password: DEMO_PASSWORD }) });
  const token = login.body.result.data.token as string;
  const client = createTRPCClient<ServerRouter>({
    links: [
      httpSubscriptionLink({
        url: `${ts.url}/trpc`,
        EventSource,
        eventSourceOptions: {
          fetch: (input, init) => fetch(input, { ...init, headers: { ...init?.headers, authorization: `Bearer ${token}` } }),
        },
      }),
    ],
  });
  const received: ChangeNotice[] = [];
  const waiters: { pred: (n: ChangeNotice) => boolean; resolve: (n: ChangeNotice) => void }[] = [];
  let started!: () => void;
  const ready = new Promise<void>((r) => (started = r));
  const sub = client.changes.onChange.subscribe(undefined, {
    onStarted: () => started(),
    onData: (n) => {
      received.push(n);
      for (const w of [...waiters]) {
        if (!w.pred(n)) continue;
        waiters.splice(waiters.indexOf(w), 1);
        w.resolve(n);
      }
    },
  });
  await ready;
  return {
    received,
    next: (pred: (n: ChangeNotice) => boolean) =>
      new Promise<ChangeNotice>((resolve, reject) => {
        const hit = received.find(pred);
        if (hit) return resolve(hit);
        waiters.push({ pred, resolve });
        setTimeout(() => reject(new Error(`${username}: no matching change within 5 s; got ${JSON.stringify(received)}`)), 5000);
      }),
    close: () => sub.unsubscribe(),
  };
}

describe(`live changes (${TEST_DB})`, () => {
  it('tells each listener only about records it may see', async () => {
    const [f1, f2, fs] = await Promise.all([feed('am1'), feed('am2'), feed('service1')]);
    try {
      const mine = await createCustomer(am1);
      await am1.customers.update.mutate({ id: mine.id, patch: { remarks: '更新' } });
      await am1.contacts.create.mutate({ customerId: mine.id, name: '实时' });
      const theirs = await createCustomer(am2);
      await am1.customers.update.mutate({ id: mine.id, patch: { remarks: '再更新' } });
      // Each feed is ordered: once a listener has its own later change, it has judged every
      // earlier one, so what it lacks it was not told.
      await f2.next((n) => n.entityId === theirs.id);
      await f1.next((n) => n.entityId === mine.id && f1.received.filter((x) => x.entityId === mine.id && x.op === 'update').length === 2);
      expect(f1.received).toContainEqual({ entity: 'customer', entityId: mine.id, op: 'create' });
      expect(f1.received.some((n) => n.entity === 'contact')).toBe(true);
      expect(f1.received.some((n) => n.entityId === theirs.id)).toBe(false);
      expect(f2.received.some((n) => n.entityId === mine.id || n.entity === 'contact')).toBe(false);
      // Someone who sees everything hears of both.
      await fs.next((n) => n.entityId === theirs.id);
      expect(fs.received.map((n) => n.entityId)).toEqual(expect.arrayContaining([mine.id, theirs.id]));

      // A transfer away is heard by the old owner too: the row must leave their list.
      const heard = f1.received.length;
      await lead1.customers.transfer.mutate({ ids: [mine.id], toUserId: ts.org.users.am3!.id });
      expect(await f1.next((n) => n.entityId === mine.id && f1.received.length > heard)).toMatchObject({ op: 'update' });
      // Notifications reach only their addressee.
      expect(f1.received.some((n) => n.entity === 'notification')).toBe(false);
      await am2.pool.release.mutate({ ids: [theirs.id] });
      await lead1.pool.assign.mutate({ ids: [theirs.id], toUserId: ts.org.users.am1!.id });
      await f1.next((n) => n.entity === 'notification');
      expect(f2.received.some((n) => n.entity === 'notification')).toBe(false);
    } finally {
      f1.close();
      f2.close();
      fs.close();
    }
  });
});

describe(`paging through a scope (${TEST_DB})`, () => {
  it('a team lead pages their own, their team\'s and shared customers newest first, with the right total', async () => {
    const tags = [`页${Date.now() % 1_000_000}`];
    const lead = ts.org.users.lead1!.id;
    const made: string[] = [];
    // Created one after another, so each is newer than the one before.
    const steps: [ServerClient, string[]][] = [
      [lead1, []], [am1, []], [am2, [lead]], [lead1, []], [am3, []], [am2, []], [am1, []], [am2, [lead]], [lead1, []],
    ];
    for (const [client, collaboratorIds] of steps) {
      const c = await createCustomer(client, { collaboratorIds, tags });
      // am2's team is not the lead's: only what am2 shares with the lead is in scope.
      if (client !== am2 || collaboratorIds.length) made.push(c.id);
      await new Promise((r) => setTimeout(r, 5));
    }
    // An edit makes the oldest the newest: the order is by last change, not by creation.
    const first = await lead1.customers.get.query({ id: made[0]! });
    await lead1.customers.update.mutate({ id: first.id, version: first.version, patch: { remarks: '改过' } });
    const newestFirst = [made[0]!, ...made.slice(1).reverse()];
    const all = await lead1.customers.list.query({ tags, pageSize: 200 });
    expect(all.items.map((c) => c.id)).toEqual(newestFirst);
    expect(all.total).toBe(8);
    const paged: string[] = [];
    for (let page = 1; page <= 5; page++) {
      const p = await lead1.customers.list.query({ tags, page, pageSize: 2 });
      expect(p.total, `page ${page}`).toBe(8);
      paged.push(...p.items.map((c) => c.id));
    }
    expect(paged).toEqual(newestFirst);
    const oldestFirst = await lead1.customers.list.query({ tags, pageSize: 3, page: 1, order: 'asc' });
    expect(oldestFirst.items.map((c) => c.id)).toEqual(made.slice(1, 4));
    expect(oldestFirst.total).toBe(8);
  });
});
