import type { EntityManager } from 'typeorm';
import { AppError } from '../../../src/shared/errors';
import { rowLocksSupported } from '../../db/locking';
import type { Permission } from '../../../src/shared/permissions/catalog';
import { normalizePermissions } from '../../../src/shared/permissions/roles';
import { RoleEntity } from './role.entity';
import { UserEntity, UserRoleEntity } from './user.entity';

// Whoever holds both can repair any other mistake: give users roles and give roles rights.
const ADMIN_PERMISSIONS: Permission[] = ['admin.users', 'admin.roles'];

// Enabled users who hold every administration permission, through one role or several.
// Read with row locks where the engine has them: two administrators removing each other at the
// same moment must not both see the other one still there (the second waits, then recounts).
export async function administratorIds(em: EntityManager): Promise<string[]> {
  const lock = rowLocksSupported(em) ? { lock: { mode: 'pessimistic_write' as const } } : {};
  const roles = await em.getRepository(RoleEntity).find(lock);
  const perms = new Map(roles.map((r) => [r.id, new Set(normalizePermissions(r.permissions))]));
  const enabled = new Set((await em.getRepository(UserEntity).find({ where: { enabled: true }, select: { id: true }, ...lock })).map((u) => u.id));
  const held = new Map<string, Set<Permission>>();
  for (const link of await em.getRepository(UserRoleEntity).find(lock)) {
    if (!enabled.has(link.userId)) continue;
    const mine = held.get(link.userId) ?? new Set<Permission>();
    for (const p of perms.get(link.roleId) ?? []) mine.add(p);
    held.set(link.userId, mine);
  }
  return [...held].filter(([, p]) => ADMIN_PERMISSIONS.every((a) => p.has(a))).map(([id]) => id);
}

// Runs a change in the caller's transaction and refuses it (the throw rolls it back) when it
// leaves nobody able to administer users and roles. A database already without administrators
// (only the command line can help there) does not block unrelated changes.
export async function keepingAnAdministrator<T>(em: EntityManager, change: () => Promise<T>): Promise<T> {
  const before = (await administratorIds(em)).length;
  const result = await change();
  if (before > 0 && (await administratorIds(em)).length === 0) throw new AppError('LAST_ADMIN');
  return result;
}
