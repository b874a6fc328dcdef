import { v7 as uuidv7 } from 'uuid';
import { type DataSource, type EntityManager } from 'typeorm';
import type { z } from 'zod';
import type { AdminRoleDto, roleCreateInput, roleGrantSchema, roleUpdateInput } from '../../../src/shared/domain/admin.schema';
import { AppError } from '../../../src/shared/errors';
import { normalizePermissions } from '../../../src/shared/permissions/roles';
import type { AuditService } from '../audit/audit.service';
import { auditAs, type Actor } from '../customers/actor';
import { diff } from './admin-users.service';
import { keepingAnAdministrator } from './last-admin';
import { RoleEntity, type Role } from './role.entity';
import { UserRoleEntity } from './user.entity';

type Grant = z.output<typeof roleGrantSchema>;

// Roles (admin.roles). A role's grant is read on every request (OrgService.loadCaller), so an
// edit takes effect on the affected users' next call. Built-in roles are rewritten from code at
// every start; editing them here is refused (copy them instead).
export class AdminRolesService {
  constructor(private readonly deps: { db: DataSource; audit: AuditService }) {}

  async list(): Promise<AdminRoleDto[]> {
    const roles = await this.deps.db.getRepository(RoleEntity).find({ order: { builtIn: 'DESC', createdAt: 'ASC' } });
    const links = await this.deps.db.getRepository(UserRoleEntity).find();
    return roles.map((r) => toDto(r, links.filter((l) => l.roleId === r.id).length));
  }

  async create(actor: Actor, input: z.output<typeof roleCreateInput>): Promise<AdminRoleDto> {
    return this.deps.db.transaction(async (em) => {
      if (input.id) {
        const existing = await em.getRepository(RoleEntity).findOneBy({ id: input.id });
        if (existing) return toDto(existing, 0);
      }
      return this.insert(em, actor, input.id ?? uuidv7(), input.name, input.description ?? null, input.grant, null);
    });
  }

  async copy(actor: Actor, id: string, name: string): Promise<AdminRoleDto> {
    return this.deps.db.transaction(async (em) => {
      const src = await this.load(em, id);
      return this.insert(em, actor, uuidv7(), name, src.description, src, src.code, !!src.requireTwoFactor);
    });
  }

  async update(actor: Actor, input: z.output<typeof roleUpdateInput>): Promise<AdminRoleDto> {
    return this.deps.db.transaction(async (em) => {
      const role = await this.load(em, input.id);
      if (role.builtIn) throw new AppError('FORBIDDEN', { reason: 'builtInRole' });
      const next: Partial<Role> = {};
      if (input.name !== undefined) next.name = input.name;
      if (input.description !== undefined) next.description = input.description;
      if (input.grant) Object.assign(next, normalizeGrant(input.grant));
      const changes = diff(role, next);
      if (Object.keys(changes).length) {
        await keepingAnAdministrator(em, () => em.getRepository(RoleEntity).update({ id: role.id }, { ...next, updatedAt: new Date().toISOString() }));
        await auditAs(this.deps.audit, em, actor, 'role.update', 'role', role.id, { name: role.name, changes });
      }
      const count = await em.getRepository(UserRoleEntity).countBy({ roleId: role.id });
      return toDto({ ...role, ...next }, count);
    });
  }

  // Members of a role that requires two-factor and have no authenticator set one up right after
  // their next password (their open sessions are refused until they do).
  async setTwoFactor(actor: Actor, id: string, required: boolean): Promise<AdminRoleDto> {
    return this.deps.db.transaction(async (em) => {
      const role = await this.load(em, id);
      if (!!role.requireTwoFactor !== required) {
        await em.getRepository(RoleEntity).update({ id }, { requireTwoFactor: required, updatedAt: new Date().toISOString() });
        await auditAs(this.deps.audit, em, actor, 'role.two_factor', 'role', id, {
          name: role.name,
          changes: { requireTwoFactor: { before: !!role.requireTwoFactor, after: required } },
        });
      }
      const count = await em.getRepository(UserRoleEntity).countBy({ roleId: id });
      return toDto({ ...role, requireTwoFactor: required }, count);
    });
  }

  private async insert(em: EntityManager, actor: Actor, id: string, name: string, description: string | null, grant: Grant, copiedFrom: string | null, requireTwoFactor = false) {
    const now = new Date().toISOString();
    const row: Role = { id, code: `custom_${id.replace(/-/g, '').slice(-16)}`, name, description, builtIn: false, ...normalizeGrant(grant), requireTwoFactor, createdAt: now, updatedAt: now };
    // A copy: TypeORM writes reloaded defaults back into the object it inserts (raw 0/1 on MySQL).
    await em.getRepository(RoleEntity).insert({ ...row });
    await auditAs(this.deps.audit, em, actor, copiedFrom ? 'role.copy' : 'role.create', 'role', id, {
      name,
      ...(copiedFrom ? { copiedFrom } : {}),
      changes: diff({}, { permissions: row.permissions, dataScopes: row.dataScopes, fieldRules: row.fieldRules }),
    });
    return toDto(row, 0);
  }

  private async load(em: EntityManager, id: string): Promise<Role> {
    const r = await em.getRepository(RoleEntity).findOneBy({ id });
    if (!r) throw new AppError('NOT_FOUND');
    return r;
  }
}

function normalizeGrant(g: Grant): Pick<Role, 'permissions' | 'dataScopes' | 'fieldRules'> {
  return { permissions: normalizePermissions(g.permissions), dataScopes: { ...g.dataScopes }, fieldRules: { ...g.fieldRules } };
}

function toDto(r: Role, userCount: number): AdminRoleDto {
  return {
    id: r.id, code: r.code, name: r.name, description: r.description, builtIn: !!r.builtIn,
    permissions: r.permissions, dataScopes: r.dataScopes, fieldRules: r.fieldRules, requireTwoFactor: !!r.requireTwoFactor, userCount,
  };
}
