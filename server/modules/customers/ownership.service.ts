import { IsNull, type FindOptionsWhere } from 'typeorm';
import type { z } from 'zod';
import type { OwnerChangeReason, OwnerHistoryDto, transferInput } from '../../../src/shared/domain/customer.schema';
import { AppError } from '../../../src/shared/errors';
import type { AuditService } from '../audit/audit.service';
import { runWrite, type WriteTx } from '../changes/write-tx';
import type { NotificationService } from '../notifications/notification.service';
import { NAMES_IN_NOTIFICATION } from '../notifications/notification.service';
import { auditAs, type Actor } from './actor';
import { audienceOf, userNames, userRef } from './customer-dto';
import { assignableUser, loadCustomer, type AssignableUser } from './customer-rules';
import { writeOwnerHistory } from './customer-store';
import type { CustomerDeps } from './customer.service';
import { CustomerCollaboratorEntity, CustomerEntity, OwnerHistoryEntity, type Customer } from './customer.entity';

export interface OwnerMove {
  row: Customer;
  collaboratorIds: string[];
  // null: into the pool.
  to: Pick<AssignableUser, 'id' | 'departmentId'> | null;
  reason: OwnerChangeReason;
  note?: string | null;
  // Claim/assign: only while the customer is still unowned, decided by the UPDATE itself so
  // two concurrent claimants cannot both win. Otherwise the row must be unchanged since read.
  fromPool?: boolean;
  // Auto-return: only if still owned by this user and not followed up since.
  extraWhere?: FindOptionsWhere<Customer>;
}

export const OWNER_FIELDS = ['ownerId', 'ownerDeptId', 'ownerSince', 'poolSince', 'previousOwnerId'];

// Changes a customer's owner with everything that goes with it: owner history, change log,
// audit entry (`customer.<reason>`, from/to). Returns false when the conditional update
// matched nothing (someone else got there first).
export async function moveOwner(tx: WriteTx, audit: AuditService, actor: Actor | null, m: OwnerMove): Promise<boolean> {
  const { row } = m;
  const now = new Date().toISOString();
  const where: FindOptionsWhere<Customer> = m.fromPool
    ? { id: row.id, ownerId: IsNull(), deletedAt: IsNull() }
    : { id: row.id, version: row.version, deletedAt: IsNull(), ...m.extraWhere };
  const res = await tx.em.getRepository(CustomerEntity).update(where, {
    ownerId: m.to?.id ?? null,
    ownerDeptId: m.to?.departmentId ?? null,
    ownerSince: m.to ? now : null,
    poolSince: m.to ? null : now,
    previousOwnerId: row.ownerId ?? row.previousOwnerId,
    updatedAt: now,
    version: () => 'version + 1',
  });
  if (!res.affected) return false;
  // Collaborators belong to an owner's team: a pool customer has none, and the new owner is
  // no longer a collaborator of their own customer.
  const collabs = tx.em.getRepository(CustomerCollaboratorEntity);
  let collaboratorsAfter = m.collaboratorIds;
  if (!m.to) {
    if (m.collaboratorIds.length) await collabs.delete({ customerId: row.id });
    collaboratorsAfter = [];
  } else if (m.collaboratorIds.includes(m.to.id)) {
    await collabs.delete({ customerId: row.id, userId: m.to.id });
    collaboratorsAfter = m.collaboratorIds.filter((u) => u !== m.to!.id);
  }
  const by = actor?.caller.user.id ?? null;
  await writeOwnerHistory(tx.em, {
    customerId: row.id,
    fromUserId: row.ownerId,
    toUserId: m.to?.id ?? null,
    byUserId: by,
    reason: m.reason,
    note: m.note ?? null,
    at: now,
  });
  const fields = m.collaboratorIds.length !== collaboratorsAfter.length ? [...OWNER_FIELDS, 'collaboratorIds'] : OWNER_FIELDS;
  await tx.change({ entity: 'customer', entityId: row.id, op: 'update', customerId: row.id, userId: by, fields }, [
    audienceOf(row, m.collaboratorIds),
    { ownerId: m.to?.id ?? null, ownerDeptId: m.to?.departmentId ?? null, collaboratorIds: collaboratorsAfter },
  ]);
  const names = await userNames(tx.em, [row.ownerId, m.to?.id]);
  await auditAs(audit, tx.em, actor, `customer.${m.reason}`, 'customer', row.id, {
    name: row.name,
    from: userRef(names, row.ownerId),
    to: userRef(names, m.to?.id ?? null),
    note: m.note ?? null,
  });
  return true;
}

export interface OwnershipDeps extends CustomerDeps {
  notifications: NotificationService;
}

export class OwnershipService {
  constructor(private readonly deps: OwnershipDeps) {}

  async transfer(actor: Actor, input: z.output<typeof transferInput>): Promise<{ count: number }> {
    const { caller } = actor;
    const target = await assignableUser(this.deps.db.manager, caller, input.toUserId);
    const count = await runWrite(this.deps.db, this.deps.changes, async (tx) => {
      const moved: string[] = [];
      for (const id of new Set(input.ids)) {
        const current = await loadCustomer(tx.em, caller, id, 'write');
        if (current.row.ownerId === target.id) continue;
        const ok = await moveOwner(tx, this.deps.audit, actor, { ...current, to: target, reason: 'transfer', note: input.reason });
        if (!ok) throw new AppError('VERSION_CONFLICT');
        moved.push(current.row.name);
      }
      if (moved.length && target.id !== caller.user.id) await notifyOwner(this.deps.notifications, tx, target.id, 'customersTransferred', moved, caller.user.displayName);
      return moved.length;
    });
    return { count };
  }

  async history(actor: Actor, customerId: string): Promise<OwnerHistoryDto[]> {
    const em = this.deps.db.manager;
    await loadCustomer(em, actor.caller, customerId, 'read');
    const rows = await em.getRepository(OwnerHistoryEntity).find({ where: { customerId }, order: { at: 'DESC', id: 'DESC' } });
    const names = await userNames(em, rows.flatMap((r) => [r.fromUserId, r.toUserId, r.byUserId]));
    return rows.map((r) => ({
      id: r.id,
      at: r.at,
      from: userRef(names, r.fromUserId),
      to: userRef(names, r.toUserId),
      by: userRef(names, r.byUserId),
      reason: r.reason,
      note: r.note,
    }));
  }
}

export function notifyOwner(
  notifications: NotificationService,
  tx: WriteTx,
  userId: string,
  kind: 'customersTransferred' | 'customersAssigned' | 'customersAutoReturned' | 'customersReleased',
  names: string[],
  by: string | null,
): Promise<void> {
  return notifications.notify(tx, userId, kind, { count: names.length, names: names.slice(0, NAMES_IN_NOTIFICATION), by });
}
