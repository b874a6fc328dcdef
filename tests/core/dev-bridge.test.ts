import fs from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import { createTRPCClient, httpBatchLink } from '@trpc/client';
import { v7 as uuidv7 } from 'uuid';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LocalRouter } from '../../src/main/core';
import { createNetworkSwitch, startDevBridge, type RunningBridge } from '../../src/main/core/dev-bridge';
import { TEST_DB } from '../support/databases';
import { startTestServer, type TestServer } from '../support/test-server';
import { appErrorOf, coreIn, tempDir } from './core-support';

let ts: TestServer;
let bridge: RunningBridge;
let serverToken: string;
beforeAll(async () => {
  ts = await startTestServer();
  const dir = tempDir();
  const core = await coreIn(dir);
  await core.caller.session.login({ serverUrl: ts.url, username: 'am1', password: 'demo1234' });
  serverToken = Object.values(JSON.parse(fs.readFileSync(path.join(dir, 'secrets.json'), 'utf8')) as Record<string, string>)[0]!;
  const site = tempDir();
  fs.writeFileSync(path.join(site, 'index.html'), '<!doctype html><title>CRM</title><script type="module" src="/assets/app.js"></script>');
  fs.mkdirSync(path.join(site, 'assets'));
  fs.writeFileSync(path.join(site, 'assets/app.js'), 'console.log("crm")');
  bridge = await startDevBridge({ core, renderer: { kind: 'static', dir: site }, port: 0 });
});
afterAll(async () => {
  await bridge?.close();
  await ts?.close();
});

const api = (token: string) =>
  createTRPCClient<LocalRouter>({ links: [httpBatchLink({ url: `${bridge.url}/api`, headers: { 'x-bridge-token': token } })] });

// A request exactly as written, Host header and undecoded path included.
function rawGet(p: string, headers: Record<string, string> = {}): Promise<{ status: number; headers: http.IncomingHttpHeaders; body: string }> {
  const { port } = new URL(bridge.url);
  return new Promise((resolve, reject) => {
    const req = http.request({ host: '127.0.0.1', port, path: p, headers }, (res) => {
      let body = '';
      res.on('data', (c) => (body += c));
      res.on('end', () => resolve({ status: res.statusCode!, headers: res.headers, body }));
    });
    req.on('error', reject);
    req.end();
  });
}

describe(`dev/test bridge (${TEST_DB})`, () => {
  it('refuses API calls without the token or with a wrong one', async () => {
    const state = `${bridge.url}/api/session.state`;
    expect((await fetch(state)).status).toBe(401);
    expect((await fetch(state, { headers: { 'x-bridge-token': 'x'.repeat(43) } })).status).toBe(401);
    expect((await fetch(state, { headers: { 'x-bridge-token': bridge.token.slice(0, -1) } })).status).toBe(401);
    const wrongParams = encodeURIComponent(JSON.stringify({ bridgeToken: `${bridge.token}x` }));
    expect((await fetch(`${bridge.url}/api/live.onChange?connectionParams=${wrongParams}`)).status).toBe(401);
    await expect(api('wrong-token-wrong-token-wrong-token').session.state.query()).rejects.toMatchObject({
      data: { httpStatus: 401, appCode: 'UNAUTHENTICATED', params: { reason: 'bridgeToken' } },
    });

    const ok = await fetch(state, { headers: { 'x-bridge-token': bridge.token } });
    expect(ok.status).toBe(200);
    const body = await ok.text();
    expect(JSON.parse(body).result.data).toMatchObject({ signedIn: true, user: { username: 'am1' } });
    expect(body).not.toContain(serverToken);
  });

  it('serves the local router with the app error shape', async () => {
    const client = api(bridge.token);
    expect(await client.session.state.query()).toMatchObject({ signedIn: true, serverUrl: ts.url });
    expect((await appErrorOf(client.customers.get.query({ id: uuidv7() }))).code).toBe('NOT_FOUND');
    expect(await appErrorOf(client.customers.purge.mutate({ ids: [uuidv7()] }))).toMatchObject({
      code: 'FORBIDDEN',
      params: { permission: 'customers.purge' },
    });
    expect(await appErrorOf(client.customers.create.mutate({ name: '' }))).toMatchObject({
      code: 'VALIDATION',
      fieldErrors: [{ path: 'name', message: 'validation.required' }],
    });
  });

  it('opens the change feed as server-sent events with the token in connectionParams', async () => {
    const params = encodeURIComponent(JSON.stringify({ bridgeToken: bridge.token }));
    const ac = new AbortController();
    const res = await fetch(`${bridge.url}/api/live.onChange?connectionParams=${params}`, { signal: ac.signal, headers: { accept: 'text/event-stream' } });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^text\/event-stream/);
    ac.abort();
  });

  it('serves the renderer, nothing outside its folder, and only to loopback host names', async () => {
    const page = await rawGet('/', { host: new URL(bridge.url).host });
    expect(page.status).toBe(200);
    expect(page.body).toContain('<title>CRM</title>');
    expect(page.headers['content-security-policy']).toMatch(/default-src 'self'/);
    expect(page.headers['content-security-policy']).not.toMatch(/unsafe-eval/);
    expect((await rawGet('/customers/42', { host: new URL(bridge.url).host })).body).toContain('<title>CRM</title>');
    expect((await rawGet('/assets/app.js', { host: new URL(bridge.url).host })).body).toContain('console.log');
    expect((await rawGet('/assets/missing.js', { host: new URL(bridge.url).host })).status).toBe(404);
    for (const p of ['/..%2F..%2Fpackage.json', '/%2e%2e/%2e%2e/package.json', '/assets/..%2F..%2Fsecrets.json']) {
      const r = await rawGet(p, { host: new URL(bridge.url).host });
      expect(r.status).toBe(404);
      expect(r.body).not.toContain('"name"');
    }
    // DNS rebinding: a page on another name that resolves to 127.0.0.1.
    const rebound = await rawGet('/api/session.state', { host: `evil.example:${new URL(bridge.url).port}`, 'x-bridge-token': bridge.token });
    expect(rebound.status).toBe(421);
  });

  it('lets a test pull the core’s network cable only with the token, and only where the launcher wired one', async () => {
    const post = (url: string, body: unknown, token?: string) =>
      fetch(`${url}/__test/network`, { method: 'POST', headers: token ? { 'x-bridge-token': token } : {}, body: JSON.stringify(body) });
    // The ordinary bridge (as the desktop app's never is) has no such route.
    expect((await post(bridge.url, { offline: true }, bridge.token)).status).not.toBe(200);

    const net = createNetworkSwitch();
    const core = await coreIn(tempDir(), { fetch: net.fetch });
    await core.caller.session.login({ serverUrl: ts.url, username: 'am1', password: 'demo1234' });
    const wired = await startDevBridge({ core, renderer: { kind: 'none' }, port: 0, network: net });
    try {
      expect((await post(wired.url, { offline: true })).status).toBe(401);
      expect((await post(wired.url, { offline: true }, `${wired.token}x`)).status).toBe(401);
      expect((await post(wired.url, { offline: 'yes' }, wired.token)).status).toBe(400);
      expect(net.offline()).toBe(false);
      expect((await post(wired.url, { offline: true }, wired.token)).status).toBe(200);
      expect((await appErrorOf(core.caller.pool.list({}))).code).toBe('SERVER_UNREACHABLE');
      expect((await post(wired.url, { offline: false }, wired.token)).status).toBe(200);
      await expect(core.caller.pool.list({})).resolves.toHaveProperty('total');
    } finally {
      await wired.close();
      await core.close();
    }
  });
});
