import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_USERS } from '../../server/modules/demo/demo-org';
import { UserEntity } from '../../server/modules/org/user.entity';
import { TEST_DB } from '../support/databases';
import { errorCodeOf, startTestServer, type TestServer } from '../support/test-server';

let ts: TestServer;
beforeAll(async () => {
  ts = await startTestServer();
});
afterAll(async () => ts?.close());

describe(`org read procedures (${TEST_DB})`, () => {
  it('lists enabled users with their department for any signed-in user, and nothing secret', async () => {
    const users = await (await ts.as('am1')).org.users.query();
    expect(users.map((u) => u.username).sort()).toEqual(DEMO_USERS.map((u) => u.username).sort());
    expect(users.find((u) => u.username === 'am2')).toEqual({
      id: ts.org.users.am2!.id,
      username: 'am2',
      displayName: '赵敏',
      departmentId: ts.org.departments.south.id,
      departmentName: '华南销售二组',
    });
    expect(JSON.stringify(users)).not.toMatch(/passwordHash|argon2|email|mobile/);
  });

  it('leaves disabled users out', async () => {
    await ts.server.db.getRepository(UserEntity).update({ username: 'marketing1' }, { enabled: false });
    try {
      const users = await (await ts.as('finance1')).org.users.query();
      expect(users.map((u) => u.username)).not.toContain('marketing1');
      expect(users).toHaveLength(DEMO_USERS.length - 1);
    } finally {
      await ts.server.db.getRepository(UserEntity).update({ username: 'marketing1' }, { enabled: true });
    }
  });

  it('gives the departments as a tree in their configured order', async () => {
    const tree = await (await ts.as('service1')).org.departments.query();
    const shape = (nodes: typeof tree): unknown => nodes.map((n) => (n.children.length ? { [n.name]: shape(n.children) } : n.name));
    expect(shape(tree)).toEqual([{ 星海科技有限公司: [{ 销售中心: ['华东销售一组', '华南销售二组'] }, '客户服务部', '财务部', '市场部'] }]);
    expect(tree[0]).toMatchObject({ id: ts.org.departments.root.id, parentId: null, enabled: true });
    expect(tree[0]!.children[0]!.children[0]).toMatchObject({ id: ts.org.departments.east.id, parentId: ts.org.departments.sales.id });
  });

  it('answers only signed-in callers', async () => {
    expect(await errorCodeOf(ts.anonymous().org.users.query())).toBe('UNAUTHENTICATED');
    expect(await errorCodeOf(ts.anonymous().org.departments.query())).toBe('UNAUTHENTICATED');
  });
});
