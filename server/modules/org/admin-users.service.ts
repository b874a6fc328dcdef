import { In, IsNull, type DataSource, type EntityManager } from 'typeorm';
import type { z } from 'zod';
import type { AdminUserDto, adminUserCreateInput, adminUserListInput, adminUserUpdateInput } from '../../../src/shared/domain/admin.schema';
import { AppError } from '../../../src/shared/errors';
import type { AuditService } from '../audit/audit.service';
import type { AuthService } from '../auth/auth.service';
import { hashPassword } from '../auth/password';
import { SessionEntity } from '../auth/session.entity';
import type { ChangeLogService } from '../changes/change-log.service';
import { runWrite } from '../changes/write-tx';
import { auditAs, type Actor } from '../customers/actor';
import { collaboratorsOf } from '../customers/customer-dto';
import { CustomerEntity } from '../customers/customer.entity';
import { moveOwner } from '../customers/ownership.service';
import { oneTimePassword } from './bootstrap';
import { DepartmentEntity } from './department.entity';
import { keepingAnAdministrator } from './last-admin';
import { RoleEntity } from './role.entity';
import { newUser, UserEntity, UserRoleEntity, type User } from './user.entity';

export interface AdminUsersDeps {
  db: DataSource;
  audit: AuditService;
  auth: AuthService;
  changes: ChangeLogService;
}

// Field-level before/after of what changed, for the audit entry.
export function diff(before: object, after: object): Record<string, { before: unknown; after: unknown }> {
  const b = before as Record<string, unknown>;
  const a = after as Record<string, unknown>;
  const out: Record<string, { before: unknown; after: unknown }> = {};
  for (const k of Object.keys(a)) {
    if (JSON.stringify(b[k] ?? null) !== JSON.stringify(a[k] ?? null)) out[k] = { before: b[k] ?? null, after: a[k] ?? null };
  }
  return out;
}

// User administration (admin.users): every change and its audit entry commit together.
export class AdminUsersService {
  constructor(private readonly deps: AdminUsersDeps) {}

  // A company's users number in the hundreds or low thousands: filtered in memory, unpaged.
  async list(input: z.output<typeof adminUserListInput>): Promise<AdminUserDto[]> {
    const em = this.deps.db.manager;
    let users = await em.getRepository(UserEntity).find({ order: { username: 'ASC' } });
    if (input.departmentId) users = users.filter((u) => u.departmentId === input.departmentId);
    if (input.enabled !== undefined) users = users.filter((u) => u.enabled === input.enabled);
    const q = input.search?.toLowerCase();
    if (q) users = users.filter((u) => [u.username, u.displayName, u.email ?? '', u.mobile ?? ''].some((s) => s.toLowerCase().includes(q)));
    return this.toDtos(em, users);
  }

  async get(id: string): Promise<AdminUserDto> {
    const user = await this.deps.db.getRepository(UserEntity).findOneBy({ id });
    if (!user) throw new AppError('NOT_FOUND');
    return (await this.toDtos(this.deps.db.manager, [user]))[0]!;
  }

  // Creates the user with a generated one-time password, answered once and never stored in clear.
  async create(actor: Actor, input: z.output<typeof adminUserCreateInput>): Promise<{ user: AdminUserDto; password: string }> {
    const em = this.deps.db.manager;
    if (input.id) {
      const existing = await em.getRepository(UserEntity).findOneBy({ id: input.id });
      if (existing) {
        if (existing.username !== input.username) throw new AppError('VALIDATION', {}, [{ path: 'id', message: 'validation.id' }]);
        throw new AppError('VALIDATION', {}, [{ path: 'username', message: 'validation.usernameTaken' }]);
      }
    }
    if (await em.getRepository(UserEntity).findOneBy({ username: input.username })) {
      throw new AppError('VALIDATION', {}, [{ path: 'username', message: 'validation.usernameTaken' }]);
    }
    await this.assertRefs(em, input);
    const password = oneTimePassword();
    const passwordHash = await hashPassword(password);
    const row = newUser({
      ...(input.id ? { id: input.id } : {}),
      username: input.username, displayName: input.displayName, passwordHash, departmentId: input.departmentId, managerId: input.managerId,
      email: input.email, mobile: input.mobile, mustChangePassword: true,
    });
    const id = row.id;
    await this.deps.db.transaction(async (tx) => {
      await tx.getRepository(UserEntity).insert({ ...row });
      if (input.roleIds.length) await tx.getRepository(UserRoleEntity).insert([...new Set(input.roleIds)].map((roleId) => ({ userId: id, roleId })));
      const { passwordHash: _h, totpSecret: _s, totpPendingSecret: _p, totpLastStep: _l, totpRecoveryCodes: _r, ...visible } = row;
      await auditAs(this.deps.audit, tx, actor, 'user.create', 'user', id, { username: input.username, changes: diff({}, { ...visible, roleIds: input.roleIds }) });
    });
    return { user: await this.get(id), password };
  }

