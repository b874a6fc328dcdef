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

export class OrgService {
  constructor(private readonly db: DataSource) {}

  async departments(): Promise<Department[]> {
    return this.db.getRepository(DepartmentEntity).find({ order: { path: 'ASC', sortOrder: 'ASC' } });
  }

  // Everything the server needs to judge a request from this user.
  async loadCaller(userId: string, sessionId: string): Promise<Caller | null> {
    const user = await this.db.getRepository(UserEntity).findOneBy({ id: userId });
    if (!user || !user.enabled) return null;
    const links = await this.db.getRepository(UserRoleEntity).findBy({ userId });
    const roles = links.length ? await this.db.getRepository(RoleEntity).findBy({ id: In(links.map((l) => l.roleId)) }) : [];
    const grant = mergeGrants(
      roles.map((r) => ({ permissions: normalizePermissions(r.permissions), dataScopes: r.dataScopes, fieldRules: r.fieldRules })),
    );
    const depts = await this.departments();
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
