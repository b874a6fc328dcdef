import { Brackets, In, IsNull, LessThan, Or, type FindOptionsWhere } from 'typeorm';
import { runWrite } from '../changes/write-tx';
import { collaboratorsOf } from '../customers/customer-dto';
import { CustomerEntity, type Customer } from '../customers/customer.entity';
import { moveOwner, notifyOwner } from '../customers/ownership.service';
import type { PoolDeps } from './pool.service';

const DAY_MS = 86_400_000;
const BATCH = 200;

// Returns to the pool every customer whose owner has neither followed it up nor received it
// within `pool.returnAfterDays` (0 = never). The later of the last follow-up and the time the
// owner got it counts, so a customer just claimed or transferred is not bounced straight
// back. Each former owner gets one notification naming what they lost.
export async function returnStaleCustomers(deps: PoolDeps, now: Date = new Date()): Promise<{ returned: number }> {
  const days = await deps.settings.get('pool.returnAfterDays');
  if (days <= 0) return { returned: 0 };
  const cutoff = new Date(now.getTime() - days * DAY_MS).toISOString();
  const stale = await deps.db
    .getRepository(CustomerEntity)
    .createQueryBuilder('c')
    .select(['c.id', 'c.ownerId'])
    .where('c.ownerId IS NOT NULL')
    .andWhere('c.deletedAt IS NULL')
    .andWhere(new Brackets((w) => w.where('c.lastFollowUpAt IS NULL').orWhere('c.lastFollowUpAt < :cutoff', { cutoff })))
    .andWhere('COALESCE(c.ownerSince, c.createdAt) < :cutoff', { cutoff })
    .orderBy('c.ownerId')
    .addOrderBy('c.id')
    .getMany();
  const byOwner = new Map<string, string[]>();
  for (const c of stale) byOwner.set(c.ownerId!, [...(byOwner.get(c.ownerId!) ?? []), c.id]);
  let returned = 0;
  for (const [ownerId, ids] of byOwner) {
    const names: string[] = [];
    for (let i = 0; i < ids.length; i += BATCH) {
      await runWrite(deps.db, deps.changes, async (tx) => {
        const rows = await tx.em.getRepository(CustomerEntity).findBy({ id: In(ids.slice(i, i + BATCH)) });
        const collabs = await collaboratorsOf(tx.em, rows.map((r) => r.id));
        const done: string[] = [];
        for (const row of rows) {
          const ok = await moveOwner(tx, deps.audit, null, {
            row,
            collaboratorIds: collabs.get(row.id) ?? [],
            to: null,
            reason: 'auto_return',
            // Re-checked by the UPDATE: a follow-up or hand-over since the scan keeps it.
            extraWhere: stillStale(ownerId, cutoff),
          });
          if (ok) done.push(row.name);
        }
        const last = i + BATCH >= ids.length;
        const all = [...names, ...done];
        if (last && all.length) await notifyOwner(deps.notifications, tx, ownerId, 'customersAutoReturned', all, null);
        names.push(...done);
      });
    }
    returned += names.length;
  }
  return { returned };
}

function stillStale(ownerId: string, cutoff: string): FindOptionsWhere<Customer> {
  return { ownerId, lastFollowUpAt: Or(IsNull(), LessThan(cutoff)) };
}
