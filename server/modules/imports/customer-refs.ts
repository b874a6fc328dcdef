import { In, type EntityManager } from 'typeorm';
import type { CustomerRef } from '../../../src/shared/excel/validate';
import type { Caller } from '../../trpc/context';
import { audienceOf, collaboratorsOf } from '../customers/customer-dto';
import type { LoadedCustomer } from '../customers/customer-rules';
import { canSee, inScope } from '../customers/customer-scope';
import { CustomerEntity, type Customer } from '../customers/customer.entity';
import { nameKeyOf } from '../customers/customer-text';

export type RefResult = { ok: true; customer: LoadedCustomer } | { ok: false; reason: string; value: string };

// The customer each row names (credit code first, else name), with a handful of queries per
// batch. A customer the caller may not see reads as unknown, exactly like a missing one; one
// they see but may not change (someone else's, the pool) is refused as not editable.
export async function resolveCustomerRefs(em: EntityManager, caller: Caller, refs: readonly CustomerRef[]): Promise<RefResult[]> {
  const codes = [...new Set(refs.map((r) => r.creditCode).filter((c): c is string => !!c))];
  const names = [...new Set(refs.filter((r) => !r.creditCode && r.name).map((r) => nameKeyOf(r.name!)))];
  const repo = em.getRepository(CustomerEntity);
  // Deleted customers are dropped here rather than in SQL: with hundreds of keys in the IN
  // list, SQLite's planner trades the key's index for the live-rows index on deleted_at.
  const found: Customer[] = [
    ...(codes.length ? await repo.findBy({ creditCode: In(codes) }) : []),
    ...(names.length ? await repo.findBy({ nameKey: In(names) }) : []),
  ].filter((c) => c.deletedAt === null);
  const collabs = await collaboratorsOf(em, [...new Set(found.map((f) => f.id))]);
  const loaded = (row: Customer): LoadedCustomer => ({ row, collaboratorIds: collabs.get(row.id) ?? [] });
  const visible = found.filter((f) => canSee(caller, audienceOf(f, collabs.get(f.id) ?? [])));
  return refs.map((ref): RefResult => {
    const value = ref.creditCode ?? ref.name ?? '';
    const hits = ref.creditCode
      ? visible.filter((f) => f.creditCode === ref.creditCode)
      : visible.filter((f) => f.nameKey === nameKeyOf(ref.name!));
    const unique = [...new Map(hits.map((h) => [h.id, h])).values()];
    if (!unique.length) return { ok: false, reason: 'import.customerUnknown', value };
    if (unique.length > 1) return { ok: false, reason: 'import.customerAmbiguous', value };
    const customer = loaded(unique[0]!);
    if (!inScope(caller, audienceOf(customer.row, customer.collaboratorIds))) return { ok: false, reason: 'import.customerNotEditable', value };
    return { ok: true, customer };
  });
}