  async update(actor: Actor, input: z.output<typeof adminUserUpdateInput>): Promise<AdminUserDto> {
    const { patch } = input;
    await this.deps.db.transaction(async (tx) => {
      const user = await this.load(tx, input.id);
      // A user staying in a department disabled since may be edited; moving one there may not.
      const departmentId = patch.departmentId !== user.departmentId ? patch.departmentId : undefined;
      await this.assertRefs(tx, { departmentId, managerId: patch.managerId, roleIds: patch.roleIds });
      if (patch.managerId === user.id) throw new AppError('VALIDATION', {}, [{ path: 'managerId', message: 'validation.invalid' }]);
      const { roleIds, ...fields } = patch;
      const beforeRoles = (await tx.getRepository(UserRoleEntity).findBy({ userId: user.id })).map((r) => r.roleId).sort();
      const changes = diff({ ...user, roleIds: beforeRoles }, { ...fields, ...(roleIds ? { roleIds: [...new Set(roleIds)].sort() } : {}) });
      if (!Object.keys(changes).length) return;
      if (Object.keys(fields).length) await tx.getRepository(UserEntity).update({ id: user.id }, { ...fields, updatedAt: new Date().toISOString() });
      if (roleIds) {
        await keepingAnAdministrator(tx, async () => {
          await tx.getRepository(UserRoleEntity).delete({ userId: user.id });
          if (roleIds.length) await tx.getRepository(UserRoleEntity).insert([...new Set(roleIds)].map((roleId) => ({ userId: user.id, roleId })));
        });
      }
      await auditAs(this.deps.audit, tx, actor, 'user.update', 'user', user.id, { username: user.username, changes });
    });
    return this.get(input.id);
  }

  // Disabling ends every session of the user at once: their next request is refused with
  // `wipe`, which tells the desktop to clear its caches.
  async setEnabled(actor: Actor, id: string, enabled: boolean): Promise<AdminUserDto> {
    if (!enabled && id === actor.caller.user.id) throw new AppError('FORBIDDEN', { reason: 'self' });
    await this.deps.db.transaction(async (tx) => {
      const user = await this.load(tx, id);
      if (user.enabled === enabled) return;
      const now = new Date().toISOString();
      await keepingAnAdministrator(tx, () => tx.getRepository(UserEntity).update({ id }, { enabled, updatedAt: now }));
      const revoked = enabled ? 0 : await this.revokeAll(tx, id, now);
      await auditAs(this.deps.audit, tx, actor, enabled ? 'user.enable' : 'user.disable', 'user', id, {
        username: user.username,
        changes: { enabled: { before: user.enabled, after: enabled } },
        ...(enabled ? {} : { sessionsRevoked: revoked }),
      });
    });
    return this.get(id);
  }

  async unlock(actor: Actor, id: string): Promise<AdminUserDto> {
    await this.deps.db.transaction(async (tx) => {
      const user = await this.load(tx, id);
      await tx.getRepository(UserEntity).update({ id }, { failedLogins: 0, lockedUntil: null, updatedAt: new Date().toISOString() });
      await auditAs(this.deps.audit, tx, actor, 'user.unlock', 'user', id, { username: user.username, changes: diff(user, { lockedUntil: null }) });
    });
    return this.get(id);
  }

  // A new one-time password; the user's sessions end and they must change it at next sign-in.
  async resetPassword(actor: Actor, id: string): Promise<{ password: string }> {
    const user = await this.load(this.deps.db.manager, id);
    const password = oneTimePassword();
    await this.deps.auth.setPassword(user, password, true, { userId: actor.caller.user.id, username: actor.caller.user.username, via: 'admin' });
    return { password };
  }

  // A lost phone: the user signs in with the password alone next time (or, when a role requires
  // two-factor, sets up a new authenticator right after it).
  async resetTwoFactor(actor: Actor, id: string): Promise<AdminUserDto> {
    await this.deps.auth.twoFactor.reset(actor, id);
    return this.get(id);
  }

