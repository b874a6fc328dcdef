import type { DataSource } from 'typeorm';
import type { Permission } from '../../../src/shared/permissions/catalog';
import type { Caller } from '../../trpc/context';
import { audienceOf, collaboratorsOf } from '../customers/customer-dto';
import { canSee } from '../customers/customer-scope';
import { CustomerEntity } from '../customers/customer.entity';
import type { ChangeEvent } from './change-log.service';

const NEEDS: Record<string, Permission> = {
  customer: 'customers.view',
  contact: 'contacts.view',
  followUp: 'followups.view',
};

// Whether a live listener may hear of a change. Writers attach the customer's audience, so
// this is a check in memory; only events without one cost a lookup.
export async function mayHear(db: DataSource, caller: Caller, ev: ChangeEvent): Promise<boolean> {
  if (ev.toUserId !== undefined) return ev.toUserId === caller.user.id;
  const needs = NEEDS[ev.entity] ?? 'customers.view';
  if (!caller.grant.permissions.has(needs)) return false;
  if (!ev.customerId) return false;
  if (ev.audience?.length) return ev.audience.some((a) => canSee(caller, a));
  const row = await db.getRepository(CustomerEntity).findOne({
    select: { id: true, ownerId: true, ownerDeptId: true },
    where: { id: ev.customerId },
  });
  if (!row) return false;
  const collabs = await collaboratorsOf(db.manager, [row.id]);
  return canSee(caller, audienceOf(row, collabs.get(row.id) ?? []));
}
