import { In, type EntityManager, type ObjectLiteral, type SelectQueryBuilder } from 'typeorm';
import type { z } from 'zod';
import type { customerListInput } from '../../../src/shared/domain/customer.schema';
import { toHalfWidth } from '../../../src/shared/domain/text';
import { withIndexPlans } from '../../db/index-plans';
import type { Caller } from '../../trpc/context';
import { applyScope, scopeOf, scopeParts } from './customer-scope';
import { CustomerEntity, type Customer } from './customer.entity';
import { likeContains, likePrefix, nameKeyOf } from './customer-text';
import { visibilityOf } from './field-mask';

export type CustomerListArgs = z.output<typeof customerListInput>;

// Which customers a list starts from, before the user's filters.
export type CustomerSet = 'active' | 'pool' | 'recycleBin';

const SORT_COLUMN: Record<CustomerListArgs['sort'], { col: string; nullable: boolean }> = {
  name: { col: 'c.nameKey', nullable: false },
  createdAt: { col: 'c.createdAt', nullable: false },
  updatedAt: { col: 'c.updatedAt', nullable: false },
  lastFollowUpAt: { col: 'c.lastFollowUpAt', nullable: true },
  nextFollowUpAt: { col: 'c.nextFollowUpAt', nullable: true },
  level: { col: 'c.level', nullable: true },
  status: { col: 'c.status', nullable: false },
};

export function customerQuery(em: EntityManager, caller: Caller, set: CustomerSet): SelectQueryBuilder<Customer> {
  const qb = unscoped(em, set);
  return set === 'pool' ? qb : applyScope(qb, caller, 'c');
}

function unscoped(em: EntityManager, set: CustomerSet): SelectQueryBuilder<Customer> {
  const qb = em.getRepository(CustomerEntity).createQueryBuilder('c');
  if (set === 'pool') return qb.where('c.deletedAt IS NULL').andWhere('c.ownerId IS NULL');
  return qb.where(set === 'active' ? 'c.deletedAt IS NULL' : 'c.deletedAt IS NOT NULL');
}

// A query over customers (alias `c`) as one query per part of the caller's scope
// (scopeParts); null for scope `all`, where it is one query anyway.
function perScopePart<T extends ObjectLiteral>(caller: Caller, build: () => SelectQueryBuilder<T>): SelectQueryBuilder<T>[] | null {
  return (
    scopeParts(caller, 'c')?.map((part) => {
      const qb = build();
      part(qb);
      return qb;
    }) ?? null
  );
}

// The total of a filtered list: customerQuery + applyListFilters, counted part by part of the
// scope, so that an account manager's "all my customers" is an index count.
export function countCustomers(em: EntityManager, caller: Caller, set: CustomerSet, f: Partial<CustomerListArgs>): Promise<number> {
  if (set === 'pool') return countOf(applyListFilters(unscoped(em, set), caller, f));
  return countInScope(em, caller, (tx) => applyListFilters(unscoped(tx, set), caller, f));
}

// The total of a query over customers (alias `c`, joined or not) within the caller's scope:
// one count per part of the scope, each bounded by its own index however stale the planner's
// idea of the table is (withIndexPlans), where one count under the scope's OR reads every row
// it matches.
export async function countInScope(em: EntityManager, caller: Caller, build: (em: EntityManager) => SelectQueryBuilder<any>): Promise<number> {
  if (scopeOf(caller) === 'all') return countOf(build(em));
  return withIndexPlans(em, async (tx) => {
    let total = 0;
    for (const qb of perScopePart(caller, () => build(tx))!) total += await countOf(qb);
    return total;
  });
}

// Sorts by instants, stored as ISO strings: they order alike here and on every engine, so the
// parts of a scope can be merged here. Names and labels sort by each engine's collation.
const MERGEABLE_SORTS: ReadonlySet<CustomerListArgs['sort']> = new Set(['updatedAt', 'createdAt']);

// A page of a customer list with its total.
export async function customerPage(em: EntityManager, caller: Caller, set: CustomerSet, args: CustomerListArgs): Promise<{ rows: Customer[]; total: number }> {
  const count = () => countCustomers(em, caller, set, args);
  const queries = set !== 'pool' && MERGEABLE_SORTS.has(args.sort) ? perScopePart(caller, () => applyListFilters(unscoped(em, set), caller, args)) : null;
  if (!queries) {
    return pageRows(ordered(applyListFilters(customerQuery(em, caller, set), caller, args), args), count, args.page, args.pageSize);
  }
  // Newest first over the whole live index would step over every newer customer outside the
  // scope (a colleague's import of 100,000 puts them all on top); each part of the scope
  // instead walks its own index (owner, department) for the rows it could put on this page.
  const need = args.page * args.pageSize;
  const { col } = SORT_COLUMN[args.sort];
  // The parts' heads, the page's rows and the total go to the database together rather than
  // one after another: each answer waits its turn on the server's thread, which an import
  // keeps busy, and a colleague's list paid every such wait. The total of a scope too small
  // to need it is thrown away; counting it costs little, as it is small.
  const counting = count();
  counting.catch(() => undefined);
  const parts = await Promise.all(queries.map((qb) => ordered(qb, args).select('c.id', 'id').addSelect(col, 'k').limit(need).getRawMany<{ id: string; k: string }>()));
  const complete = parts.every((got) => got.length < need);
  const heads = parts.flat();
  const sign = args.order === 'asc' ? 1 : -1;
  const cmp = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);
  heads.sort((a, b) => sign * (cmp(String(a.k), String(b.k)) || cmp(a.id, b.id)));
  const ids = heads.slice(need - args.pageSize, need).map((h) => h.id);
  const [found, total] = await Promise.all([
    ids.length ? em.getRepository(CustomerEntity).findBy({ id: In(ids) }) : [],
    // Every part came back short: nothing else matches.
    complete ? heads.length : counting,
  ]);
  const byId = new Map(found.map((c) => [c.id, c]));
  const rows = ids.map((id) => byId.get(id)).filter((c): c is Customer => c !== undefined);
  return { rows, total };
}

