import { randomBytes } from 'node:crypto';
import { v7 as uuidv7 } from 'uuid';
import { IsNull, type DataSource } from 'typeorm';
import { BUILT_IN_ROLES, BUILT_IN_ROLE_CODES, normalizePermissions } from '../../../src/shared/permissions/roles';
import { zhCN } from '../../../src/shared/i18n/zh-CN';
import { hashPassword } from '../auth/password';
import { RoleEntity } from './role.entity';
import { newUser, UserEntity, UserRoleEntity } from './user.entity';
import { DepartmentEntity } from './department.entity';
import type { AuditService } from '../audit/audit.service';

// Built-in roles are rewritten from code at every start, so an upgrade brings their new
// permissions and nobody can break them in the database; copies are ordinary roles.
export async function ensureBuiltInRoles(db: DataSource): Promise<void> {
  const repo = db.getRepository(RoleEntity);
  const now = new Date().toISOString();
  for (const code of BUILT_IN_ROLE_CODES) {
    const def = BUILT_IN_ROLES[code];
    const existing = await repo.findOneBy({ code });
    const fields = {
      builtIn: true,
      permissions: normalizePermissions(def.permissions),
      dataScopes: def.dataScopes,
      fieldRules: def.fieldRules,
      updatedAt: now,
    };
    if (existing) await repo.update({ id: existing.id }, fields);
    else await repo.insert({ id: uuidv7(), code, name: zhCN.enums.role[code], description: null, createdAt: now, ...fields });
  }
}

// A generated one-time password: 16 characters from an alphabet without look-alikes.
export function oneTimePassword(): string {
  const alphabet = 'abcdefghjkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789';
  const bytes = randomBytes(16);
  return [...bytes].map((b) => alphabet[b % alphabet.length]).join('');
}

export async function ensureRootDepartment(db: DataSource, name = '总公司'): Promise<string> {
  const repo = db.getRepository(DepartmentEntity);
  const root = await repo.findOneBy({ parentId: IsNull() });
  if (root) return root.id;
  const id = uuidv7();
  const now = new Date().toISOString();
  await repo.insert({ id, name, parentId: null, path: `/${id}/`, sortOrder: 0, enabled: true, createdAt: now, updatedAt: now });
  return id;
}

export interface CreatedAdmin {
  username: string;
  password: string;
}

// Creates an administrator with a one-time password that must be changed at first login.
export async function createAdministrator(db: DataSource, audit: AuditService, username: string, password?: string): Promise<CreatedAdmin> {
  const deptId = await ensureRootDepartment(db);
  const adminRole = await db.getRepository(RoleEntity).findOneByOrFail({ code: 'admin' });
  const pw = password ?? oneTimePassword();
  const now = new Date().toISOString();
  const id = uuidv7();
  const passwordHash = await hashPassword(pw);
  await db.transaction(async (em) => {
    await em.getRepository(UserEntity).insert(
      newUser({ id, username, displayName: username === 'admin' ? '系统管理员' : username, passwordHash, departmentId: deptId, mustChangePassword: true, createdAt: now, updatedAt: now }),
    );
    await em.getRepository(UserRoleEntity).insert({ userId: id, roleId: adminRole.id });
    await audit.write(em, { action: 'user.create_admin', entity: 'user', entityId: id, detail: { username, by: 'command line' } });
  });
  return { username, password: pw };
}

// On an empty database: create `admin` with a one-time password, to be printed once.
export async function bootstrapIfEmpty(db: DataSource, audit: AuditService): Promise<CreatedAdmin | null> {
  await ensureBuiltInRoles(db);
  const users = await db.getRepository(UserEntity).count();
  if (users > 0) return null;
  return createAdministrator(db, audit, 'admin');
}
