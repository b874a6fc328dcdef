import { In } from 'typeorm';
import type { Paged } from '../../../src/shared/domain/common.schema';
import type { CustomerDto } from '../../../src/shared/domain/customer.schema';
import { AppError } from '../../../src/shared/errors';
import { runWrite } from '../changes/write-tx';
import { ContactEntity } from '../contacts/contact.entity';
import { FollowUpEntity } from '../followups/followup.entity';
import { auditAs, type Actor } from './actor';
import { audienceOf, toCustomerDtos } from './customer-dto';
import { assertNoDuplicate } from './customer-duplicates';
import { customerPage, type CustomerListArgs } from './customer-query';
import { loadCustomer } from './customer-rules';
import type { CustomerDeps } from './customer.service';
import { CustomerCollaboratorEntity, CustomerEntity, CustomerTagEntity, OwnerHistoryEntity } from './customer.entity';

// The recycle bin: delete moves customers in, restore takes them out, purge removes them and
// everything hanging off them for good. Each call is all-or-nothing over its ids.
export class CustomerBinService {
  constructor(private readonly deps: CustomerDeps) {}

  async delete(actor: Actor, ids: string[]): Promise<{ count: number }> {
    const me = actor.caller.user.id;
    await runWrite(this.deps.db, this.deps.changes, async (tx) => {
      for (const id of new Set(ids)) {
        const { row, collaboratorIds } = await loadCustomer(tx.em, actor.caller, id, 'write');
        const now = new Date().toISOString();
        const res = await tx.em
          .getRepository(CustomerEntity)
          .update({ id, version: row.version }, { deletedAt: now, deletedById: me, updatedAt: now, version: row.version + 1 });
        if (res.affected === 0) throw new AppError('VERSION_CONFLICT');
        await tx.change({ entity: 'customer', entityId: id, op: 'delete', customerId: id, userId: me, fields: null }, [
          audienceOf(row, collaboratorIds),
        ]);
        await auditAs(this.deps.audit, tx.em, actor, 'customer.delete', 'customer', id, { name: row.name, ownerId: row.ownerId });
      }
    });
    return { count: new Set(ids).size };
  }

  async list(actor: Actor, input: CustomerListArgs): Promise<Paged<CustomerDto>> {
    const em = this.deps.db.manager;
    const { rows, total } = await customerPage(em, actor.caller, 'recycleBin', input);
    return { items: await toCustomerDtos(em, actor.caller, rows), total };
  }

  async restore(actor: Actor, ids: string[]): Promise<{ count: number }> {
    const me = actor.caller.user.id;
    await runWrite(this.deps.db, this.deps.changes, async (tx) => {
      for (const id of new Set(ids)) {
        const { row, collaboratorIds } = await loadCustomer(tx.em, actor.caller, id, 'bin');
        // Someone may have entered the same customer again while this one was in the bin.
        await assertNoDuplicate(tx.em, actor.caller, { name: row.name, creditCode: row.creditCode, phone: row.phone, excludeId: id });
        const now = new Date().toISOString();
        const res = await tx.em
          .getRepository(CustomerEntity)
          .update({ id, version: row.version }, { deletedAt: null, deletedById: null, updatedAt: now, version: row.version + 1 });
        if (res.affected === 0) throw new AppError('VERSION_CONFLICT');
        await tx.change({ entity: 'customer', entityId: id, op: 'restore', customerId: id, userId: me, fields: null }, [
          audienceOf(row, collaboratorIds),
        ]);
        await auditAs(this.deps.audit, tx.em, actor, 'customer.restore', 'customer', id, { name: row.name });
      }
    });
    return { count: new Set(ids).size };
  }

  async purge(actor: Actor, ids: string[]): Promise<{ count: number }> {
    const me = actor.caller.user.id;
    await runWrite(this.deps.db, this.deps.changes, async (tx) => {
      for (const id of new Set(ids)) {
        const { row, collaboratorIds } = await loadCustomer(tx.em, actor.caller, id, 'bin');
        const em = tx.em;
        const contacts = await em.getRepository(ContactEntity).count({ where: { customerId: id } });
        const followUps = await em.getRepository(FollowUpEntity).count({ where: { customerId: id } });
        await em.getRepository(FollowUpEntity).delete({ customerId: id });
        await em.getRepository(ContactEntity).delete({ customerId: id });
        await em.getRepository(CustomerTagEntity).delete({ customerId: id });
        await em.getRepository(CustomerCollaboratorEntity).delete({ customerId: id });
        await em.getRepository(OwnerHistoryEntity).delete({ customerId: id });
        // Subsidiaries lose their parent link rather than pointing at nothing.
        const children = await em.getRepository(CustomerEntity).find({ select: { id: true }, where: { parentId: id } });
        if (children.length) {
          await em.getRepository(CustomerEntity).update({ id: In(children.map((c) => c.id)) }, {
            parentId: null,
            updatedAt: new Date().toISOString(),
            version: () => 'version + 1',
          });
          for (const c of children) {
            await tx.change({ entity: 'customer', entityId: c.id, op: 'update', customerId: c.id, userId: me, fields: ['parentId'] });
          }
        }
        await em.getRepository(CustomerEntity).delete({ id });
        await tx.change({ entity: 'customer', entityId: id, op: 'purge', customerId: id, userId: me, fields: null }, [
          audienceOf(row, collaboratorIds),
        ]);
        await auditAs(this.deps.audit, em, actor, 'customer.purge', 'customer', id, {
          name: row.name,
          ownerId: row.ownerId,
          creditCode: row.creditCode,
          contacts,
          followUps,
        });
      }
    });
    return { count: new Set(ids).size };
  }
}
