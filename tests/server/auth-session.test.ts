import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hashToken } from '../../server/modules/auth/auth.service';
import { SessionEntity } from '../../server/modules/auth/session.entity';
import { createAdministrator } from '../../server/modules/org/bootstrap';
import { TEST_DB } from '../support/databases';
import { clientFor, errorCodeOf, startTestServer, type TestServer } from '../support/test-server';

let ts: TestServer;
beforeAll(async () => {
  ts = await startTestServer();
});
afterAll(async () => ts?.close());

const minutesFromNow = (m: number) => new Date(Date.now() + m * 60_000).toISOString();

async function signIn(username: string, password = 'demo1234') {
  const { token, expiresAt } = await ts.anonymous().auth.login.mutate({ username, password });
  const sessions = ts.server.db.getRepository(SessionEntity);
  const where = { tokenHash: hashToken(token) };
  return {
    token,
    client: clientFor(ts.url, token),
    expiresAt,
    session: () => sessions.findOneByOrFail(where),
    set: (patch: Partial<{ expiresAt: string; absoluteExpiresAt: string; lastSeenAt: string }>) => sessions.update(where, patch),
  };
}

describe(`session expiry (${TEST_DB})`, () => {
  it('stores only a hash of the token and starts with the configured idle time', async () => {
    const s = await signIn('am1');
    const row = await s.session();
    expect(row.tokenHash).toMatch(/^[0-9a-f]{64}$/);
    const idle = await ts.server.services.settings.get('auth.sessionIdleMinutes');
    expect(Math.abs(Date.parse(row.expiresAt) - Date.now() - idle * 60_000)).toBeLessThan(60_000);
    expect(s.expiresAt).toBe(row.expiresAt);
  });

  it('ends a session that was idle too long', async () => {
    const s = await signIn('am1');
    expect((await s.client.auth.me.query()).username).toBe('am1');
    await s.set({ expiresAt: minutesFromNow(-1) });
    expect(await errorCodeOf(s.client.auth.me.query())).toBe('UNAUTHENTICATED');
  });

  it('ends a session at its absolute lifetime even while in use', async () => {
    const s = await signIn('am1');
    await s.set({ absoluteExpiresAt: minutesFromNow(-1), expiresAt: minutesFromNow(60) });
    expect(await errorCodeOf(s.client.auth.me.query())).toBe('UNAUTHENTICATED');
  });

  it('slides the idle expiry forward on use, but never past the absolute lifetime', async () => {
    const s = await signIn('am1');
    await s.set({ lastSeenAt: minutesFromNow(-5), expiresAt: minutesFromNow(3) });
    await s.client.auth.me.query();
    const idle = await ts.server.services.settings.get('auth.sessionIdleMinutes');
    expect(Date.parse((await s.session()).expiresAt)).toBeGreaterThan(Date.now() + (idle - 2) * 60_000);

    const absolute = minutesFromNow(10);
    await s.set({ lastSeenAt: minutesFromNow(-5), expiresAt: minutesFromNow(3), absoluteExpiresAt: absolute });
    await s.client.auth.me.query();
    expect((await s.session()).expiresAt).toBe(absolute);
  });

  it('keeps other sessions of the same user alive at logout', async () => {
    const a = await signIn('lead1');
    const b = await signIn('lead1');
    await a.client.auth.logout.mutate();
    expect(await errorCodeOf(a.client.auth.me.query())).toBe('UNAUTHENTICATED');
    expect((await b.client.auth.me.query()).username).toBe('lead1');
  });
});

describe(`first sign-in password change (${TEST_DB})`, () => {
  it('answers PASSWORD_CHANGE_REQUIRED to everything but the auth procedures until the password is changed', async () => {
    const admin = await createAdministrator(ts.server.db, ts.server.services.audit, 'firstadmin');
    const s = await signIn('firstadmin', admin.password);
    expect((await s.client.auth.me.query()).mustChangePassword).toBe(true);
    expect(await errorCodeOf(s.client.org.users.query())).toBe('PASSWORD_CHANGE_REQUIRED');
    expect(await errorCodeOf(s.client.org.departments.query())).toBe('PASSWORD_CHANGE_REQUIRED');
    const raw = await ts.raw('/trpc/org.users', { token: s.token });
    expect(raw.status).toBe(403);
    expect(raw.body.error.data.appCode).toBe('PASSWORD_CHANGE_REQUIRED');

    expect(await errorCodeOf(s.client.auth.changePassword.mutate({ currentPassword: admin.password, newPassword: 'firstadmin' }))).toBe('PASSWORD_POLICY');
    expect(await errorCodeOf(s.client.auth.changePassword.mutate({ currentPassword: admin.password, newPassword: 'short' }))).toBe('PASSWORD_POLICY');
    await s.client.auth.changePassword.mutate({ currentPassword: admin.password, newPassword: 'correct horse battery' });
    expect((await s.client.auth.me.query()).mustChangePassword).toBe(false);
    expect((await s.client.org.users.query()).length).toBeGreaterThan(0);
  });
});
