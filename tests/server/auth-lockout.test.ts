import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AuditEntity } from '../../server/modules/audit/audit.entity';
import { UserEntity } from '../../server/modules/org/user.entity';
import { TEST_DB } from '../support/databases';
import { clientFor, errorCodeOf, startTestServer, type TestServer } from '../support/test-server';

let ts: TestServer;
beforeAll(async () => {
  ts = await startTestServer();
  // All test logins come from 127.0.0.1; keep the address limit out of the way here
  // (auth-address.test.ts covers it).
  await ts.server.services.settings.set('auth.maxFailedLoginsPerAddress', 1000);
});
afterAll(async () => ts?.close());

const login = (username: string, password: string) => ts.anonymous().auth.login.mutate({ username, password });
const auditOf = async (username: string) =>
  (await ts.server.db.getRepository(AuditEntity).find({ where: { username }, order: { seq: 'ASC' } })).map((e) => e.action);
const unlock = (username: string) => ts.server.db.getRepository(UserEntity).update({ username }, { lockedUntil: null, failedLogins: 0 });

describe(`account lockout (${TEST_DB})`, () => {
  it('locks the account after the configured number of wrong passwords, even for the right one', async () => {
    await ts.server.services.settings.set('auth.maxFailedLogins', 3);
    expect(await errorCodeOf(login('service1', 'wrong-1'))).toBe('INVALID_CREDENTIALS');
    expect(await errorCodeOf(login('service1', 'wrong-2'))).toBe('INVALID_CREDENTIALS');
    expect(await errorCodeOf(login('service1', 'wrong-3'))).toBe('ACCOUNT_LOCKED');
    expect(await errorCodeOf(login('service1', 'demo1234'))).toBe('ACCOUNT_LOCKED');
    expect(await auditOf('service1')).toEqual([
      'auth.login_failed',
      'auth.login_failed',
      'auth.login_failed',
      'auth.locked',
      'auth.login_blocked_locked',
    ]);
  });

  it('tells how many minutes the lock lasts', async () => {
    await ts.server.services.settings.set('auth.lockMinutes', 20);
    await ts.server.services.settings.set('auth.maxFailedLogins', 3);
    for (let i = 0; i < 2; i++) await errorCodeOf(login('finance1', 'wrong'));
    try {
      await login('finance1', 'wrong');
      expect.unreachable();
    } catch (e) {
      expect((e as { data?: { appCode?: string; params?: { minutes?: number } } }).data).toMatchObject({ appCode: 'ACCOUNT_LOCKED', params: { minutes: 20 } });
    }
  });

  it('lets the user in again once the lock has expired, and a success resets the count', async () => {
    await ts.server.services.settings.set('auth.maxFailedLogins', 3);
    const users = ts.server.db.getRepository(UserEntity);
    await users.update({ username: 'service1' }, { lockedUntil: new Date(Date.now() - 1000).toISOString() });
    expect((await login('service1', 'demo1234')).user.username).toBe('service1');
    expect(await errorCodeOf(login('service1', 'wrong'))).toBe('INVALID_CREDENTIALS');
    expect(await errorCodeOf(login('service1', 'wrong'))).toBe('INVALID_CREDENTIALS');
    expect((await login('service1', 'demo1234')).user.username).toBe('service1');
    expect((await users.findOneByOrFail({ username: 'service1' })).failedLogins).toBe(0);
  });

  it('counts parallel guesses exactly: a burst locks the account once and the chain stays intact', async () => {
    await ts.server.services.settings.set('auth.maxFailedLogins', 10);
    await unlock('marketing1');
    const results = await Promise.all(Array.from({ length: 20 }, (_, i) => errorCodeOf(login('marketing1', `guess-${i}`))));
    expect(results.filter((r) => r === 'ACCOUNT_LOCKED').length).toBeGreaterThanOrEqual(1);
    expect(results.every((r) => r === 'ACCOUNT_LOCKED' || r === 'INVALID_CREDENTIALS')).toBe(true);
    // Each guess is recorded once: as a failure, or as refused because the burst had already
    // locked the account when it arrived.
    const actions = await auditOf('marketing1');
    const failed = actions.filter((a) => a === 'auth.login_failed').length;
    expect(failed).toBeGreaterThanOrEqual(10);
    expect(failed + actions.filter((a) => a === 'auth.login_blocked_locked').length).toBe(20);
    expect(actions.filter((a) => a === 'auth.locked')).toHaveLength(1);
    expect(await errorCodeOf(login('marketing1', 'demo1234'))).toBe('ACCOUNT_LOCKED');
    expect(await ts.server.services.audit.verify(ts.server.db.manager)).toMatchObject({ ok: true });
  });

  it('refuses the right password guessed inside a burst that locks the account', async () => {
    await ts.server.services.settings.set('auth.maxFailedLogins', 3);
    await unlock('lead2');
    const attempts = ['a-wrong-1', 'a-wrong-2', 'a-wrong-3', 'a-wrong-4', 'a-wrong-5', 'a-wrong-6'];
    const results = await Promise.all([...attempts.map((p) => errorCodeOf(login('lead2', p))), login('lead2', 'demo1234').then(() => 'OK', (e) => errorCodeOf(Promise.reject(e)))]);
    // Whatever the interleaving, the account ends up locked and any success came before the lock.
    expect(await errorCodeOf(login('lead2', 'demo1234'))).toBe('ACCOUNT_LOCKED');
    expect(results.filter((r) => r === 'OK').length).toBeLessThanOrEqual(1);
    const locked = (await ts.server.db.getRepository(UserEntity).findOneByOrFail({ username: 'lead2' })).lockedUntil;
    expect(Date.parse(locked!)).toBeGreaterThan(Date.now());
  });

  it('does not tell a disabled account from a wrong password unless the password is right', async () => {
    await ts.server.db.getRepository(UserEntity).update({ username: 'am3' }, { enabled: false });
    try {
      expect(await errorCodeOf(login('am3', 'wrong-password'))).toBe('INVALID_CREDENTIALS');
      expect(await errorCodeOf(login('am3', 'demo1234'))).toBe('ACCOUNT_DISABLED');
    } finally {
      await ts.server.db.getRepository(UserEntity).update({ username: 'am3' }, { enabled: true, failedLogins: 0 });
    }
  });
});