  // Hands everything a (leaving) user owns to another user in one transaction: their customers,
  // and with them the customers' contacts and open follow-ups. Administrators act across all
  // data scopes here: the hand-over is an administrative act, not a sales one.
  async handOver(actor: Actor, fromUserId: string, toUserId: string): Promise<{ count: number }> {
    if (fromUserId === toUserId) throw new AppError('VALIDATION', {}, [{ path: 'toUserId', message: 'validation.invalid' }]);
    const from = await this.load(this.deps.db.manager, fromUserId);
    const to = await this.deps.db.getRepository(UserEntity).findOneBy({ id: toUserId, enabled: true });
    if (!to) throw new AppError('USER_NOT_FOUND');
    return runWrite(this.deps.db, this.deps.changes, async (tx) => {
      const rows = await tx.em.getRepository(CustomerEntity).findBy({ ownerId: fromUserId, deletedAt: IsNull() });
      const collabs = await collaboratorsOf(tx.em, rows.map((r) => r.id));
      for (const row of rows) {
        const ok = await moveOwner(tx, this.deps.audit, actor, { row, collaboratorIds: collabs.get(row.id) ?? [], to, reason: 'transfer', note: 'handOver' });
        if (!ok) throw new AppError('VERSION_CONFLICT');
      }
      await auditAs(this.deps.audit, tx.em, actor, 'user.hand_over', 'user', fromUserId, {
        from: from.username,
        to: to.username,
        customers: rows.length,
      });
      return { count: rows.length };
    });
  }

  private async revokeAll(em: EntityManager, userId: string, now: string): Promise<number> {
    const res = await em.getRepository(SessionEntity).update({ userId, revokedAt: IsNull() }, { revokedAt: now });
    return res.affected ?? 0;
  }

  private async load(em: EntityManager, id: string): Promise<User> {
    const user = await em.getRepository(UserEntity).findOneBy({ id });
    if (!user) throw new AppError('NOT_FOUND');
    return user;
  }

  private async assertRefs(em: EntityManager, v: { departmentId?: string | null; managerId?: string | null; roleIds?: string[] }): Promise<void> {
    if (v.departmentId) {
      const dept = await em.getRepository(DepartmentEntity).findOneBy({ id: v.departmentId });
      if (!dept) throw new AppError('VALIDATION', {}, [{ path: 'departmentId', message: 'validation.invalid' }]);
      if (!dept.enabled) throw new AppError('VALIDATION', {}, [{ path: 'departmentId', message: 'validation.departmentDisabled' }]);
    }
    if (v.managerId && !(await em.getRepository(UserEntity).findOneBy({ id: v.managerId }))) {
      throw new AppError('VALIDATION', {}, [{ path: 'managerId', message: 'validation.invalid' }]);
    }
    const roleIds = [...new Set(v.roleIds ?? [])];
    if (roleIds.length && (await em.getRepository(RoleEntity).countBy({ id: In(roleIds) })) !== roleIds.length) {
      throw new AppError('VALIDATION', {}, [{ path: 'roleIds', message: 'validation.invalid' }]);
    }
  }

  private async toDtos(em: EntityManager, users: User[]): Promise<AdminUserDto[]> {
    if (!users.length) return [];
    const depts = new Map((await em.getRepository(DepartmentEntity).find()).map((d) => [d.id, d.name]));
    const managerIds = [...new Set(users.map((u) => u.managerId).filter((m): m is string => !!m))];
    const managers = new Map((managerIds.length ? await em.getRepository(UserEntity).findBy({ id: In(managerIds) }) : []).map((m) => [m.id, m.displayName]));
    const links = await em.getRepository(UserRoleEntity).findBy({ userId: In(users.map((u) => u.id)) });
    const now = Date.now();
    return users.map((u) => ({
      id: u.id,
      username: u.username,
      displayName: u.displayName,
      departmentId: u.departmentId,
      departmentName: u.departmentId ? (depts.get(u.departmentId) ?? null) : null,
      managerId: u.managerId,
      managerName: u.managerId ? (managers.get(u.managerId) ?? null) : null,
      email: u.email,
      mobile: u.mobile,
      enabled: u.enabled,
      locked: !!u.lockedUntil && Date.parse(u.lockedUntil) > now,
      mustChangePassword: u.mustChangePassword,
      twoFactorEnabled: !!u.totpEnabledAt,
      roleIds: links.filter((l) => l.userId === u.id).map((l) => l.roleId).sort(),
      lastLoginAt: u.lastLoginAt,
      createdAt: u.createdAt,
    }));
  }
}
