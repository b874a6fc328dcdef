import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AuditEntity } from '../../server/modules/audit/audit.entity';
import { TEST_DB } from '../support/databases';
import { clientFor, errorCodeOf, startTestServer, type ServerClient, type TestServer } from '../support/test-server';
import { NEW_PASSWORD, newUser, roleId } from './admin-fixtures';
import { uniqueName } from './customers-fixtures';

let ts: TestServer;
let admin: ServerClient;
beforeAll(async () => {
  ts = await startTestServer();
  admin = await ts.as('admin');
});
afterAll(async () => ts?.close());

const lastAudit = async (action: string, entityId: string) =>
  (await ts.server.db.getRepository(AuditEntity).find({ where: { action, entityId }, order: { seq: 'DESC' }, take: 1 }))[0];
const login = (username: string, password: string) => clientFor(ts.url).auth.login.mutate({ username, password });

describe(`administration: users (${TEST_DB})`, () => {
  it('creates a user with a one-time password that must be changed, audited without secrets', async () => {
    const east = ts.org.departments.east.id;
    const { user, password } = await admin.admin.users.create.mutate({
      username: 'newhire', displayName: '新同事', departmentId: east, managerId: ts.org.users.lead1!.id,
      roleIds: [await roleId(ts, 'account_manager')], mobile: '13800001111',
    });
    expect(password).toMatch(/^[A-Za-z0-9]{16}$/);
    expect(user).toMatchObject({ username: 'newhire', departmentName: '华东销售一组', managerName: '李明', enabled: true, mustChangePassword: true });
    const { token } = await login('newhire', password);
    expect(await errorCodeOf(clientFor(ts.url, token).customers.list.query({}))).toBe('PASSWORD_CHANGE_REQUIRED');
    const entry = await lastAudit('user.create', user.id);
    expect(entry).toMatchObject({ username: 'admin', detail: { username: 'newhire', changes: { departmentId: { before: null, after: east } } } });
    expect(JSON.stringify(entry!.detail)).not.toMatch(/passwordHash|argon|scrypt|\$/);
    expect(await errorCodeOf(admin.admin.users.create.mutate({ username: 'newhire', displayName: 'x', departmentId: null, managerId: null, roleIds: [] }))).toBe('VALIDATION');
  });

  it('lists with department, enabled and search filters', async () => {
    const east = await admin.admin.users.list.query({ departmentId: ts.org.departments.east.id });
    expect(east.map((u) => u.username)).toEqual(expect.arrayContaining(['am1', 'am3', 'lead1']));
    expect(east.some((u) => u.username === 'am2')).toBe(false);
    expect((await admin.admin.users.list.query({ search: '赵敏' })).map((u) => u.username)).toEqual(['am2']);
    expect((await admin.admin.users.list.query({ enabled: false })).every((u) => !u.enabled)).toBe(true);
  });

  it('edits fields and roles with a field-level audit; the new roles apply on the next request', async () => {
    const u = await newUser(ts, 'edit-me', { roleIds: [await roleId(ts, 'finance')] });
    expect(await errorCodeOf(u.client.customers.create.mutate({ name: uniqueName() }))).toBe('FORBIDDEN');
    await admin.admin.users.update.mutate({ id: u.id, patch: { displayName: '改名了', roleIds: [await roleId(ts, 'account_manager')] } });
    expect((await u.client.auth.me.query()).displayName).toBe('改名了');
    expect((await u.client.customers.create.mutate({ name: uniqueName() })).owner?.id).toBe(u.id);
    const entry = await lastAudit('user.update', u.id);
    expect(entry!.detail!.changes).toEqual({
      displayName: { before: 'edit-me', after: '改名了' },
      roleIds: { before: [await roleId(ts, 'finance')], after: [await roleId(ts, 'account_manager')] },
    });
  });

  it('disabling ends the sessions at once and tells the desktop to wipe; enabling lets the user back', async () => {
    const u = await newUser(ts, 'leaver', { roleIds: [await roleId(ts, 'account_manager')] });
    expect((await u.client.auth.me.query()).username).toBe('leaver');
    await admin.admin.users.disable.mutate({ id: u.id });
    const refused = await ts.raw('/trpc/auth.me', { token: u.token });
    expect(refused.status).toBe(401);
    expect(refused.body.error.data).toMatchObject({ appCode: 'UNAUTHENTICATED', params: { reason: 'disabled', wipe: 1 } });
    expect(await errorCodeOf(login('leaver', NEW_PASSWORD))).toBe('ACCOUNT_DISABLED');
    expect(await lastAudit('user.disable', u.id)).toMatchObject({ detail: { sessionsRevoked: 1, changes: { enabled: { before: true, after: false } } } });
    // The old token stays dead after re-enabling: the session was revoked, not suspended.
    await admin.admin.users.enable.mutate({ id: u.id });
    expect((await ts.raw('/trpc/auth.me', { token: u.token })).body.error.data.params).toEqual({ reason: 'revoked', wipe: 0 });
    expect((await login('leaver', NEW_PASSWORD)).user.username).toBe('leaver');
    expect(await errorCodeOf(admin.admin.users.disable.mutate({ id: ts.org.users.admin!.id }))).toBe('FORBIDDEN');
  });

  it('unlocks a locked account and resets a password (old sessions end, change forced)', async () => {
    const u = await newUser(ts, 'forgetful');
    await admin.admin.settings.set.mutate({ patch: { 'auth.maxFailedLogins': 3 } });
    for (let i = 0; i < 3; i++) await errorCodeOf(login('forgetful', 'wrong password here'));
    expect(await errorCodeOf(login('forgetful', NEW_PASSWORD))).toBe('ACCOUNT_LOCKED');
    expect((await admin.admin.users.get.query({ id: u.id })).locked).toBe(true);
    await admin.admin.users.unlock.mutate({ id: u.id });
    expect(await lastAudit('user.unlock', u.id)).toBeTruthy();
    expect((await login('forgetful', NEW_PASSWORD)).user.mustChangePassword).toBe(false);
    await admin.admin.settings.set.mutate({ patch: { 'auth.maxFailedLogins': 10 } });

    const { password } = await admin.admin.users.resetPassword.mutate({ id: u.id });
    expect(await errorCodeOf(u.client.auth.me.query())).toBe('UNAUTHENTICATED');
    expect(await errorCodeOf(login('forgetful', NEW_PASSWORD))).toBe('INVALID_CREDENTIALS');
    expect((await login('forgetful', password)).user.mustChangePassword).toBe(true);
    expect(await lastAudit('auth.password_reset', u.id)).toMatchObject({ username: 'admin', detail: { mustChange: true, via: 'admin' } });
  });

  it("hands a leaving user's customers, with their contacts and follow-ups, to another user in one step", async () => {
    const from = await newUser(ts, 'handover-from', { roleIds: [await roleId(ts, 'account_manager')], departmentId: ts.org.departments.east.id });
    const names = [uniqueName('交接'), uniqueName('交接')];
    const made = await Promise.all(names.map((name) => from.client.customers.create.mutate({ name })));
    await from.client.followUps.create.mutate({ customerId: made[0]!.id, type: 'call', at: new Date().toISOString(), content: '待跟进', nextAt: '2030-01-01' });
    const am3 = await ts.as('am3');
    expect(await errorCodeOf(am3.customers.get.query({ id: made[0]!.id }))).toBe('NOT_FOUND');

    expect(await admin.admin.users.handOver.mutate({ fromUserId: from.id, toUserId: ts.org.users.am3!.id })).toEqual({ count: 2 });
    for (const c of made) expect((await am3.customers.get.query({ id: c.id })).owner?.id).toBe(ts.org.users.am3!.id);
    expect((await am3.followUps.list.query({ customerId: made[0]!.id })).items.map((f) => f.content)).toEqual(['待跟进']);
    expect((await from.client.customers.list.query({})).total).toBe(0);
    expect(await lastAudit('user.hand_over', from.id)).toMatchObject({ detail: { from: 'handover-from', to: 'am3', customers: 2 } });
    expect((await am3.customers.ownerHistory.query({ id: made[1]!.id }))[0]).toMatchObject({ reason: 'transfer', to: { id: ts.org.users.am3!.id } });
  });

  it('is refused to anyone without admin.users', async () => {
    expect(await errorCodeOf((await ts.as('director')).admin.users.list.query({}))).toBe('FORBIDDEN');
    expect(await errorCodeOf((await ts.as('lead1')).admin.users.disable.mutate({ id: ts.org.users.am1!.id }))).toBe('FORBIDDEN');
  });
});
