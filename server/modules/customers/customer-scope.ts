import type { ObjectLiteral, WhereExpressionBuilder } from 'typeorm';
import { Brackets } from 'typeorm';
import type { DataScope } from '../../../src/shared/permissions/catalog';
import type { Audience } from '../changes/change-log.service';
import type { Caller } from '../../trpc/context';

// The one definition of which customers a caller may work on (their data scope). Every
// customer query goes through `applyScope` (SQL) or `inScope` (a row already loaded); the
// two must agree, and the permission-matrix test checks both through list and get.
//
//   own             owner is me, or I am a collaborator
//   department      own, or the owner's department is mine
//   department_tree own, or the owner's department is mine or below it
//   all             everything, pool customers included
//
// Pool customers (no owner) are in no scope narrower than `all`; people with pool.view may
// still read them (`canSee`), e.g. to decide whether to claim one.

export function scopeOf(caller: Caller): DataScope {
  return caller.grant.dataScopes.customers ?? 'own';
}

function deptIdsFor(caller: Caller, scope: DataScope): string[] {
  if (scope === 'department') return caller.departmentIds;
  if (scope === 'department_tree') return caller.departmentTreeIds;
  return [];
}

export function inScope(caller: Caller, who: Audience): boolean {
  const scope = scopeOf(caller);
  if (scope === 'all') return true;
  if (who.ownerId === null) return false;
  const me = caller.user.id;
  if (who.ownerId === me || who.collaboratorIds.includes(me)) return true;
  return who.ownerDeptId !== null && deptIdsFor(caller, scope).includes(who.ownerDeptId);
}

export function canSeePool(caller: Caller): boolean {
  return caller.grant.permissions.has('pool.view') || scopeOf(caller) === 'all';
}

// Read access: in scope, or an unowned (pool) customer for people who can look at the pool.
export function canSee(caller: Caller, who: Audience): boolean {
  return inScope(caller, who) || (who.ownerId === null && canSeePool(caller));
}

let seq = 0;

// Adds "customer `alias` is in the caller's scope" to a query. Parameter names are unique per
// call so the condition can appear twice in one query (a customer and its parent).
export function applyScope<T extends WhereExpressionBuilder>(qb: T, caller: Caller, alias: string): T {
  const scope = scopeOf(caller);
  if (scope === 'all') return qb;
  const n = `s${++seq % 1_000_000}`;
  const params: ObjectLiteral = { [`${n}me`]: caller.user.id };
  const depts = deptIdsFor(caller, scope);
  return qb.andWhere(
    new Brackets((w) => {
      w.where(`${alias}.ownerId IS NOT NULL`).andWhere(
        new Brackets((o) => {
          o.where(`${alias}.ownerId = :${n}me`, params).orWhere(
            `${alias}.id IN (SELECT cc.customer_id FROM customer_collaborators cc WHERE cc.user_id = :${n}me)`,
            params,
          );
          if (depts.length) o.orWhere(`${alias}.ownerDeptId IN (:...${n}depts)`, { [`${n}depts`]: depts });
        }),
      );
    }),
  );
}

// The same customers as applyScope, as conditions no two of which hold for one customer: mine;
// my departments' that are not mine; shared with me and neither. A count of a scope is the
// sum of counts over these, each answered from one index (owner, department, the collaborator
// table); a count under applyScope's OR reads every customer it matches. null for `all`.
export function scopeParts(caller: Caller, alias: string): ((qb: WhereExpressionBuilder) => void)[] | null {
  const scope = scopeOf(caller);
  if (scope === 'all') return null;
  const n = `p${++seq % 1_000_000}`;
  const me = { [`${n}me`]: caller.user.id };
  const depts = deptIdsFor(caller, scope);
  const deptParams = { [`${n}depts`]: depts };
  const notMine = `${alias}.ownerId IS NOT NULL AND ${alias}.ownerId <> :${n}me`;
  const parts: ((qb: WhereExpressionBuilder) => void)[] = [(qb) => qb.andWhere(`${alias}.ownerId = :${n}me`, me)];
  if (depts.length) parts.push((qb) => qb.andWhere(`${notMine} AND ${alias}.ownerDeptId IN (:...${n}depts)`, { ...me, ...deptParams }));
  parts.push((qb) =>
    qb.andWhere(
      `${notMine} AND ${alias}.id IN (SELECT cc.customer_id FROM customer_collaborators cc WHERE cc.user_id = :${n}me)` +
        (depts.length ? ` AND (${alias}.ownerDeptId IS NULL OR ${alias}.ownerDeptId NOT IN (:...${n}depts))` : ''),
      { ...me, ...deptParams },
    ),
  );
  return parts;
}
