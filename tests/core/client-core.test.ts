import fs from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { TRPCClientError } from '@trpc/client';
import { v7 as uuidv7 } from 'uuid';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TEST_DB } from '../support/databases';
import { clientFor, startTestServer, type TestServer } from '../support/test-server';
import { appErrorOf, coreIn, deadAddress, storedSecrets, switchableRelay, tempDir } from './core-support';

let ts: TestServer;
beforeAll(async () => {
  ts = await startTestServer();
});
afterAll(async () => ts?.close());

const onlyToken = (dir: string): string => {
  const values = Object.values(storedSecrets(dir));
  expect(values).toHaveLength(1);
  return values[0]!;
};

describe(`client core against a real server (${TEST_DB})`, () => {
  it('signs in, lists customers through the local router and never hands out the token', async () => {
    const dir = tempDir();
    const core = await coreIn(dir);
    expect(await core.caller.session.state()).toEqual({ signedIn: false, serverUrl: null, user: null, offline: false, endedBecause: null, profiles: [] });

    const user = await core.caller.session.login({ serverUrl: ` ${ts.url}/ `, username: 'am1', password: 'demo1234' });
    expect(user).toMatchObject({ username: 'am1', roles: [{ code: 'account_manager' }] });
    const created = await core.caller.customers.create({ name: '杭州云帆智能科技有限公司', tags: ['展会线索'] });
    const list = await core.caller.customers.list({ search: '云帆智能' });
    expect(list.items.map((c) => c.id)).toEqual([created.id]);
    expect(list.items[0]).toMatchObject({ name: '杭州云帆智能科技有限公司', owner: { id: user.id } });

    const token = onlyToken(dir);
    expect((await ts.raw('/trpc/auth.me', { token })).status).toBe(200);
    const state = await core.caller.session.state();
    expect(state).toMatchObject({ signedIn: true, serverUrl: ts.url, user: { username: 'am1' }, profiles: [{ url: ts.url, lastUsername: 'am1' }] });
    for (const out of [user, created, list, state]) expect(JSON.stringify(out)).not.toContain(token);
    expect(fs.readFileSync(path.join(dir, 'profiles.json'), 'utf8')).not.toContain(token);
    expect(fs.statSync(path.join(dir, 'secrets.json')).mode & 0o077).toBe(0);
  });

  it('is still signed in after a restart, and a logout ends the session on the server too', async () => {
    const dir = tempDir();
    const first = await coreIn(dir);
    await first.caller.session.login({ serverUrl: ts.url, username: 'am2', password: 'demo1234' });
    await first.close();

    const second = await coreIn(dir);
    expect(await second.caller.session.state()).toMatchObject({ signedIn: true, user: { username: 'am2' } });
    await expect(second.caller.customers.list({})).resolves.toMatchObject({ total: expect.any(Number) });

    const token = onlyToken(dir);
    await second.caller.session.logout();
    expect(storedSecrets(dir)).toEqual({});
    expect((await ts.raw('/trpc/auth.me', { token })).status).toBe(401);
    expect(await second.caller.session.state()).toMatchObject({ signedIn: false, user: null, serverUrl: ts.url, profiles: [{ lastUsername: 'am2' }] });
    expect((await appErrorOf(second.caller.customers.list({}))).code).toBe('NOT_SIGNED_IN');

    const third = await coreIn(dir);
    expect(await third.caller.session.state()).toMatchObject({ signedIn: false, serverUrl: ts.url });
  });

  it("answers with the server's app codes, params and field errors", async () => {
    const core = await coreIn(tempDir());
    expect((await appErrorOf(core.caller.session.login({ serverUrl: ts.url, username: 'am1', password: 'not-the-password' }))).code).toBe(
      'INVALID_CREDENTIALS',
    );
    await core.caller.session.login({ serverUrl: ts.url, username: 'am1', password: 'demo1234' });

    expect((await appErrorOf(core.caller.customers.get({ id: uuidv7() }))).code).toBe('NOT_FOUND');
    expect(await appErrorOf(core.caller.customers.purge({ ids: [uuidv7()] }))).toMatchObject({
      code: 'FORBIDDEN',
      params: { permission: 'customers.purge' },
    });
    // Validated by the server only (its own schema): the error still arrives in one shape.
    expect(await appErrorOf(core.caller.customers.delete({ ids: [] }))).toMatchObject({ code: 'VALIDATION', fieldErrors: [{ path: 'ids' }] });

    // Validated locally with the shared schema: the same field errors the server gives.
    const bad = { name: '  ', creditCode: '91330100MA27XXXX0X' };
    const local = await appErrorOf(core.caller.customers.create(bad));
    let remote: unknown;
    await (await ts.as('am1')).customers.create.mutate(bad).catch((e: TRPCClientError<any>) => (remote = e.data.fieldErrors));
    expect(local.code).toBe('VALIDATION');
    expect(local.fieldErrors.map((f) => f.path).sort()).toEqual(['creditCode', 'name']);
    expect(local.fieldErrors).toEqual(remote);
  });

  it('offers the preset server before any was used, and refuses an address that is not http(s)', async () => {
    const core = await coreIn(tempDir(), { defaultServerUrl: ts.url });
    expect(await core.caller.session.state()).toMatchObject({ signedIn: false, serverUrl: ts.url, profiles: [] });
    for (const serverUrl of ['ftp://crm.example.cn', 'javascript:alert(1)', 'http://user:pw@crm.example.cn', 'crm server', '']) {
      expect(await appErrorOf(core.caller.session.login({ serverUrl, username: 'am1', password: 'demo1234' }))).toMatchObject({
        code: 'VALIDATION',
        fieldErrors: [{ path: 'serverUrl', message: 'validation.serverUrl' }],
      });
    }
  });

  it('refuses every procedure to a caller the transport does not trust (a foreign frame over IPC)', async () => {
    const core = await coreIn(tempDir());
    await core.caller.session.login({ serverUrl: ts.url, username: 'am1', password: 'demo1234' });
    const foreign = core.router.createCaller({ ...core.createContext(), denied: true });
    expect((await appErrorOf(foreign.session.state())).code).toBe('FORBIDDEN');
    expect((await appErrorOf(foreign.customers.list({}))).code).toBe('FORBIDDEN');
    expect((await appErrorOf(foreign.session.logout())).code).toBe('FORBIDDEN');
    expect(await core.caller.session.state()).toMatchObject({ signedIn: true });
  });

  it('forgets a token the server no longer accepts and says the session expired', async () => {
    const dir = tempDir();
    const core = await coreIn(dir);
    await core.caller.session.login({ serverUrl: ts.url, username: 'am3', password: 'demo1234' });
    // Ended elsewhere (signed out on the server, expired, or revoked by an administrator).
    await clientFor(ts.url, onlyToken(dir)).auth.logout.mutate();

    expect((await appErrorOf(core.caller.customers.list({}))).code).toBe('SESSION_EXPIRED');
    expect(storedSecrets(dir)).toEqual({});
    expect(await core.caller.session.state()).toMatchObject({ signedIn: false, user: null });
    expect((await appErrorOf(core.caller.customers.list({}))).code).toBe('NOT_SIGNED_IN');
  });

  it('says which server cannot be reached, and carries on when it is back', async () => {
    const core = await coreIn(tempDir());
    const dead = await deadAddress();
    expect(await appErrorOf(core.caller.session.login({ serverUrl: dead, username: 'am1', password: 'demo1234' }))).toEqual({
      code: 'SERVER_UNREACHABLE',
      params: { server: dead },
      fieldErrors: [],
    });

    const relay = await switchableRelay(ts.url);
    try {
      await core.caller.session.login({ serverUrl: relay.url, username: 'lead1', password: 'demo1234' });
      await relay.down();
      expect(await appErrorOf(core.caller.customers.list({}))).toMatchObject({ code: 'SERVER_UNREACHABLE', params: { server: relay.url } });
      // Unreachable is not signed out: the session is still good once the server is back.
      expect(await core.caller.session.state()).toMatchObject({ signedIn: true, user: { username: 'lead1' } });
      await relay.up();
      await expect(core.caller.customers.list({})).resolves.toMatchObject({ total: expect.any(Number) });
    } finally {
      await relay.close();
    }
  });

  it('keeps a remembered session through a restart while the server is down', async () => {
    const dir = tempDir();
    const relay = await switchableRelay(ts.url);
    try {
      await (await coreIn(dir)).caller.session.login({ serverUrl: relay.url, username: 'lead2', password: 'demo1234' });
      await relay.down();
      // Down at restart: signed in from the offline cache, as the server last confirmed them.
      const offline = await coreIn(dir);
      await offline.sync.settled();
      expect(await offline.caller.session.state()).toMatchObject({ signedIn: true, offline: true, serverUrl: relay.url, user: { username: 'lead2' } });
      expect(Object.keys(storedSecrets(dir))).toHaveLength(1);

      await relay.up();
      const online = await coreIn(dir);
      expect(await online.caller.session.state()).toMatchObject({ signedIn: true, offline: false, user: { username: 'lead2' } });
      // Signing out of a session that was never confirmed still forgets it.
      await relay.down();
      const again = await coreIn(dir);
      await again.caller.session.logout();
      expect(storedSecrets(dir)).toEqual({});
    } finally {
      await relay.close();
    }
  });

  it('gives up on a server that accepts connections but never answers', async () => {
    const sockets: net.Socket[] = [];
    const silent = net.createServer((s) => sockets.push(s));
    await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', () => resolve()));
    const url = `http://127.0.0.1:${(silent.address() as net.AddressInfo).port}`;
    try {
      const core = await coreIn(tempDir(), { requestTimeoutMs: 300 });
      const started = Date.now();
      expect((await appErrorOf(core.caller.session.login({ serverUrl: url, username: 'am1', password: 'demo1234' }))).code).toBe('SERVER_UNREACHABLE');
      expect(Date.now() - started).toBeLessThan(5_000);
    } finally {
      sockets.forEach((s) => s.destroy());
      silent.close();
    }
  });

  it('remembers several servers, the last one used first, and forgets one with its token', async () => {
    const dir = tempDir();
    const core = await coreIn(dir);
    const relay = await switchableRelay(ts.url);
    try {
      await core.caller.session.login({ serverUrl: ts.url, username: 'am1', password: 'demo1234' });
      await core.caller.session.login({ serverUrl: relay.url, username: 'service1', password: 'demo1234' });
      const state = await core.caller.session.state();
      expect(state).toMatchObject({ signedIn: true, serverUrl: relay.url, user: { username: 'service1' } });
      expect(state.profiles.map((p) => [p.url, p.lastUsername])).toEqual([
        [relay.url, 'service1'],
        [ts.url, 'am1'],
      ]);
      // One session at a time: switching servers signed out of the first.
      expect(Object.keys(storedSecrets(dir))).toHaveLength(1);

      await core.caller.session.forgetProfile({ id: state.profiles[0]!.id });
      expect(storedSecrets(dir)).toEqual({});
      expect(await core.caller.session.state()).toMatchObject({ signedIn: false, profiles: [{ url: ts.url }] });
    } finally {
      await relay.close();
    }
  });

  it("forwards the server's change feed, and ends it with the session", async () => {
    const core = await coreIn(tempDir());
    await core.caller.session.login({ serverUrl: ts.url, username: 'am1', password: 'demo1234' });
    const feed = (await core.caller.live.onChange())[Symbol.asyncIterator]();
    const first = feed.next();
    // The feed connects in the background; keep writing until it reports one of the writes.
    const ids: string[] = [];
    let event: IteratorResult<unknown> | null = null;
    void first.then((r) => (event = r));
    for (let i = 0; i < 40 && !event; i++) {
      ids.push((await core.caller.customers.create({ name: `实时刷新测试客户${i}` })).id);
      await new Promise((r) => setTimeout(r, 150));
    }
    const got = (await first).value as { entity: string; entityId: string };
    expect(got.entity).toMatch(/^customer/);
    expect(ids).toContain(got.entityId);

    // Notices already queued (the cache's own, for the writes above) may still come; then it ends.
    await core.caller.session.logout();
    let next = await feed.next();
    for (let i = 0; i < 200 && !next.done; i++) next = await feed.next();
    expect(next).toMatchObject({ done: true });
  });
});