describe(`audit of sign-in events (${TEST_DB})`, () => {
  it('records login, logout, a failed and a successful password change', async () => {
    const { token } = await login('am2', 'demo1234');
    const client = clientFor(ts.url, token);
    expect(await errorCodeOf(client.auth.changePassword.mutate({ currentPassword: 'not-it', newPassword: 'a-much-better-pass' }))).toBe('PASSWORD_WRONG');
    await client.auth.changePassword.mutate({ currentPassword: 'demo1234', newPassword: 'a-much-better-pass' });
    await client.auth.logout.mutate();
    expect(await auditOf('am2')).toEqual(['auth.login', 'auth.password_change_failed', 'auth.password_changed', 'auth.logout']);
    const entries = await ts.server.db.getRepository(AuditEntity).find({ where: { username: 'am2' }, order: { seq: 'ASC' } });
    expect(entries.every((e) => e.ip === '127.0.0.1')).toBe(true);
    expect(JSON.stringify(entries)).not.toContain('a-much-better-pass');
    expect((await login('am2', 'a-much-better-pass')).user.username).toBe('am2');
    expect(await errorCodeOf(login('am2', 'demo1234'))).toBe('INVALID_CREDENTIALS');
  });

  it('records an unknown username without creating anything for it', async () => {
    expect(await errorCodeOf(login('no-such-user', 'whatever-1'))).toBe('INVALID_CREDENTIALS');
    const [entry] = await ts.server.db.getRepository(AuditEntity).find({ where: { username: 'no-such-user' } });
    expect(entry).toMatchObject({ action: 'auth.login_failed', userId: null, detail: { reason: 'unknown_user' } });
    expect(await ts.server.db.getRepository(UserEntity).existsBy({ username: 'no-such-user' })).toBe(false);
  });
});
