import { In, type EntityManager } from 'typeorm';
import type { ImportOwner } from '../../../src/shared/excel/import.schema';
import { cellText } from '../../../src/shared/excel/clean';
import { OWNER_FIELD, type RowError, type ValidRow } from '../../../src/shared/excel/validate';
import { AppError } from '../../../src/shared/errors';
import { normalizePermissions } from '../../../src/shared/permissions/roles';
import type { Caller } from '../../trpc/context';
import { assignableUser, type AssignableUser } from '../customers/customer-rules';
import { DepartmentEntity } from '../org/department.entity';
import { RoleEntity } from '../org/role.entity';
import { UserEntity, UserRoleEntity } from '../org/user.entity';

// Gives each customer the import creates its owner. ownerOf is called once per created row,
// in row order, so that a round robin hands out customers in turn and skipped rows take no
// turn. check() is called on each batch of valid rows before they are applied.
export interface OwnerAssigner {
  ownerOf(row: ValidRow): AssignableUser | null;
  // Rows whose owner cell names nobody the caller may give customers to.
  check(rows: readonly ValidRow[]): Promise<{ errors: RowError[]; invalidRows: Set<number> }>;
}

// A user someone may hand customers to must be able to work on them.
const OWNER_PERMISSION = 'customers.edit';

const noProblems = async () => ({ errors: [], invalidRows: new Set<number>() });

// Resolves who the owners will be before the first row: a refusal of the whole choice (no
// right to hand customers to others, an empty team, no owner column) comes from here.
export async function prepareOwners(em: EntityManager, caller: Caller, owner: ImportOwner, ownerColumn: string | null): Promise<OwnerAssigner> {
  const me: AssignableUser = { id: caller.user.id, departmentId: caller.user.departmentId, displayName: caller.user.displayName };
  const fixed = (user: AssignableUser | null): OwnerAssigner => ({ ownerOf: () => user, check: noProblems });
  if (owner.kind === 'me' || (owner.kind === 'user' && owner.userId === caller.user.id)) return fixed(me);
  if (owner.kind === 'column') return byColumn(em, caller, me, ownerColumn);
  if (!caller.grant.permissions.has('customers.transfer')) throw new AppError('FORBIDDEN', { permission: 'customers.transfer' });
  if (owner.kind === 'pool') return fixed(null);
  if (owner.kind === 'user') return fixed(await assignableUser(em, caller, owner.userId));
  const members = await teamMembers(em, caller, owner.departmentId);
  let turn = 0;
  return { ownerOf: () => members[turn++ % members.length]!, check: noProblems };
}

// The department's enabled users who may own customers and whom the caller may give them to,
// by username: the same file over the same team always deals out the same way.
async function teamMembers(em: EntityManager, caller: Caller, departmentId: string): Promise<AssignableUser[]> {
  const dept = await em.getRepository(DepartmentEntity).findOneBy({ id: departmentId });
  if (!dept) throw new AppError('VALIDATION', {}, [{ path: 'owner.departmentId', message: 'import.noSuchDepartment' }]);
  const users = await em.getRepository(UserEntity).find({ where: { departmentId, enabled: true }, order: { username: 'ASC' } });
  const links = users.length ? await em.getRepository(UserRoleEntity).findBy({ userId: In(users.map((u) => u.id)) }) : [];
  const roles = links.length ? await em.getRepository(RoleEntity).findBy({ id: In([...new Set(links.map((l) => l.roleId))]) }) : [];
  const mayOwn = new Set(roles.filter((r) => normalizePermissions(r.permissions ?? []).includes(OWNER_PERMISSION)).map((r) => r.id));
  const members: AssignableUser[] = [];
  for (const u of users) {
    if (!links.some((l) => l.userId === u.id && mayOwn.has(l.roleId))) continue;
    members.push(await assignableUser(em, caller, u.id));
  }
  if (!members.length) throw new AppError('VALIDATION', {}, [{ path: 'owner.departmentId', message: 'import.noTeamMembers' }]);
  return members;
}

// Each row names its owner by username or display name. Handing to someone else needs
// customers.transfer and someone within the caller's reach; otherwise the row is refused,
// naming the value, and the rest of the file goes on.
async function byColumn(em: EntityManager, caller: Caller, me: AssignableUser, column: string | null): Promise<OwnerAssigner> {
  if (!column) throw new AppError('VALIDATION', {}, [{ path: 'owner', message: 'import.ownerColumnMissing' }]);
  const users = await em.getRepository(UserEntity).findBy({ enabled: true });
  const key = (s: string) => cellText(s).toLowerCase();
  const byUsername = new Map(users.map((u) => [key(u.username), u]));
  const byName = new Map<string, (typeof users)[number][]>();
  for (const u of users) byName.set(key(u.displayName), [...(byName.get(key(u.displayName)) ?? []), u]);
  const mayTransfer = caller.grant.permissions.has('customers.transfer');
  const reachable = new Map<string, AssignableUser | null>();
  const owners = new Map<number, AssignableUser>();
  return {
    ownerOf: (r) => owners.get(r.row) ?? me,
    async check(rows) {
      const errors: RowError[] = [];
      const invalidRows = new Set<number>();
      for (const row of rows) {
        const value = row.owner ?? '';
        const fail = (reason: string) => {
          errors.push({ row: row.row, column, field: OWNER_FIELD, reason, value });
          invalidRows.add(row.row);
        };
        if (!value) {
          fail('validation.required');
          continue;
        }
        const named = byName.get(key(value)) ?? [];
        const user = byUsername.get(key(value)) ?? (named.length === 1 ? named[0] : undefined);
        if (!user) {
          fail(named.length > 1 ? 'import.ownerAmbiguous' : 'import.ownerUnknown');
          continue;
        }
        if (user.id === me.id) {
          owners.set(row.row, me);
          continue;
        }
        if (!reachable.has(user.id)) {
          reachable.set(user.id, mayTransfer ? await assignableUser(em, caller, user.id).catch(() => null) : null);
        }
        const target = reachable.get(user.id);
        if (target) owners.set(row.row, target);
        else fail('import.ownerNotAssignable');
      }
      return { errors, invalidRows };
    },
  };
}
