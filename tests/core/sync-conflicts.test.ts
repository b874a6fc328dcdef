import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SyncStatus } from '../../src/main/core/sync/sync-engine';
import { TEST_DB } from '../support/databases';
import { startTestServer, type ServerClient, type TestServer } from '../support/test-server';
import { createCustomer, uniqueMobile } from '../server/customers-fixtures';
import { appErrorOf, coreIn, tempDir } from './core-support';

let ts: TestServer;
let lead1: ServerClient;
let am1: ServerClient;
beforeAll(async () => {
  ts = await startTestServer();
  lead1 = await ts.as('lead1');
  am1 = await ts.as('am1');
});
afterAll(async () => ts?.close());

async function until(what: () => boolean | Promise<boolean>, ms = 10_000): Promise<void> {
  const end = Date.now() + ms;
  while (!(await what())) {
    if (Date.now() > end) throw new Error('timed out waiting');
    await new Promise((r) => setTimeout(r, 25));
  }
}

// am1's client core, first-synced, with the background engine stopped: each test decides when
// a round runs, so "edited offline on an old base" is exactly that.
async function am1Core() {
  const core = await coreIn(tempDir());
  await core.caller.session.login({ serverUrl: ts.url, username: 'am1', password: 'demo1234' });
  await until(async () => (await core.caller.sync.status()).state === 'online');
  const engine = core.sync.engine()!;
  engine.stop();
  const cache = core.sync.cache()!;
  return { core, engine, cache };
}

// The status feed, read as it arrives.
async function statusFeed(core: Awaited<ReturnType<typeof am1Core>>['core']) {
  const it = (await core.caller.sync.onStatus())[Symbol.asyncIterator]();
  return {
    async next(): Promise<SyncStatus> {
      return (await it.next()).value as SyncStatus;
    },
    stop: () => it.return?.(undefined),
  };
}

