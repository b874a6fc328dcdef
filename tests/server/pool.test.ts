import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { IsNull } from 'typeorm';
import { AuditEntity } from '../../server/modules/audit/audit.entity';
import { CustomerEntity, OwnerHistoryEntity } from '../../server/modules/customers/customer.entity';
import { TEST_DB } from '../support/databases';
import { errorCodeOf, startTestServer, type ServerClient, type TestServer } from '../support/test-server';
import { createCustomer, errorOf } from './customers-fixtures';

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

// A customer of am1's, put into the pool.
async function poolCustomer(): Promise<{ id: string; name: string }> {
  const c = await createCustomer(am1);
  await am1.pool.release.mutate({ ids: [c.id], reason: '无意向' });
  return c;
}

const ids = (r: { items: { id: string }[] }) => r.items.map((i) => i.id);

describe(`pool: release and claim (${TEST_DB})`, () => {
  it('releases into the pool, where others can see and claim it', async () => {
    const c = await poolCustomer();
    const inPool = await am2.customers.get.query({ id: c.id });
    expect(inPool).toMatchObject({ owner: null, collaborators: [] });
    expect(inPool.poolSince).not.toBeNull();
    expect(ids(await am2.pool.list.query({ search: c.name }))).toEqual([c.id]);
    // Pool customers are not in an account manager's customer list...
    expect((await am1.customers.list.query({ search: c.name })).total).toBe(0);
    // ...but are in the list of someone whose scope is everything.
    expect(ids(await (await ts.as('finance1')).customers.list.query({ search: c.name }))).toEqual([c.id]);

    await am2.pool.claim.mutate({ ids: [c.id] });
    expect((await am2.customers.get.query({ id: c.id })).owner?.name).toBe('赵敏');
    expect(await errorCodeOf(am1.customers.get.query({ id: c.id }))).toBe('NOT_FOUND');
    expect((await am2.pool.list.query({ search: c.name })).total).toBe(0);
    const history = await am2.customers.ownerHistory.query({ id: c.id });
    expect(history.map((h) => h.reason)).toEqual(['claim', 'release', 'create']);
    expect(history[1]).toMatchObject({ from: { name: '张伟' }, to: null, note: '无意向' });
    const actions = (await ts.server.db.getRepository(AuditEntity).findBy({ entityId: c.id })).map((a) => a.action);
    expect(actions).toEqual(expect.arrayContaining(['customer.release', 'customer.claim']));
  });

  it('lets only the owner release, or someone who may transfer (who tells the owner)', async () => {
    const c = await createCustomer(am1, { collaboratorIds: [ts.org.users.am3!.id] });
    // am3 works on it as a collaborator but does not own it.
    expect(await errorCodeOf(am3.pool.release.mutate({ ids: [c.id] }))).toBe('NOT_OWNER');
    expect(await errorCodeOf(am2.pool.release.mutate({ ids: [c.id] }))).toBe('NOT_FOUND');
    const before = (await am1.notifications.list.query()).unread;
    await lead1.pool.release.mutate({ ids: [c.id], reason: '长期无进展' });
    const notes = await am1.notifications.list.query();
    expect(notes.unread).toBe(before + 1);
    expect(notes.items[0]).toMatchObject({ kind: 'customersReleased', params: { count: 1, names: [c.name], by: '李明' } });
    // Collaborators do not stay on a pool customer.
    expect((await am3.customers.get.query({ id: c.id })).collaborators).toEqual([]);
  });

  it('refuses claims beyond the claim limit', async () => {
    const owned = (await am3.customers.list.query({ pageSize: 1 })).total;
    await ts.server.services.settings.set('pool.claimLimit', owned + 1);
    try {
      const a = await poolCustomer();
      const b = await poolCustomer();
      expect(await errorOf(am3.pool.claim.mutate({ ids: [a.id, b.id] }))).toMatchObject({ appCode: 'POOL_LIMIT_REACHED', params: { limit: owned + 1 } });
      expect((await am3.pool.list.query({ search: a.name })).total).toBe(1);
      await am3.pool.claim.mutate({ ids: [a.id] });
      expect(await errorCodeOf(am3.pool.claim.mutate({ ids: [b.id] }))).toBe('POOL_LIMIT_REACHED');
    } finally {
      await ts.server.services.settings.set('pool.claimLimit', 200);
    }
  });

  it('lets exactly one of two simultaneous claims win', async () => {
    for (let round = 0; round < 4; round++) {
      const c = await poolCustomer();
      const results = await Promise.allSettled([am1.pool.claim.mutate({ ids: [c.id] }), am3.pool.claim.mutate({ ids: [c.id] })]);
      const won = results.filter((r) => r.status === 'fulfilled');
      expect(won).toHaveLength(1);
      const lost = results.find((r) => r.status === 'rejected') as PromiseRejectedResult;
      expect(lost.reason.data.appCode).toBe('NOT_IN_POOL');
      const winner = results[0]!.status === 'fulfilled' ? ts.org.users.am1!.id : ts.org.users.am3!.id;
      expect((await ts.server.db.getRepository(CustomerEntity).findOneByOrFail({ id: c.id })).ownerId).toBe(winner);
      const claims = await ts.server.db.getRepository(OwnerHistoryEntity).findBy({ customerId: c.id, reason: 'claim' });
      expect(claims.map((h) => h.toUserId)).toEqual([winner]);
    }
  });

  it('answers NOT_IN_POOL for a customer that someone already owns', async () => {
    const c = await createCustomer(am2);
    expect(await errorCodeOf(am1.pool.claim.mutate({ ids: [c.id] }))).toBe('NOT_IN_POOL');
    expect((await am2.customers.get.query({ id: c.id })).owner?.name).toBe('赵敏');
  });
});

