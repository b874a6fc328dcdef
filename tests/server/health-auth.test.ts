import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TEST_DB } from '../support/databases';
import { errorCodeOf, startTestServer, type TestServer } from '../support/test-server';

let ts: TestServer;
beforeAll(async () => {
  ts = await startTestServer();
});
afterAll(async () => ts?.close());

describe(`health and sign-in (${TEST_DB})`, () => {
  it('answers /healthz with status, version and the database engine', async () => {
    const r = await ts.raw('/healthz');
    expect(r.status).toBe(200);
    expect(r.body).toEqual({ status: 'ok', version: expect.stringMatching(/^\d+\.\d+\.\d+/), database: TEST_DB });
  });

  it('logs in over plain HTTP and uses the token as a bearer', async () => {
    const login = await ts.raw('/trpc/auth.login', { method: 'POST', body: JSON.stringify({ username: 'am1', password: 'demo1234' }) });
    expect(login.status).toBe(200);
    const token = login.body.result.data.token as string;
    expect(token.length).toBeGreaterThanOrEqual(40);
    const me = await ts.raw('/trpc/auth.me', { token });
    expect(me.body.result.data).toMatchObject({ username: 'am1', roles: [{ code: 'account_manager' }] });
  });

  it('refuses a wrong password without telling whether the user exists', async () => {
    expect(await errorCodeOf(ts.anonymous().auth.login.mutate({ username: 'am2', password: 'wrong-password' }))).toBe('INVALID_CREDENTIALS');
    expect(await errorCodeOf(ts.anonymous().auth.login.mutate({ username: 'nobody', password: 'wrong-password' }))).toBe('INVALID_CREDENTIALS');
  });

  it('refuses a forged or missing token', async () => {
    expect((await ts.raw('/trpc/auth.me')).status).toBe(401);
    expect((await ts.raw('/trpc/auth.me', { token: 'x'.repeat(43) })).status).toBe(401);
  });

  it('ends the session at logout', async () => {
    const client = await ts.as('service1');
    await client.auth.logout.mutate();
    expect(await errorCodeOf(client.auth.me.query())).toBe('UNAUTHENTICATED');
  });
});
