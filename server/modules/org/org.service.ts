import { In, type DataSource } from 'typeorm';
import type { SessionUser } from '../../../src/shared/domain/auth.schema';
import { mergeGrants } from '../../../src/shared/permissions/can';
import { normalizePermissions } from '../../../src/shared/permissions/roles';
import type { Caller } from '../../trpc/context';
import { DepartmentEntity, type Department } from './department.entity';
import { RoleEntity } from './role.entity';
import { UserEntity, UserRoleEntity, type User } from './user.entity';

export interface UserSummary {
  id: string;
  username: string;
  displayName: string;
  departmentId: string | null;
  departmentName: string | null;
  enabled: boolean;
}

export interface DepartmentNode {
  id: string;
  name: string;
  parentId: string | null;
  enabled: boolean;
  children: DepartmentNode[];
}

export type UserOption = Omit<UserSummary, 'enabled'>;

export class OrgService {
  constructor(private readonly db: DataSource) {}

  async departments(): Promise<Department[]> {
    return this.db.getRepository(DepartmentEntity).find({ order: { path: 'ASC', sortOrder: 'ASC' } });
  }

  // The departments as a tree, siblings in their configured order. Disabled departments are
  // included (flagged): customers may still belong to them, so filters need them.
  async departmentTree(): Promise<DepartmentNode[]> {
    const depts = await this.departments();
    const nodes = new Map(depts.map((d) => [d.id, { id: d.id, name: d.name, parentId: d.parentId, enabled: d.enabled, children: [] as DepartmentNode[] }]));
    const roots: DepartmentNode[] = [];
    const order = new Map(depts.map((d) => [d.id, d.sortOrder]));
    const sorted = [...nodes.values()].sort((a, b) => order.get(a.id)! - order.get(b.id)! || a.name.localeCompare(b.name, 'zh-CN'));
    for (const n of sorted) {
      const parent = n.parentId ? nodes.get(n.parentId) : undefined;
      (parent ? parent.children : roots).push(n);
    }
    return roots;
  }

  // Enabled users for pickers and filters, by display name.
  async enabledUsers(): Promise<UserOption[]> {
    const all = await this.userSummaries();
    return all
      .filter((u) => u.enabled)
      .map(({ enabled: _enabled, ...u }) => u)
      .sort((a, b) => a.displayName.localeCompare(b.displayName, 'zh-CN') || a.username.localeCompare(b.username));
  }

  // Everything the server needs to judge a request from this user, read fresh for every request
  // (a role or department change applies at once) in three queries sent together: one after
  // another, each waited its turn on a server thread that an import or an export keeps busy,
  // and every request paid those waits before its own work.
  async loadCaller(userId: string, sessionId: string): Promise<Caller | null> {
    const [user, roles, depts] = await Promise.all([
      this.db.getRepository(UserEntity).findOneBy({ id: userId }),
      this.db
        .getRepository(RoleEntity)
        .createQueryBuilder('r')
        .innerJoin(UserRoleEntity.options.name, 'ur', 'ur.roleId = r.id AND ur.userId = :userId', { userId })
        .orderBy('r.code')
        .getMany(),
      this.departments(),
    ]);
    if (!user || !user.enabled) return null;
    const grant = mergeGrants(
      roles.map((r) => ({ permissions: normalizePermissions(r.permissions), dataScopes: r.dataScopes, fieldRules: r.fieldRules })),
    );
    const dept = depts.find((d) => d.id === user.departmentId) ?? null;
    const sessionUser: SessionUser = {
      id: user.id,
      username: user.username,
      displayName: user.displayName,
      departmentId: user.departmentId,
      departmentName: dept?.name ?? null,
      roles: roles.map((r) => ({ code: r.code, name: r.name })),
      permissions: [...grant.permissions],
      dataScopes: grant.dataScopes,
      fieldRules: grant.fieldRules,
      mustChangePassword: user.mustChangePassword,
      twoFactorEnabled: !!user.totpEnabledAt,
      mustEnrollTwoFactor: !user.totpEnabledAt && roles.some((r) => r.requireTwoFactor),
    };
    return {
      sessionId,
      user: sessionUser,
      grant,
      departmentIds: dept ? [dept.id] : [],
      departmentTreeIds: dept ? depts.filter((d) => d.path.startsWith(dept.path)).map((d) => d.id) : [],
    };
  }

  async userSummaries(ids?: string[]): Promise<UserSummary[]> {
    const repo = this.db.getRepository(UserEntity);
    const users: User[] = ids ? (ids.length ? await repo.findBy({ id: In(ids) }) : []) : await repo.find({ order: { username: 'ASC' } });
    const depts = new Map((await this.departments()).map((d) => [d.id, d.name]));
    return users.map((u) => ({
      id: u.id,
      username: u.username,
      displayName: u.displayName,
      departmentId: u.departmentId,
      departmentName: u.departmentId ? (depts.get(u.departmentId) ?? null) : null,
      enabled: u.enabled,
    }));
  }
}
