import { In, type EntityManager } from 'typeorm';
import type { CustomerDto, UserRef } from '../../../src/shared/domain/customer.schema';
import { maskName } from '../../../src/shared/domain/text';
import type { Audience } from '../changes/change-log.service';
import { UserEntity } from '../org/user.entity';
import type { Caller } from '../../trpc/context';
import { canSee } from './customer-scope';
import { CustomerCollaboratorEntity, CustomerEntity, type Customer } from './customer.entity';
import { CUSTOMER_SENSITIVE, maskDto } from './field-mask';

const unique = <T>(xs: (T | null | undefined)[]): T[] => [...new Set(xs.filter((x): x is T => x !== null && x !== undefined))];

export async function userNames(em: EntityManager, ids: (string | null | undefined)[]): Promise<Map<string, string>> {
  const want = unique(ids);
  if (!want.length) return new Map();
  const rows = await em.getRepository(UserEntity).find({ select: { id: true, displayName: true }, where: { id: In(want) } });
  return new Map(rows.map((u) => [u.id, u.displayName]));
}

export const userRef = (names: Map<string, string>, id: string | null): UserRef | null =>
  id ? { id, name: names.get(id) ?? '?' } : null;

export async function collaboratorsOf(em: EntityManager, customerIds: string[]): Promise<Map<string, string[]>> {
  const out = new Map<string, string[]>();
  if (!customerIds.length) return out;
  const rows = await em.getRepository(CustomerCollaboratorEntity).findBy({ customerId: In(unique(customerIds)) });
  for (const r of rows) out.set(r.customerId, [...(out.get(r.customerId) ?? []), r.userId]);
  return out;
}

export function audienceOf(row: Pick<Customer, 'ownerId' | 'ownerDeptId'>, collaboratorIds: string[]): Audience {
  return { ownerId: row.ownerId, ownerDeptId: row.ownerDeptId, collaboratorIds };
}

// Turns a page of rows into DTOs with a fixed number of queries (collaborators, parents,
// user names), whatever the page size: no query per row.
export async function toCustomerDtos(em: EntityManager, caller: Caller, rows: Customer[]): Promise<CustomerDto[]> {
  if (!rows.length) return [];
  const parentIds = unique(rows.map((r) => r.parentId));
  // Together: each answer waits its turn on the server's thread (customerPage).
  const [parents, collabs] = await Promise.all([
    parentIds.length
      ? em.getRepository(CustomerEntity).find({ select: { id: true, name: true, ownerId: true, ownerDeptId: true }, where: { id: In(parentIds) } })
      : [],
    collaboratorsOf(em, [...rows.map((r) => r.id), ...parentIds]),
  ]);
  const names = await userNames(em, [
    ...rows.flatMap((r) => [r.ownerId, r.createdById]),
    ...rows.flatMap((r) => collabs.get(r.id) ?? []),
  ]);
  const parentById = new Map(
    parents.map((p) => [p.id, { id: p.id, name: canSee(caller, audienceOf(p, collabs.get(p.id) ?? [])) ? p.name : maskName(p.name) }]),
  );
  return rows.map((r) =>
    maskDto(caller, 'customers', CUSTOMER_SENSITIVE, {
      id: r.id,
      kind: r.kind,
      name: r.name,
      creditCode: r.creditCode,
      level: r.level,
      status: r.status,
      industry: r.industry,
      source: r.source,
      province: r.province,
      city: r.city,
      district: r.district,
      address: r.address,
      phone: r.phone,
      website: r.website,
      tags: r.tags ?? [],
      parentId: r.parentId,
      remarks: r.remarks,
      owner: userRef(names, r.ownerId),
      collaborators: (collabs.get(r.id) ?? []).map((id) => userRef(names, id)!),
      parent: r.parentId ? (parentById.get(r.parentId) ?? null) : null,
      createdBy: userRef(names, r.createdById),
      createdAt: r.createdAt,
      updatedAt: r.updatedAt,
      lastFollowUpAt: r.lastFollowUpAt,
      nextFollowUpAt: r.nextFollowUpAt,
      deletedAt: r.deletedAt,
      poolSince: r.poolSince,
      version: r.version,
    }),
  );
}
