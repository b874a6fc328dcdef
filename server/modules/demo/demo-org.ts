import { v7 as uuidv7 } from 'uuid';
import type { DataSource } from 'typeorm';
import type { BuiltInRoleCode } from '../../../src/shared/permissions/roles';
import { hashPassword } from '../auth/password';
import { DepartmentEntity, type Department } from '../org/department.entity';
import { RoleEntity } from '../org/role.entity';
import { newUser, UserEntity, UserRoleEntity } from '../org/user.entity';
import { ensureBuiltInRoles } from '../org/bootstrap';

// The demo company: used by `crm-server demo`, the browser tests and the server tests.
// Logins are documented in README; every demo user's password is DEMO_PASSWORD.
export const DEMO_PASSWORD = 'demo1234';

export const DEMO_DEPARTMENTS = [
  { key: 'root', name: '星海科技有限公司', parent: null },
  { key: 'sales', name: '销售中心', parent: 'root' },
  { key: 'east', name: '华东销售一组', parent: 'sales' },
  { key: 'south', name: '华南销售二组', parent: 'sales' },
  { key: 'service', name: '客户服务部', parent: 'root' },
  { key: 'finance', name: '财务部', parent: 'root' },
  { key: 'marketing', name: '市场部', parent: 'root' },
] as const;
export type DemoDeptKey = (typeof DEMO_DEPARTMENTS)[number]['key'];

export const DEMO_USERS: { username: string; displayName: string; dept: DemoDeptKey; role: BuiltInRoleCode; manager?: string }[] = [
  { username: 'admin', displayName: '系统管理员', dept: 'root', role: 'admin' },
  { username: 'director', displayName: '王建国', dept: 'sales', role: 'sales_director' },
  { username: 'lead1', displayName: '李明', dept: 'east', role: 'team_lead', manager: 'director' },
  { username: 'lead2', displayName: '陈静', dept: 'south', role: 'team_lead', manager: 'director' },
  { username: 'am1', displayName: '张伟', dept: 'east', role: 'account_manager', manager: 'lead1' },
  { username: 'am3', displayName: '刘洋', dept: 'east', role: 'account_manager', manager: 'lead1' },
  { username: 'am2', displayName: '赵敏', dept: 'south', role: 'account_manager', manager: 'lead2' },
  { username: 'service1', displayName: '孙丽', dept: 'service', role: 'customer_service' },
  { username: 'finance1', displayName: '周芳', dept: 'finance', role: 'finance' },
  { username: 'marketing1', displayName: '吴磊', dept: 'marketing', role: 'marketing' },
];

export interface DemoOrg {
  departments: Record<DemoDeptKey, Department>;
  users: Record<string, { id: string; departmentId: string }>;
}

// Creates the demo departments and users in an empty organisation (or returns them if present).
export async function seedDemoOrg(db: DataSource): Promise<DemoOrg> {
  await ensureBuiltInRoles(db);
  const now = new Date().toISOString();
  const deptRepo = db.getRepository(DepartmentEntity);
  const departments = {} as Record<DemoDeptKey, Department>;
  for (const d of DEMO_DEPARTMENTS) {
    const existing = await deptRepo.findOneBy({ name: d.name });
    if (existing) {
      departments[d.key] = existing;
      continue;
    }
    const id = uuidv7();
    const parent = d.parent ? departments[d.parent] : null;
    const row: Department = {
      id,
      name: d.name,
      parentId: parent?.id ?? null,
      path: `${parent?.path ?? '/'}${id}/`,
      sortOrder: DEMO_DEPARTMENTS.indexOf(d),
      enabled: true,
      createdAt: now,
      updatedAt: now,
    };
    await deptRepo.insert(row);
    departments[d.key] = row;
  }
  const roles = new Map((await db.getRepository(RoleEntity).find()).map((r) => [r.code, r.id]));
  const userRepo = db.getRepository(UserEntity);
  const passwordHash = await hashPassword(DEMO_PASSWORD);
  const users: DemoOrg['users'] = {};
  for (const u of DEMO_USERS) {
    const existing = await userRepo.findOneBy({ username: u.username });
    if (existing) {
      users[u.username] = { id: existing.id, departmentId: existing.departmentId ?? departments[u.dept].id };
      continue;
    }
    const id = uuidv7();
    await userRepo.insert(
      newUser({
        id,
        username: u.username,
        displayName: u.displayName,
        passwordHash,
        departmentId: departments[u.dept].id,
        managerId: u.manager ? (users[u.manager]?.id ?? null) : null,
        email: `${u.username}@demo.example.cn`,
        passwordChangedAt: now,
        createdAt: now,
        updatedAt: now,
      }),
    );
    await db.getRepository(UserRoleEntity).insert({ userId: id, roleId: roles.get(u.role)! });
    users[u.username] = { id, departmentId: departments[u.dept].id };
  }
  return { departments, users };
}
