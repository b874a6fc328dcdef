import { TRPCClientError } from '@trpc/client';
import { generateSync } from 'otplib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AuditEntity } from '../../server/modules/audit/audit.entity';
import { UserEntity } from '../../server/modules/org/user.entity';
import { TEST_DB } from '../support/databases';
import { clientFor, errorCodeOf, startTestServer, type TestServer } from '../support/test-server';
import { NEW_PASSWORD, newUser, roleId } from './admin-fixtures';
import { envFor, runCli } from './cli-run';

let ts: TestServer;
beforeAll(async () => {
  ts = await startTestServer();
  await ts.server.services.settings.set('auth.maxFailedLoginsPerAddress', 1000);
});
afterAll(async () => ts?.close());

// The code an authenticator app shows `steps` 30 s steps from now.
const codeAt = (secret: string, steps = 0) => generateSync({ secret, epoch: Math.floor(Date.now() / 1000) + steps * 30 });

// auth.login's answer for a user with two-factor: no session, a challenge for the second step.
async function challengeOf(username: string, password = NEW_PASSWORD): Promise<string> {
  try {
    await ts.anonymous().auth.login.mutate({ username, password });
  } catch (e) {
    expect(e).toBeInstanceOf(TRPCClientError);
    const data = (e as { data?: { appCode?: string; params?: { challenge?: string } } }).data!;
    expect(data.appCode).toBe('TWO_FACTOR_CHALLENGE');
    return data.params!.challenge!;
  }
  throw new Error('expected a two-factor challenge, got a session');
}

const second = (challenge: string, code: string) => ts.anonymous().auth.loginTwoFactor.mutate({ challenge, code });
const auditOf = async (username: string) =>
  (await ts.server.db.getRepository(AuditEntity).find({ where: { username }, order: { seq: 'ASC' } })).map((e) => e.action);
const userRow = (username: string) => ts.server.db.getRepository(UserEntity).findOneByOrFail({ username });
// Lets the next test use the current step again (the replay guard remembers the last one).
const forgetLastStep = (username: string) => ts.server.db.getRepository(UserEntity).update({ username }, { totpLastStep: null });

async function enrolled(username: string): Promise<{ secret: string; recoveryCodes: string[]; client: ReturnType<typeof clientFor> }> {
  const { client } = await newUser(ts, username);
  const { secret, uri } = await client.auth.twoFactor.start.mutate();
  expect(uri).toMatch(new RegExp(`^otpauth://totp/CRM:${username}\\?.*secret=${secret}`));
  const { recoveryCodes } = await client.auth.twoFactor.confirm.mutate({ code: codeAt(secret) });
  return { secret, recoveryCodes, client };
}

