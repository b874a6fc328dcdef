import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AuditEntity } from '../../server/modules/audit/audit.entity';
import { RoleEntity } from '../../server/modules/org/role.entity';
import { TEST_DB } from '../support/databases';
import { errorCodeOf, startTestServer, type ServerClient, type TestServer } from '../support/test-server';
import { newUser, roleId } from './admin-fixtures';
import { uniqueName } from './customers-fixtures';

let ts: TestServer;
let admin: ServerClient;
beforeAll(async () => {
  ts = await startTestServer();
  admin = await ts.as('admin');
});
afterAll(async () => ts?.close());

const audits = (action: string, entityId: string) => ts.server.db.getRepository(AuditEntity).find({ where: { action, entityId }, order: { seq: 'ASC' } });

describe(`administration: roles (${TEST_DB})`, () => {
  it('refuses editing a built-in role but copies it into an editable one', async () => {
    const am = await roleId(ts, 'account_manager');
    expect(await errorCodeOf(admin.admin.roles.update.mutate({ id: am, grant: { permissions: [], dataScopes: {}, fieldRules: {} } }))).toBe('FORBIDDEN');
    expect((await ts.server.db.getRepository(RoleEntity).findOneByOrFail({ id: am })).permissions).toContain('customers.create');
    const copy = await admin.admin.roles.copy.mutate({ id: am, name: '客户经理（副本）' });
    expect(copy).toMatchObject({ builtIn: false, dataScopes: { customers: 'own' } });
    expect(copy.permissions).toContain('customers.create');
    const edited = await admin.admin.roles.update.mutate({ id: copy.id, name: '只读经理', grant: { permissions: ['contacts.view'], dataScopes: { customers: 'department' }, fieldRules: {} } });
    // Granting an action grants what it depends on.
    expect(edited.permissions).toEqual(['customers.view', 'contacts.view']);
    const [entry] = await audits('role.update', copy.id);
    expect(entry!.detail!.changes).toMatchObject({ name: { before: '客户经理（副本）', after: '只读经理' }, dataScopes: { before: { customers: 'own' }, after: { customers: 'department' } } });
    expect((await audits('role.copy', copy.id)).length).toBe(1);
  });

  it('a role edit changes what its users see on their very next call', async () => {
    const role = await admin.admin.roles.create.mutate({
      name: uniqueName('角色'),
      grant: { permissions: ['customers.create', 'contacts.create'], dataScopes: { customers: 'own' }, fieldRules: { 'contacts.mobile': 'masked' } },
    });
    expect((await audits('role.create', role.id))[0]!.detail!.changes.fieldRules).toEqual({ before: null, after: { 'contacts.mobile': 'masked' } });
    const u = await newUser(ts, 'role-user', { roleIds: [role.id] });
    const c = await u.client.customers.create.mutate({ name: uniqueName() });
    const k = await u.client.contacts.create.mutate({ customerId: c.id, name: '王五', mobile: '13912345678' });
    expect((await u.client.contacts.get.query({ id: k.id })).mobile).toBe('139****5678');

    await admin.admin.roles.update.mutate({ id: role.id, grant: { ...role, fieldRules: { 'contacts.mobile': 'visible' } } });
    expect((await u.client.contacts.get.query({ id: k.id })).mobile).toBe('13912345678');
    await admin.admin.roles.update.mutate({ id: role.id, grant: { ...role, fieldRules: { 'contacts.mobile': 'hidden' } } });
    expect((await u.client.contacts.get.query({ id: k.id })).mobile).toBeNull();
    await admin.admin.roles.update.mutate({ id: role.id, grant: { permissions: [], dataScopes: {}, fieldRules: {} } });
    expect(await errorCodeOf(u.client.customers.get.query({ id: c.id }))).toBe('FORBIDDEN');
    expect((await admin.admin.roles.list.query()).find((r) => r.id === role.id)!.userCount).toBe(1);
  });

  it('reveals a masked value only with the permission, never a hidden one, and audits it', async () => {
    const role = await admin.admin.roles.create.mutate({
      name: uniqueName('揭示'),
      grant: { permissions: ['contacts.create', 'customers.create', 'contacts.reveal'], dataScopes: { customers: 'own' }, fieldRules: { 'contacts.mobile': 'masked', 'contacts.wechat': 'hidden', 'customers.phone': 'masked' } },
    });
    const u = await newUser(ts, 'revealer', { roleIds: [role.id] });
    const c = await u.client.customers.create.mutate({ name: uniqueName(), phone: '02166668888' });
    const k = await u.client.contacts.create.mutate({ customerId: c.id, name: '钱七', mobile: '13912345678', wechat: 'qq77' });
    expect(await u.client.contacts.reveal.mutate({ id: k.id, field: 'mobile' })).toEqual({ value: '13912345678' });
    const [entry] = await audits('contact.reveal', k.id);
    expect(entry).toMatchObject({ username: 'revealer', detail: { field: 'mobile' } });
    expect(await errorCodeOf(u.client.contacts.reveal.mutate({ id: k.id, field: 'wechat' }))).toBe('FORBIDDEN');
    expect(await errorCodeOf(u.client.contacts.reveal.mutate({ id: k.id, field: 'name' }))).toBe('VALIDATION');
    // No customers.reveal in this role.
    expect(await errorCodeOf(u.client.customers.reveal.mutate({ id: c.id, field: 'phone' }))).toBe('FORBIDDEN');
    // Out of scope answers as if the record did not exist.
    const other = await (await ts.as('am2')).customers.create.mutate({ name: uniqueName() });
    const otherContact = await (await ts.as('am2')).contacts.create.mutate({ customerId: other.id, name: '孙八', mobile: '13700001111' });
    expect(await errorCodeOf(u.client.contacts.reveal.mutate({ id: otherContact.id, field: 'mobile' }))).toBe('NOT_FOUND');
    expect(await audits('contact.reveal', otherContact.id)).toEqual([]);
  });
});
