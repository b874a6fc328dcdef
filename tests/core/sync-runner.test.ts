import fs from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cacheFileFor } from '../../src/main/core/sync/sync-runner';
import { TEST_DB } from '../support/databases';
import { startTestServer, type ServerClient, type TestServer } from '../support/test-server';
import { appErrorOf, coreIn, tempDir } from './core-support';

let ts: TestServer;
let admin: ServerClient;
beforeAll(async () => {
  ts = await startTestServer();
  admin = await ts.as('admin');
});
afterAll(async () => ts?.close());

async function until(what: () => boolean | Promise<boolean>, ms = 10_000): Promise<void> {
  const end = Date.now() + ms;
  while (!(await what())) {
    if (Date.now() > end) throw new Error('timed out waiting');
    await new Promise((r) => setTimeout(r, 25));
  }
}

async function signedInCore(username: string) {
  const dir = tempDir();
  const core = await coreIn(dir);
  const user = await core.caller.session.login({ serverUrl: ts.url, username, password: 'demo1234' });
  const file = cacheFileFor(dir, ts.url, user.id);
  return { dir, core, user, file };
}

describe(`client core: offline cache follows the session (${TEST_DB})`, () => {
  it('signing in fills the cache in the background, the live feed brings new changes, status reports it', async () => {
    const { core, user, file } = await signedInCore('am1');
    expect(fs.existsSync(file)).toBe(true);
    const statuses = await core.caller.sync.onStatus();
    await until(async () => (await core.caller.sync.status()).lastSyncAt !== null);
    const am1 = await ts.as('am1');
    expect(core.sync.cache()!.all('customer').length).toBe((await am1.customers.list.query({ pageSize: 1 })).total);
    expect(await core.caller.sync.status()).toMatchObject({ state: 'online', pending: 0, conflicts: 0, rejected: 0 });

    // Listening from here on: the first status is the current one.
    const it = statuses[Symbol.asyncIterator]();
    expect((await it.next()).value).toMatchObject({ state: 'online' });
    // Another device of the same user creates a customer: it reaches this cache without a poll.
    const created = await am1.customers.create.mutate({ name: `苏州同步测试${Date.now()}有限公司` });
    await until(() => core.sync.cache()!.get('customer', created.id) !== null);
    expect(core.sync.cache()!.get('customer', created.id)).toMatchObject({ name: created.name, owner: { id: user.id } });

    // The subscription saw a round start and end.
    const seen: string[] = [];
    while (!(seen.includes('syncing') && seen.at(-1) === 'online')) seen.push((await it.next()).value!.state);
    expect(seen[0]).toBe('syncing');
    await it.return?.(undefined);
    await core.close();
  });

  it('signing out closes the cache and keeps it; signing in again (or a restart) reopens the same one', async () => {
    const { dir, core, file } = await signedInCore('lead1');
    await until(async () => (await core.caller.sync.status()).state === 'online');
    const cursor = core.sync.cache()!.state('cursor');
    await core.caller.session.logout();
    expect(core.sync.cache()).toBeNull();
    expect((await appErrorOf(core.caller.sync.status())).code).toBe('NOT_SIGNED_IN');
    expect(fs.existsSync(file)).toBe(true);

    await core.caller.session.login({ serverUrl: ts.url, username: 'lead1', password: 'demo1234' });
    expect(core.sync.cache()!.state('cursor')).toBe(cursor);
    await core.close();
    const restarted = await coreIn(dir);
    expect(restarted.sync.cache()!.db.name).toBe(file);
    await until(async () => (await restarted.caller.sync.status()).state === 'online');
    await restarted.close();
  });

  it('a disabled user or a revoked session leaves no cache on the disk', async () => {
    const disabled = await signedInCore('am2');
    await until(async () => (await disabled.core.caller.sync.status()).state === 'online');
    await admin.admin.users.disable.mutate({ id: disabled.user.id });
    // Reads come from the cache; the engine's next contact finds the refusal and wipes it.
    disabled.core.sync.engine()!.kick();
    await until(() => !fs.existsSync(disabled.file));
    expect(disabled.core.sync.cache()).toBeNull();
    expect((await appErrorOf(disabled.core.caller.customers.list({}))).code).toBe('NOT_SIGNED_IN');

    const revoked = await signedInCore('service1');
    await until(async () => (await revoked.core.caller.sync.status()).state === 'online');
    const sessions = await admin.admin.users.sessions.query({ userId: revoked.user.id });
    await admin.admin.users.revokeSession.mutate({ id: sessions.find((s) => s.device === 'vitest')!.id });
    // Found by the engine itself (no renderer call needed).
    revoked.core.sync.engine()!.kick();
    await until(() => !fs.existsSync(revoked.file));
    expect(await revoked.core.caller.session.state()).toMatchObject({ signedIn: false });
    await Promise.all([disabled.core.close(), revoked.core.close()]);
  });
});