describe(`two-factor sign-in (${TEST_DB})`, () => {
  it('enrols from the profile: the secret works only after a right code, and 10 recovery codes come once', async () => {
    const { client } = await newUser(ts, 'tf-enrol');
    const { secret } = await client.auth.twoFactor.start.mutate();
    expect(await errorCodeOf(client.auth.twoFactor.confirm.mutate({ code: '000000' === codeAt(secret) ? '111111' : '000000' }))).toBe('TWO_FACTOR_CODE_INVALID');
    expect(await client.auth.twoFactor.status.query()).toMatchObject({ enabled: false });
    const { recoveryCodes } = await client.auth.twoFactor.confirm.mutate({ code: codeAt(secret) });
    expect(recoveryCodes).toHaveLength(10);
    expect(new Set(recoveryCodes).size).toBe(10);
    expect(await client.auth.twoFactor.status.query()).toEqual({ enabled: true, required: false, recoveryCodesLeft: 10 });
    const row = await userRow('tf-enrol');
    // Only hashes are kept.
    expect(JSON.stringify(row.totpRecoveryCodes)).not.toContain(recoveryCodes[0]!.replace(/-/g, ''));
    expect(await errorCodeOf(client.auth.twoFactor.start.mutate())).toBe('TWO_FACTOR_ALREADY_ENABLED');
    expect(await auditOf('tf-enrol')).toEqual(expect.arrayContaining(['auth.two_factor_failed', 'auth.two_factor_enabled']));
  });

  it('asks for a code after the password, opens no session before it, and accepts the app code', async () => {
    const { secret } = await enrolled('tf-login');
    const challenge = await challengeOf('tf-login');
    // The challenge is not a token.
    expect((await ts.raw('/trpc/auth.me', { token: challenge })).status).toBe(401);
    const res = await second(challenge, codeAt(secret, 1));
    expect(res.user).toMatchObject({ username: 'tf-login', twoFactorEnabled: true, mustEnrollTwoFactor: false });
    expect((await clientFor(ts.url, res.token).auth.me.query()).username).toBe('tf-login');
    // A used challenge cannot open a second session.
    expect(await errorCodeOf(second(challenge, codeAt(secret, 1)))).toBe('TWO_FACTOR_CHALLENGE_EXPIRED');
    const actions = await auditOf('tf-login');
    expect(actions.slice(-2)).toEqual(['auth.two_factor_challenged', 'auth.login']);
  });

  it('refuses a wrong password before any challenge, and a made-up challenge', async () => {
    await enrolled('tf-wrongpw');
    expect(await errorCodeOf(ts.anonymous().auth.login.mutate({ username: 'tf-wrongpw', password: 'not the password' }))).toBe('INVALID_CREDENTIALS');
    expect(await errorCodeOf(second('x'.repeat(43), '123456'))).toBe('TWO_FACTOR_CHALLENGE_EXPIRED');
  });

  it('refuses a wrong code, counts it like a wrong password and locks the account at the limit', async () => {
    await ts.server.services.settings.set('auth.maxFailedLogins', 3);
    const { secret } = await enrolled('tf-wrong');
    const right = codeAt(secret, 1);
    const wrong = right === '123456' ? '654321' : '123456';
    const challenge = await challengeOf('tf-wrong');
    expect(await errorCodeOf(second(challenge, wrong))).toBe('TWO_FACTOR_CODE_INVALID');
    expect((await userRow('tf-wrong')).failedLogins).toBe(1);
    expect(await errorCodeOf(second(challenge, wrong))).toBe('TWO_FACTOR_CODE_INVALID');
    expect(await errorCodeOf(second(challenge, wrong))).toBe('ACCOUNT_LOCKED');
    // Locked: neither the right code nor the password gets in now.
    expect(await errorCodeOf(second(challenge, right))).toBe('TWO_FACTOR_CHALLENGE_EXPIRED');
    expect(await errorCodeOf(ts.anonymous().auth.login.mutate({ username: 'tf-wrong', password: NEW_PASSWORD }))).toBe('ACCOUNT_LOCKED');
    const actions = await auditOf('tf-wrong');
    expect(actions.filter((a) => a === 'auth.two_factor_failed')).toHaveLength(3);
    expect(actions).toContain('auth.locked');
    await ts.server.services.settings.set('auth.maxFailedLogins', 5);
  });

  it('refuses a code that was already used (replay), and accepts the next one', async () => {
    const { secret } = await enrolled('tf-replay');
    const code = codeAt(secret, 1);
    await second(await challengeOf('tf-replay'), code);
    const again = await challengeOf('tf-replay');
    expect(await errorCodeOf(second(again, code))).toBe('TWO_FACTOR_CODE_USED');
    expect(await auditOf('tf-replay')).toContain('auth.two_factor_failed');
    // A replay is not a guess: it does not count toward the lockout.
    expect((await userRow('tf-replay')).failedLogins).toBe(0);
    await forgetLastStep('tf-replay');
    expect((await second(again, codeAt(secret))).user.username).toBe('tf-replay');
  });

  it('opens one session only when the same code arrives twice at the same moment', async () => {
    const { secret } = await enrolled('tf-race');
    const [a, b] = [await challengeOf('tf-race'), await challengeOf('tf-race')];
    const code = codeAt(secret, 1);
    const outcome = (p: Promise<unknown>) => p.then(() => 'OK', (e) => errorCodeOf(Promise.reject(e)));
    const results = await Promise.all([outcome(second(a, code)), outcome(second(b, code))]);
    expect([...results].sort()).toEqual(['OK', 'TWO_FACTOR_CODE_USED']);
  });

  it('accepts each recovery code once, typed in any case and without dashes', async () => {
    const { recoveryCodes, client } = await enrolled('tf-recovery');
    const code = recoveryCodes[3]!;
    const res = await second(await challengeOf('tf-recovery'), code.replace(/-/g, '').toLowerCase());
    expect(res.user.username).toBe('tf-recovery');
    expect(await errorCodeOf(second(await challengeOf('tf-recovery'), code))).toBe('TWO_FACTOR_CODE_INVALID');
    expect((await client.auth.twoFactor.status.query()).recoveryCodesLeft).toBe(9);
    const logins = await ts.server.db.getRepository(AuditEntity).find({ where: { username: 'tf-recovery', action: 'auth.login' }, order: { seq: 'DESC' } });
    expect(logins[0]!.detail).toMatchObject({ twoFactor: 'recovery' });
  });

  it('turns off with the password (not without it), and then signs in with the password alone', async () => {
    const { client } = await enrolled('tf-off');
    expect(await errorCodeOf(client.auth.twoFactor.disable.mutate({ password: 'not the password' }))).toBe('PASSWORD_WRONG');
    expect(await errorCodeOf(client.auth.twoFactor.disable.mutate({}))).toBe('VALIDATION');
    await client.auth.twoFactor.disable.mutate({ password: NEW_PASSWORD });
    expect((await ts.anonymous().auth.login.mutate({ username: 'tf-off', password: NEW_PASSWORD })).user.twoFactorEnabled).toBe(false);
    expect(await auditOf('tf-off')).toEqual(expect.arrayContaining(['auth.two_factor_disabled']));
  });

  it('forces enrolment when a role requires it: only auth.* answers until the user has set it up', async () => {
    const admin = await ts.as('admin');
    const sales = await roleId(ts, 'account_manager');
    const role = await admin.admin.roles.copy.mutate({ id: sales, name: '需两步验证的销售' });
    await admin.admin.roles.setTwoFactor.mutate({ id: role.id, required: true });
    expect((await admin.admin.roles.list.query()).find((r) => r.id === role.id)?.requireTwoFactor).toBe(true);
    const { client } = await newUser(ts, 'tf-forced', { roleIds: [role.id] });
    expect((await client.auth.me.query()).mustEnrollTwoFactor).toBe(true);
    expect(await errorCodeOf(client.customers.list.query({}))).toBe('TWO_FACTOR_ENROLLMENT_REQUIRED');
    const { secret } = await client.auth.twoFactor.start.mutate();
    await client.auth.twoFactor.confirm.mutate({ code: codeAt(secret) });
    expect((await client.auth.me.query()).mustEnrollTwoFactor).toBe(false);
    expect(Array.isArray((await client.customers.list.query({})).items)).toBe(true);
    // The role's requirement also keeps it from being turned off.
    expect(await errorCodeOf(client.auth.twoFactor.disable.mutate({ password: NEW_PASSWORD }))).toBe('TWO_FACTOR_REQUIRED_BY_ROLE');
    expect(await auditOf('admin')).toContain('role.two_factor');
  });

  it('lets an administrator reset a user’s two-factor (audited); others may not', async () => {
    const { client } = await enrolled('tf-reset');
    const id = (await userRow('tf-reset')).id;
    const am1 = await ts.as('am1');
    expect(await errorCodeOf(am1.admin.users.resetTwoFactor.mutate({ id }))).toBe('FORBIDDEN');
    const admin = await ts.as('admin');
    expect((await admin.admin.users.get.query({ id })).twoFactorEnabled).toBe(true);
    expect((await admin.admin.users.resetTwoFactor.mutate({ id })).twoFactorEnabled).toBe(false);
    expect((await client.auth.twoFactor.status.query()).enabled).toBe(false);
    expect((await ts.anonymous().auth.login.mutate({ username: 'tf-reset', password: NEW_PASSWORD })).user.username).toBe('tf-reset');
    const entry = await ts.server.db.getRepository(AuditEntity).findOneByOrFail({ action: 'user.two_factor_reset', entityId: id });
    expect(entry).toMatchObject({ username: 'admin', detail: { username: 'tf-reset', wasEnabled: true } });
  });

  it('lets the command line remove a lost authenticator (the last administrator’s way back in), audited', async () => {
    await enrolled('tf-cli');
    const r = await runCli(['reset-two-factor', 'tf-cli'], envFor(ts.server.services.config));
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toContain('Two-factor sign-in removed for tf-cli');
    expect((await ts.anonymous().auth.login.mutate({ username: 'tf-cli', password: NEW_PASSWORD })).user.twoFactorEnabled).toBe(false);
    const entry = await ts.server.db.getRepository(AuditEntity).findOneByOrFail({ action: 'user.two_factor_reset', entityId: (await userRow('tf-cli')).id });
    expect(entry).toMatchObject({ userId: null, detail: { username: 'tf-cli', via: 'command line' } });
  });
});
