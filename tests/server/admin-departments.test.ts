import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AuditEntity } from '../../server/modules/audit/audit.entity';
import { DepartmentEntity } from '../../server/modules/org/department.entity';
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

describe(`administration: departments (${TEST_DB})`, () => {
  it('creates, renames, moves a subtree (scopes follow) and refuses a move under itself', async () => {
    const { departments: d } = ts.org;
    const team = await admin.admin.departments.create.mutate({ name: '大客户组', parentId: d.south.id });
    const sub = await admin.admin.departments.create.mutate({ name: '大客户一小组', parentId: team.id });
    await admin.admin.departments.rename.mutate({ id: team.id, name: '重点客户组' });
    const member = await newUser(ts, 'dept-member', { roleIds: [await roleId(ts, 'account_manager')], departmentId: sub.id });
    const c = await member.client.customers.create.mutate({ name: uniqueName('部门') });
    const lead1 = await ts.as('lead1');
    const lead2 = await ts.as('lead2');
    expect((await lead2.customers.get.query({ id: c.id })).id).toBe(c.id);
    expect(await errorCodeOf(lead1.customers.get.query({ id: c.id }))).toBe('NOT_FOUND');

    await admin.admin.departments.move.mutate({ id: team.id, parentId: d.east.id });
    const rows = await ts.server.db.getRepository(DepartmentEntity).find();
    const byId = new Map(rows.map((r) => [r.id, r]));
    expect(byId.get(sub.id)!.path).toBe(`${d.east.path}${team.id}/${sub.id}/`);
    expect(byId.get(team.id)).toMatchObject({ parentId: d.east.id, name: '重点客户组' });
    // "Department and below" follows the tree on the next request.
    expect((await lead1.customers.get.query({ id: c.id })).id).toBe(c.id);
    expect(await errorCodeOf(lead2.customers.get.query({ id: c.id }))).toBe('NOT_FOUND');

    expect(await errorCodeOf(admin.admin.departments.move.mutate({ id: team.id, parentId: sub.id }))).toBe('INVALID_PARENT');
    expect(await errorCodeOf(admin.admin.departments.move.mutate({ id: team.id, parentId: team.id }))).toBe('INVALID_PARENT');
    expect(await errorCodeOf(admin.admin.departments.move.mutate({ id: d.root.id, parentId: d.east.id }))).toBe('INVALID_PARENT');

    await admin.admin.departments.setEnabled.mutate({ id: sub.id, enabled: false });
    const tree = JSON.stringify(await admin.org.departments.query());
    expect(tree).toContain(`"id":"${sub.id}","name":"大客户一小组","parentId":"${team.id}","enabled":false`);
    const actions = (await ts.server.db.getRepository(AuditEntity).findBy({ entity: 'department' })).map((a) => a.action).sort();
    expect(actions).toEqual(['department.create', 'department.create', 'department.disable', 'department.move', 'department.rename']);
  });

  it('takes no new members into a disabled department, while its existing members stay editable', async () => {
    const dept = await admin.admin.departments.create.mutate({ name: '即将撤销的组', parentId: ts.org.departments.east.id });
    const stays = await newUser(ts, 'dept-stays', { departmentId: dept.id });
    await admin.admin.departments.setEnabled.mutate({ id: dept.id, enabled: false });
    const refused = (p: Promise<unknown>) =>
      p.then(
        () => null,
        (e: { data?: { appCode?: string; fieldErrors?: unknown[] } }) => e.data,
      );
    const create = admin.admin.users.create.mutate({ username: 'dept-new', displayName: '新人', departmentId: dept.id, managerId: null, roleIds: [] });
    expect(await refused(create)).toMatchObject({ appCode: 'VALIDATION', fieldErrors: [{ path: 'departmentId', message: 'validation.departmentDisabled' }] });
    const other = await newUser(ts, 'dept-mover');
    expect(await refused(admin.admin.users.update.mutate({ id: other.id, patch: { departmentId: dept.id } }))).toMatchObject({
      fieldErrors: [{ path: 'departmentId', message: 'validation.departmentDisabled' }],
    });
    // Someone already there is not thrown out by an unrelated edit.
    expect((await admin.admin.users.update.mutate({ id: stays.id, patch: { departmentId: dept.id, displayName: '留守' } })).displayName).toBe('留守');
  });

  it('is refused without admin.departments', async () => {
    expect(await errorCodeOf((await ts.as('director')).admin.departments.create.mutate({ name: 'x', parentId: ts.org.departments.root.id }))).toBe('FORBIDDEN');
  });
});