describe(`client core: reviewing sync conflicts and refused edits (${TEST_DB})`, () => {
  it('a field changed on both sides is listed with both values; using mine puts mine on the server', async () => {
    const { core, engine, cache } = await am1Core();
    const c = await createCustomer(am1, { phone: uniqueMobile() });
    await engine.sync();
    // am1, offline, edits the phone and the status; meanwhile lead1 changes the same phone.
    const mine = uniqueMobile();
    cache.update('customer', c.id, { phone: mine, status: 'active' });
    const theirs = uniqueMobile();
    await lead1.customers.update.mutate({ id: c.id, patch: { phone: theirs } });
    await engine.sync();

    const [conflict, ...more] = await core.caller.sync.conflicts();
    expect(more).toEqual([]);
    expect(conflict).toMatchObject({
      entity: 'customer',
      entityId: c.id,
      name: c.name,
      customerId: c.id,
      exists: true,
      fields: [{ field: 'phone', labelKey: 'fields.customer.phone', mine, theirs }],
    });
    expect(Date.parse(conflict!.at)).not.toBeNaN();
    // The field nobody else touched went through; the server's phone stands for now.
    expect(await am1.customers.get.query({ id: c.id })).toMatchObject({ phone: theirs, status: 'active' });
    expect(await core.caller.sync.status()).toMatchObject({ conflicts: 1, rejected: 0 });

    const feed = await statusFeed(core);
    expect((await feed.next()).conflicts).toBe(1);
    await core.caller.sync.useMine({ mutationId: conflict!.mutationId });
    // The listing and the indicator's count follow at once, before any sync.
    expect(await core.caller.sync.conflicts()).toEqual([]);
    expect(await feed.next()).toMatchObject({ conflicts: 0, pending: 1 });
    expect(cache.get('customer', c.id)!.phone).toBe(mine);
    await feed.stop();

    await engine.sync();
    expect((await am1.customers.get.query({ id: c.id })).phone).toBe(mine);
    expect(await core.caller.sync.status()).toMatchObject({ pending: 0, conflicts: 0 });
    expect(await core.caller.sync.conflicts()).toEqual([]);
    await core.close();
  });

  it('keeping the server value dismisses the conflict and leaves the server as it is', async () => {
    const { core, engine, cache } = await am1Core();
    const c = await createCustomer(am1, { remarks: '原来的备注' });
    await engine.sync();
    cache.update('customer', c.id, { remarks: '我离线时写的' });
    await lead1.customers.update.mutate({ id: c.id, patch: { remarks: '组长写的' } });
    await engine.sync();
    const [conflict] = await core.caller.sync.conflicts();
    expect(conflict!.fields).toEqual([{ field: 'remarks', labelKey: 'fields.customer.remarks', mine: '我离线时写的', theirs: '组长写的' }]);

    const feed = await statusFeed(core);
    expect((await feed.next()).conflicts).toBe(1);
    await core.caller.sync.keepServer({ mutationId: conflict!.mutationId });
    expect((await feed.next()).conflicts).toBe(0);
    await feed.stop();
    expect(await core.caller.sync.conflicts()).toEqual([]);
    expect(await core.caller.sync.status()).toMatchObject({ pending: 0, conflicts: 0 });
    await engine.sync();
    expect((await am1.customers.get.query({ id: c.id })).remarks).toBe('组长写的');
    expect(cache.get('customer', c.id)!.remarks).toBe('组长写的');
    // Already dismissed: nothing left to resolve.
    expect((await appErrorOf(core.caller.sync.useMine({ mutationId: conflict!.mutationId }))).code).toBe('NOT_FOUND');
    await core.close();
  });

  it('using mine for some fields leaves the others in the conflict', async () => {
    const { core, engine, cache } = await am1Core();
    const c = await createCustomer(am1, { remarks: '原来', address: '原地址' });
    await engine.sync();
    cache.update('customer', c.id, { remarks: '我的备注', address: '我的地址' });
    await lead1.customers.update.mutate({ id: c.id, patch: { remarks: '他的备注', address: '他的地址' } });
    await engine.sync();
    const [conflict] = await core.caller.sync.conflicts();
    expect(conflict!.fields.map((f) => f.field).sort()).toEqual(['address', 'remarks']);
    expect((await appErrorOf(core.caller.sync.useMine({ mutationId: conflict!.mutationId, fields: ['name'] }))).code).toBe('VALIDATION');

    await core.caller.sync.useMine({ mutationId: conflict!.mutationId, fields: ['address'] });
    expect((await core.caller.sync.conflicts())[0]!.fields).toEqual([{ field: 'remarks', labelKey: 'fields.customer.remarks', mine: '我的备注', theirs: '他的备注' }]);
    await engine.sync();
    expect(await am1.customers.get.query({ id: c.id })).toMatchObject({ address: '我的地址', remarks: '他的备注' });
    await core.close();
  });

  it('a refused edit is listed with its reason and the values typed, can be reopened, and discarded', async () => {
    const { core, engine, cache } = await am1Core();
    const c = await createCustomer(am1, { remarks: '转走之前' });
    const stays = await createCustomer(am1);
    await engine.sync();
    // An edit to a customer moved out of am1's scope meanwhile, and an edit the server's
    // validation refuses (an empty name), on a customer am1 still has.
    cache.update('customer', c.id, { remarks: '来不及了' });
    cache.update('customer', stays.id, { name: '   ' });
    await lead1.customers.transfer.mutate({ ids: [c.id], toUserId: ts.org.users.am3!.id });
    await engine.sync();

    const rejected = await core.caller.sync.rejected();
    const gone = rejected.find((r) => r.entityId === c.id)!;
    const invalid = rejected.find((r) => r.entityId === stays.id)!;
    expect(gone).toMatchObject({ kind: 'update', entity: 'customer', name: c.name, exists: false, error: { appCode: 'NOT_FOUND' }, values: { remarks: '来不及了' } });
    expect(invalid).toMatchObject({ kind: 'update', name: stays.name, exists: true, error: { appCode: 'VALIDATION' }, values: { name: '   ' } });
    expect(invalid.error.fieldErrors!.map((f) => f.path)).toContainEqual(expect.stringContaining('name'));
    // Rolled back locally: the list shows the name the server has.
    expect(cache.get('customer', stays.id)!.name).toBe(stays.name);
    expect(await core.caller.sync.status()).toMatchObject({ rejected: 2, pending: 0 });

    // The refused edit goes back to its form on the record as it now is; the other has no form.
    expect(await core.caller.sync.reopenRejected({ mutationId: invalid.mutationId })).toEqual({
      mutationId: invalid.mutationId,
      mode: 'edit',
      entity: 'customer',
      entityId: stays.id,
      customerId: stays.id,
      version: stays.version,
      values: { name: '   ' },
    });
    expect((await appErrorOf(core.caller.sync.reopenRejected({ mutationId: gone.mutationId }))).code).toBe('NOT_FOUND');

    const feed = await statusFeed(core);
    expect((await feed.next()).rejected).toBe(2);
    await core.caller.sync.discardRejected({ mutationId: gone.mutationId });
    expect((await feed.next()).rejected).toBe(1);
    await feed.stop();
    expect((await core.caller.sync.rejected()).map((r) => r.mutationId)).toEqual([invalid.mutationId]);
    // Discarding drops only the entry: am3's customer is untouched.
    expect((await (await ts.as('am3')).customers.get.query({ id: c.id })).remarks).toBe('转走之前');
    await core.close();
  });

  it('a refused create keeps what was typed for a new form', async () => {
    const { core, engine, cache } = await am1Core();
    const c = await createCustomer(am1);
    await engine.sync();
    // A contact whose mobile the server refuses.
    const m = cache.create('contact', { customerId: c.id, name: '离线新联系人', mobile: '12' });
    await engine.sync();
    expect(cache.get('contact', m.entityId)).toBeNull();
    const [entry] = await core.caller.sync.rejected();
    expect(entry).toMatchObject({
      kind: 'create',
      entity: 'contact',
      name: '离线新联系人',
      customerId: c.id,
      customerName: c.name,
      exists: false,
      error: { appCode: 'VALIDATION' },
    });
    expect(await core.caller.sync.reopenRejected({ mutationId: entry!.mutationId })).toMatchObject({
      mode: 'create',
      entity: 'contact',
      customerId: c.id,
      version: null,
      values: { customerId: c.id, name: '离线新联系人', mobile: '12' },
    });
    await core.close();
  });

  it('asks for a mutation id, and answers NOT_FOUND for an unknown one', async () => {
    const { core } = await am1Core();
    expect((await appErrorOf(core.caller.sync.keepServer({ mutationId: '' }))).code).toBe('VALIDATION');
    expect((await appErrorOf(core.caller.sync.discardRejected({ mutationId: 'no-such-mutation' }))).code).toBe('NOT_FOUND');
    await core.close();
  });
});
