import { In, type EntityManager } from 'typeorm';
import { isValidRegion } from '../../../src/shared/domain/regions';
import { AppError } from '../../../src/shared/errors';
import type { Caller } from '../../trpc/context';
import { UserEntity } from '../org/user.entity';
import { audienceOf, collaboratorsOf } from './customer-dto';
import { canSee, inScope, scopeOf } from './customer-scope';
import { CustomerEntity, type Customer } from './customer.entity';

export interface LoadedCustomer {
  row: Customer;
  collaboratorIds: string[];
}

// read: the caller may look at it; write: it is in their scope; bin: it is in the recycle bin
// and in their scope. Anything they may not see answers NOT_FOUND, exactly like a missing id.
export async function loadCustomer(em: EntityManager, caller: Caller, id: string, mode: 'read' | 'write' | 'bin'): Promise<LoadedCustomer> {
  const row = await em.getRepository(CustomerEntity).findOneBy({ id });
  if (!row || (mode === 'bin') !== (row.deletedAt !== null)) throw new AppError('NOT_FOUND');
  const collaboratorIds = (await collaboratorsOf(em, [id])).get(id) ?? [];
  const who = audienceOf(row, collaboratorIds);
  if (mode === 'read' ? canSee(caller, who) : inScope(caller, who)) return { row, collaboratorIds };
  // A pool customer is readable but not the caller's to change until they claim it.
  if (mode === 'write' && canSee(caller, who)) throw new AppError('FORBIDDEN', { reason: 'pool' });
  throw new AppError('NOT_FOUND');
}

export function assertRegion(v: { province?: string | null; city?: string | null; district?: string | null }): void {
  if (!isValidRegion(v.province, v.city, v.district)) {
    throw new AppError('VALIDATION', {}, [{ path: 'region', message: 'validation.region' }]);
  }
}

export function assertNotIndividualWithCode(v: { kind: string; creditCode: string | null }): void {
  if (v.kind === 'individual' && v.creditCode) {
    throw new AppError('VALIDATION', {}, [{ path: 'creditCode', message: 'validation.creditCodeIndividual' }]);
  }
}

// The parent must be a live customer in the caller's scope, and not the customer itself or
// one of its descendants (the chain is walked upwards, a few levels at most in practice).
export async function assertParent(em: EntityManager, caller: Caller, selfId: string, parentId: string | null): Promise<void> {
  if (!parentId) return;
  const invalid = new AppError('INVALID_PARENT', {}, [{ path: 'parentId', message: 'validation.parent' }]);
  if (parentId === selfId) throw invalid;
  try {
    await loadCustomer(em, caller, parentId, 'write');
  } catch {
    throw invalid;
  }
  const repo = em.getRepository(CustomerEntity);
  let cur: string | null = parentId;
  for (let depth = 0; cur && depth < 100; depth++) {
    const next: Pick<Customer, 'parentId'> | null = await repo.findOne({ select: { id: true, parentId: true }, where: { id: cur } });
    cur = next?.parentId ?? null;
    if (cur === selfId) throw invalid;
  }
}

export interface AssignableUser {
  id: string;
  departmentId: string | null;
  displayName: string;
}

// Existing enabled users, in the order given, duplicates dropped.
export async function enabledUsers(em: EntityManager, ids: string[]): Promise<AssignableUser[]> {
  const want = [...new Set(ids)];
  if (!want.length) return [];
  const rows = await em.getRepository(UserEntity).findBy({ id: In(want), enabled: true });
  if (rows.length !== want.length) throw new AppError('USER_NOT_FOUND');
  const byId = new Map(rows.map((u) => [u.id, u]));
  return want.map((id) => {
    const u = byId.get(id)!;
    return { id: u.id, departmentId: u.departmentId, displayName: u.displayName };
  });
}

// Someone the caller may hand customers to: enabled, and inside the departments their scope
// covers (a team lead hands only within their team tree).
export async function assignableUser(em: EntityManager, caller: Caller, userId: string): Promise<AssignableUser> {
  const [user] = await enabledUsers(em, [userId]);
  const scope = scopeOf(caller);
  if (scope === 'all' || user!.id === caller.user.id) return user!;
  const depts = scope === 'department_tree' ? caller.departmentTreeIds : caller.departmentIds;
  if (!user!.departmentId || !depts.includes(user!.departmentId)) throw new AppError('FORBIDDEN', { reason: 'targetOutsideScope' });
  return user!;
}