// The list filters: plain column tests and an indexed tag sub-select, combined with AND.
export function applyListFilters(qb: SelectQueryBuilder<Customer>, caller: Caller, f: Partial<CustomerListArgs>): SelectQueryBuilder<Customer> {
  const q = f.search?.trim();
  if (q) {
    const ors = ["c.nameKey LIKE :qName ESCAPE '!'"];
    const params: Record<string, string> = { qName: likeContains(nameKeyOf(q)) };
    const digits = toHalfWidth(q).replace(/[\s\-()+]/g, '');
    // Searching by a number one may not read would tell it; only for those who see phones.
    if (/^\d{3,}$/.test(digits) && visibilityOf(caller, 'customers', 'phone') === 'visible') {
      ors.push("c.phoneDigits LIKE :qDigits ESCAPE '!'");
      params.qDigits = likeContains(digits);
    }
    const code = toHalfWidth(q).toUpperCase();
    if (/^[0-9A-Z]{4,18}$/.test(code)) {
      ors.push("c.creditCode LIKE :qCode ESCAPE '!'");
      params.qCode = likePrefix(code);
    }
    qb.andWhere(`(${ors.join(' OR ')})`, params);
  }
  if (f.status?.length) qb.andWhere('c.status IN (:...fStatus)', { fStatus: f.status });
  if (f.level?.length) qb.andWhere('c.level IN (:...fLevel)', { fLevel: f.level });
  if (f.industry?.length) qb.andWhere('c.industry IN (:...fIndustry)', { fIndustry: f.industry });
  if (f.source?.length) qb.andWhere('c.source IN (:...fSource)', { fSource: f.source });
  if (f.region) {
    // Codes nest (31 / 3101 / 310101): a prefix names the level it stops at.
    qb.andWhere('c.province = :fProvince', { fProvince: f.region.slice(0, 2) });
    if (f.region.length >= 4) qb.andWhere('c.city = :fCity', { fCity: f.region.slice(0, 4) });
    if (f.region.length >= 6) qb.andWhere('c.district = :fDistrict', { fDistrict: f.region });
  }
  if (f.ownerIds?.length) qb.andWhere('c.ownerId IN (:...fOwners)', { fOwners: f.ownerIds });
  if (f.tags?.length) {
    qb.andWhere('c.id IN (SELECT ct.customer_id FROM customer_tags ct WHERE ct.tag IN (:...fTags))', { fTags: f.tags });
  }
  return qb;
}

function ordered(qb: SelectQueryBuilder<Customer>, args: Pick<CustomerListArgs, 'sort' | 'order'>): SelectQueryBuilder<Customer> {
  const order = args.order === 'asc' ? 'ASC' : 'DESC';
  const { col, nullable } = SORT_COLUMN[args.sort];
  const rowsQb = qb.clone();
  // Empty values last in either direction; engines disagree on where NULLs sort by default.
  if (nullable) rowsQb.orderBy(`CASE WHEN ${col} IS NULL THEN 1 ELSE 0 END`, 'ASC').addOrderBy(col, order);
  else rowsQb.orderBy(col, order);
  return rowsQb.addOrderBy('c.id', order);
}

// The ids of a whole list in its order, to be read back a chunk at a time (exports): one
// narrow query instead of deep offset pages or every row as an entity at once.
export async function orderedIds(qb: SelectQueryBuilder<Customer>, args: Pick<CustomerListArgs, 'sort' | 'order'>, limit: number): Promise<string[]> {
  const raw = await ordered(qb, args).select('c.id', 'id').limit(limit).getRawMany<{ id: string }>();
  return raw.map((r) => r.id);
}

// One page and the total. A short page already tells the total, which saves the count (a
// second full scan for "contains" searches).
export async function pageRows<T extends ObjectLiteral>(
  rowsQb: SelectQueryBuilder<T>,
  count: SelectQueryBuilder<T> | (() => Promise<number>),
  page: number,
  pageSize: number,
): Promise<{ rows: T[]; total: number }> {
  const offset = (page - 1) * pageSize;
  const rows = await rowsQb.offset(offset).limit(pageSize).getMany();
  if (rows.length > 0 && rows.length < pageSize) return { rows, total: offset + rows.length };
  if (rows.length === 0 && page === 1) return { rows, total: 0 };
  return { rows, total: await (typeof count === 'function' ? count() : countOf(count)) };
}

// COUNT(*) rather than TypeORM's COUNT(DISTINCT id): one row per customer anyway, and the
// plain count is answered from an index.
export async function countOf(qb: SelectQueryBuilder<any>): Promise<number> {
  const r = await qb.clone().select('COUNT(*)', 'n').orderBy().offset(undefined).limit(undefined).getRawOne<{ n: string | number }>();
  return Number(r?.n ?? 0);
}