describe(`pool: assign (${TEST_DB})`, () => {
  it('lets a team lead assign pool customers inside the team', async () => {
    const c = await poolCustomer();
    await lead1.pool.assign.mutate({ ids: [c.id], toUserId: ts.org.users.am3!.id });
    expect((await am3.customers.get.query({ id: c.id })).owner?.name).toBe('刘洋');
    expect((await am3.notifications.list.query()).items[0]).toMatchObject({ kind: 'customersAssigned', params: { names: [c.name], by: '李明' } });
    expect((await am3.customers.ownerHistory.query({ id: c.id }))[0]).toMatchObject({ reason: 'assign', by: { name: '李明' } });
    const other = await poolCustomer();
    expect(await errorCodeOf(lead1.pool.assign.mutate({ ids: [other.id], toUserId: ts.org.users.am2!.id }))).toBe('FORBIDDEN');
    expect(await errorCodeOf(am1.pool.assign.mutate({ ids: [other.id], toUserId: ts.org.users.am1!.id }))).toBe('FORBIDDEN');
    expect(await errorCodeOf(lead1.pool.assign.mutate({ ids: [c.id], toUserId: ts.org.users.am1!.id }))).toBe('NOT_IN_POOL');
  });
});

describe(`pool: automatic return (${TEST_DB})`, () => {
  const DAY = 86_400_000;
  it('returns customers nobody followed up, counting from the later of follow-up and hand-over', async () => {
    await ts.server.services.settings.set('pool.returnAfterDays', 10);
    const now = Date.now();
    const neglected = await createCustomer(am2);
    const active = await createCustomer(am2);
    await am2.followUps.create.mutate({ customerId: active.id, type: 'call', at: new Date(now + 10 * DAY).toISOString(), content: '跟进' });
    // Followed up long ago by its former owner, claimed by am2 just now.
    const claimed = await createCustomer(am2);
    await am2.followUps.create.mutate({ customerId: claimed.id, type: 'visit', at: new Date(now - 100 * DAY).toISOString(), content: '很久以前' });
    await am2.pool.release.mutate({ ids: [claimed.id] });
    await am2.pool.claim.mutate({ ids: [claimed.id] });

    expect((await ts.server.services.pool.returnStaleCustomers(new Date(now + 5 * DAY))).returned).toBe(0);
    expect((await am2.customers.get.query({ id: claimed.id })).owner?.name).toBe('赵敏');

    const before = await am2.notifications.list.query();
    // Everything else am2 owns (from earlier tests) has had no follow-up either.
    const am2Stale = (await am2.customers.list.query({ pageSize: 200 })).items.filter((c) => c.id !== active.id).map((c) => c.name);
    const owned = await ts.server.db.getRepository(CustomerEntity).countBy({ deletedAt: IsNull() });
    const result = await ts.server.services.pool.returnStaleCustomers(new Date(now + 15 * DAY));
    expect(result.returned).toBeGreaterThanOrEqual(am2Stale.length);
    expect(result.returned).toBeLessThanOrEqual(owned);
    const pool = ids(await am1.pool.list.query({ pageSize: 200 }));
    expect(pool).toEqual(expect.arrayContaining([neglected.id, claimed.id]));
    expect(pool).not.toContain(active.id);
    expect((await am2.customers.get.query({ id: active.id })).owner?.name).toBe('赵敏');

    // One notification per former owner, naming what went back.
    const after = await am2.notifications.list.query();
    expect(after.total).toBe(before.total + 1);
    const note = after.items[0]!;
    expect(note.kind).toBe('customersAutoReturned');
    expect(note.params.count).toBe(am2Stale.length);
    expect([...(note.params.names as string[])].sort()).toEqual([...am2Stale].sort());
    expect(note.params.names).toEqual(expect.arrayContaining([neglected.name, claimed.name]));
    const h = await am1.customers.ownerHistory.query({ id: neglected.id });
    expect(h[0]).toMatchObject({ reason: 'auto_return', from: { name: '赵敏' }, to: null, by: null });
    const audit = await ts.server.db.getRepository(AuditEntity).findOneByOrFail({ action: 'customer.auto_return', entityId: neglected.id });
    expect(audit.userId).toBeNull();

    // A second run finds nothing more; 0 days switches it off.
    expect((await ts.server.services.pool.returnStaleCustomers(new Date(now + 15 * DAY))).returned).toBe(0);
    await ts.server.services.settings.set('pool.returnAfterDays', 0);
    expect((await ts.server.services.pool.returnStaleCustomers(new Date(now + 400 * DAY))).returned).toBe(0);
    expect((await am2.customers.get.query({ id: active.id })).owner?.name).toBe('赵敏');
  });
});
