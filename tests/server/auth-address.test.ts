import http from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AuditEntity } from '../../server/modules/audit/audit.entity';
import { TEST_DB } from '../support/databases';
import { errorCodeOf, startTestServer, type TestServer } from '../support/test-server';

let ts: TestServer;
beforeAll(async () => {
  ts = await startTestServer();
});
afterAll(async () => ts?.close());

// Signs in over a connection from the given loopback address (127.0.0.x all reach the server).
function loginFrom(localAddress: string, username: string, password: string): Promise<{ status: number; body: any }> {
  const url = new URL(`${ts.url}/trpc/auth.login`);
  const payload = JSON.stringify({ username, password });
  return new Promise((resolve, reject) => {
    const req = http.request(
      { host: url.hostname, port: url.port, path: url.pathname, method: 'POST', localAddress, headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(payload) } },
      (res) => {
        let text = '';
        res.on('data', (c) => (text += c));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body: JSON.parse(text) }));
      },
    );
    req.on('error', reject);
    req.end(payload);
  });
}

describe(`lockout per source address (${TEST_DB})`, () => {
  it('blocks an address that tries too many passwords, across usernames, but not other addresses', async () => {
    await ts.server.services.settings.set('auth.maxFailedLoginsPerAddress', 5);
    await ts.server.services.settings.set('auth.lockMinutes', 15);
    // Spraying one password over many names: no single account reaches its limit, and
    // signing in to an account of one's own in between does not reset the address's count.
    for (const name of ['am1', 'am2', 'am3']) {
      expect(await errorCodeOf(ts.anonymous().auth.login.mutate({ username: name, password: 'Spring2026!' }))).toBe('INVALID_CREDENTIALS');
    }
    expect((await ts.anonymous().auth.login.mutate({ username: 'service1', password: 'demo1234' })).user.username).toBe('service1');
    for (const name of ['lead1', 'ghost']) {
      expect(await errorCodeOf(ts.anonymous().auth.login.mutate({ username: name, password: 'Spring2026!' }))).toBe('INVALID_CREDENTIALS');
    }
    expect(await errorCodeOf(ts.anonymous().auth.login.mutate({ username: 'am1', password: 'demo1234' }))).toBe('ADDRESS_LOCKED');

    const other = await loginFrom('127.0.0.2', 'am1', 'demo1234');
    expect(other.status).toBe(200);
    expect(other.body.result.data.user.username).toBe('am1');

    const blocked = await loginFrom('127.0.0.1', 'am2', 'demo1234');
    expect(blocked.status).toBe(429);
    expect(blocked.body.error.data).toMatchObject({ appCode: 'ADDRESS_LOCKED', params: { minutes: 15 } });

    const audit = ts.server.db.getRepository(AuditEntity);
    expect(await audit.findOneBy({ action: 'auth.address_locked' })).toMatchObject({ ip: '127.0.0.1' });
    expect(await audit.countBy({ action: 'auth.login_blocked_address', ip: '127.0.0.1' })).toBe(2);
  });
});
