import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AuditEntity } from '../../server/modules/audit/audit.entity';
import { In } from 'typeorm';
import { UserEntity, UserRoleEntity } from '../../server/modules/org/user.entity';
import { TEST_DB } from '../support/databases';
import { errorCodeOf, startTestServer, type TestServer } from '../support/test-server';
import { newUser, roleId } from './admin-fixtures';

let ts: TestServer;
beforeAll(async () => {
  ts = await startTestServer();
});
afterAll(async () => ts?.close());

const adminId = () => ts.server.db.getRepository(UserEntity).findOneByOrFail({ username: 'admin' }).then((u) => u.id);
const updatesOf = (entityId: string) => ts.server.db.getRepository(AuditEntity).countBy({ entityId, action: 'user.update' });

// The demo organisation has one administrator ("admin"); each test leaves it the only one
// until the last, which hands the rights to someone else first.
describe(`the last administrator (${TEST_DB})`, () => {
  it('refuses to take the admin role from the only administrator, and changes nothing', async () => {
    const admin = await ts.as('admin');
    const id = await adminId();
    const before = await updatesOf(id);
    expect(await errorCodeOf(admin.admin.users.update.mutate({ id, patch: { roleIds: [] } }))).toBe('LAST_ADMIN');
    expect(await errorCodeOf(admin.admin.users.update.mutate({ id, patch: { roleIds: [await roleId(ts, 'account_manager')] } }))).toBe('LAST_ADMIN');
    expect((await admin.admin.users.get.query({ id })).roleIds).toEqual([await roleId(ts, 'admin')]);
    expect(await updatesOf(id)).toBe(before);
    // Other changes to the same user still go through.
    await admin.admin.users.update.mutate({ id, patch: { displayName: '系统管理员（改）' } });
  });

  it('refuses to disable the only administrator, also for a user manager who is not one', async () => {
    const admin = await ts.as('admin');
    const usersOnly = await admin.admin.roles.create.mutate({ name: '用户管理员', grant: { permissions: ['admin.users'], dataScopes: {}, fieldRules: {} } });
    const hr = await newUser(ts, 'la-hr', { roleIds: [usersOnly.id] });
    expect(await errorCodeOf(hr.client.admin.users.disable.mutate({ id: await adminId() }))).toBe('LAST_ADMIN');
    expect((await ts.server.db.getRepository(UserEntity).findOneByOrFail({ username: 'admin' })).enabled).toBe(true);
    // Disabling someone else is not affected.
    const other = await newUser(ts, 'la-other');
    expect((await hr.client.admin.users.disable.mutate({ id: other.id })).enabled).toBe(false);
  });

  it('lets only one of two administrators taking each other’s admin role at the same moment succeed', async () => {
    const admin = await ts.as('admin');
    const adminRole = await roleId(ts, 'admin');
    const peer = await newUser(ts, 'la-peer', { roleIds: [adminRole] });
    const id = await adminId();
    const outcome = (p: Promise<unknown>) => p.then(() => 'OK', (e) => errorCodeOf(Promise.reject(e)));
    const results = await Promise.all([
      outcome(admin.admin.users.update.mutate({ id: peer.id, patch: { roleIds: [] } })),
      outcome(peer.client.admin.users.update.mutate({ id, patch: { roleIds: [] } })),
    ]);
    // The loser is refused by the guard, or (when the winner committed before its permission
    // check) because it is no longer an administrator at all.
    expect(results.filter((r) => r === 'OK')).toHaveLength(1);
    expect(['LAST_ADMIN', 'FORBIDDEN']).toContain(results.find((r) => r !== 'OK'));
    const links = ts.server.db.getRepository(UserRoleEntity);
    expect(await links.countBy({ userId: In([id, peer.id]), roleId: adminRole })).toBe(1);
    // Back to "admin" as the only administrator for the next test.
    if (results[1] === 'OK') await links.insert({ userId: id, roleId: adminRole });
    await (await ts.as('admin')).admin.users.update.mutate({ id: peer.id, patch: { roleIds: [] } });
  });

  it('allows it once another enabled user holds the rights, then refuses a role edit that would strip the last one', async () => {
    const admin = await ts.as('admin');
    const full = await admin.admin.roles.create.mutate({
      name: '全权管理',
      grant: { permissions: ['admin.users', 'admin.roles'], dataScopes: {}, fieldRules: {} },
    });
    const boss = await newUser(ts, 'la-boss', { roleIds: [full.id] });
    // "admin" is no longer the last one: its role may go.
    await admin.admin.users.update.mutate({ id: await adminId(), patch: { roleIds: [] } });
    expect(await errorCodeOf(admin.admin.users.list.query({}))).toBe('FORBIDDEN');
    // Now the custom role carries the only administrators' rights.
    expect(
      await errorCodeOf(boss.client.admin.roles.update.mutate({ id: full.id, grant: { permissions: ['admin.users'], dataScopes: {}, fieldRules: {} } })),
    ).toBe('LAST_ADMIN');
    expect((await boss.client.admin.roles.list.query()).find((r) => r.id === full.id)?.permissions).toEqual(expect.arrayContaining(['admin.roles']));
    await boss.client.admin.roles.update.mutate({ id: full.id, name: '全权管理员' });
    expect(await errorCodeOf(boss.client.admin.users.update.mutate({ id: boss.id, patch: { roleIds: [] } }))).toBe('LAST_ADMIN');
  });
});
