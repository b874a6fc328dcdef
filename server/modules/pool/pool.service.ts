import { IsNull } from 'typeorm';
import type { Paged } from '../../../src/shared/domain/common.schema';
import type { CustomerDto } from '../../../src/shared/domain/customer.schema';
import { AppError } from '../../../src/shared/errors';
import { runWrite, type WriteTx } from '../changes/write-tx';
import type { Actor } from '../customers/actor';
import { toCustomerDtos } from '../customers/customer-dto';
import { customerPage, type CustomerListArgs } from '../customers/customer-query';
import { assignableUser, loadCustomer, type AssignableUser } from '../customers/customer-rules';
import { CustomerEntity } from '../customers/customer.entity';
import { moveOwner, notifyOwner, type OwnershipDeps } from '../customers/ownership.service';
import type { SettingsService } from '../settings/settings.service';
import { returnStaleCustomers } from './pool-return';

export interface PoolDeps extends OwnershipDeps {
  settings: SettingsService;
}

// The public pool (公海): unowned customers anyone with pool.view may browse and claim.
export class PoolService {
  constructor(private readonly deps: PoolDeps) {}

  // The scheduled auto-return; `now` is injectable so tests need not wait a month.
  returnStaleCustomers(now: Date = new Date()): Promise<{ returned: number }> {
    return returnStaleCustomers(this.deps, now);
  }

  async list(actor: Actor, input: CustomerListArgs): Promise<Paged<CustomerDto>> {
    const em = this.deps.db.manager;
    const { rows, total } = await customerPage(em, actor.caller, 'pool', input);
    return { items: await toCustomerDtos(em, actor.caller, rows), total };
  }

  async claim(actor: Actor, ids: string[]): Promise<{ count: number }> {
    const { caller } = actor;
    const me: AssignableUser = { id: caller.user.id, departmentId: caller.user.departmentId, displayName: caller.user.displayName };
    const limit = await this.deps.settings.get('pool.claimLimit');
    const unique = [...new Set(ids)];
    await runWrite(this.deps.db, this.deps.changes, async (tx) => {
      const owned = await tx.em.getRepository(CustomerEntity).countBy({ ownerId: me.id, deletedAt: IsNull() });
      if (owned + unique.length > limit) throw new AppError('POOL_LIMIT_REACHED', { limit });
      for (const id of unique) await this.takeFromPool(tx, actor, id, me, 'claim');
    });
    return { count: unique.length };
  }

  async assign(actor: Actor, ids: string[], toUserId: string, note: string | null = null): Promise<{ count: number }> {
    const target = await assignableUser(this.deps.db.manager, actor.caller, toUserId);
    const unique = [...new Set(ids)];
    await runWrite(this.deps.db, this.deps.changes, async (tx) => {
      const names: string[] = [];
      for (const id of unique) names.push(await this.takeFromPool(tx, actor, id, target, 'assign', note));
      if (target.id !== actor.caller.user.id) {
        await notifyOwner(this.deps.notifications, tx, target.id, 'customersAssigned', names, actor.caller.user.displayName);
      }
    });
    return { count: unique.length };
  }

  // A live customer that is not (any longer) in the pool answers NOT_IN_POOL: the claimant
  // saw it there, and must learn that someone else was quicker.
  private async takeFromPool(
    tx: WriteTx,
    actor: Actor,
    id: string,
    to: AssignableUser,
    reason: 'claim' | 'assign',
    note: string | null = null,
  ): Promise<string> {
    const row = await tx.em.getRepository(CustomerEntity).findOneBy({ id, deletedAt: IsNull() });
    if (!row) throw new AppError('NOT_FOUND');
    if (row.ownerId !== null) throw new AppError('NOT_IN_POOL');
    // Read again under the caller's rules: on PostgreSQL and MariaDB (read committed) a
    // simultaneous claim may have committed since the read above, and the customer, now a
    // colleague's, is out of the claimant's sight.
    const current = await loadCustomer(tx.em, actor.caller, id, 'read').catch((e: unknown) => {
      throw e instanceof AppError && e.code === 'NOT_FOUND' ? new AppError('NOT_IN_POOL') : e;
    });
    const ok = await moveOwner(tx, this.deps.audit, actor, { ...current, to, reason, note, fromPool: true });
    if (!ok) throw new AppError('NOT_IN_POOL');
    return row.name;
  }

  async release(actor: Actor, ids: string[], reason: string | null): Promise<{ count: number }> {
    const { caller } = actor;
    const mayReleaseOthers = caller.grant.permissions.has('customers.transfer');
    const count = await runWrite(this.deps.db, this.deps.changes, async (tx) => {
      let n = 0;
      for (const id of new Set(ids)) {
        const current = await loadCustomer(tx.em, caller, id, 'write');
        if (current.row.ownerId === null) continue;
        if (current.row.ownerId !== caller.user.id && !mayReleaseOthers) throw new AppError('NOT_OWNER');
        const ok = await moveOwner(tx, this.deps.audit, actor, { ...current, to: null, reason: 'release', note: reason });
        if (!ok) throw new AppError('VERSION_CONFLICT');
        if (current.row.ownerId !== caller.user.id) {
          await notifyOwner(this.deps.notifications, tx, current.row.ownerId, 'customersReleased', [current.row.name], caller.user.displayName);
        }
        n++;
      }
      return n;
    });
    return { count };
  }
}
