import { v7 as uuidv7 } from 'uuid';
import { In, IsNull, type EntityManager } from 'typeorm';
import type { z } from 'zod';
import type { Paged } from '../../../src/shared/domain/common.schema';
import type {
  FollowUpDto,
  followUpCreateInput,
  followUpListInput,
  followUpUpdateInput,
} from '../../../src/shared/domain/followup.schema';
import { AppError } from '../../../src/shared/errors';
import type { Caller } from '../../trpc/context';
import { runWrite, type WriteTx } from '../changes/write-tx';
import { ContactEntity } from '../contacts/contact.entity';
import { auditAs, type Actor } from '../customers/actor';
import { audienceOf, userNames, userRef } from '../customers/customer-dto';
import { loadCustomer, type LoadedCustomer } from '../customers/customer-rules';
import { applyScope } from '../customers/customer-scope';
import { countInScope, countOf, pageRows } from '../customers/customer-query';
import { CustomerEntity } from '../customers/customer.entity';
import type { CustomerDeps } from '../customers/customer.service';
import { FollowUpEntity, type FollowUp } from './followup.entity';

type FollowUpCreate = z.output<typeof followUpCreateInput>;
type FollowUpUpdate = z.output<typeof followUpUpdateInput>;
type FollowUpList = z.output<typeof followUpListInput>;

const COLUMNS = ['type', 'at', 'content', 'contactId', 'nextAt'] as const;

// Instants are stored as UTC ISO text so that they sort as text; "+08:00" input is converted.
const utc = (s: string) => new Date(s).toISOString();

async function loadFollowUp(em: EntityManager, caller: Caller, id: string, mode: 'read' | 'write') {
  const followUp = await em.getRepository(FollowUpEntity).findOneBy({ id, deletedAt: IsNull() });
  if (!followUp) throw new AppError('NOT_FOUND');
  return { followUp, customer: await loadCustomer(em, caller, followUp.customerId, mode) };
}

async function assertContactOf(em: EntityManager, customerId: string, contactId: string | null | undefined): Promise<void> {
  if (!contactId) return;
  const c = await em.getRepository(ContactEntity).findOneBy({ id: contactId, deletedAt: IsNull() });
  if (!c || c.customerId !== customerId) {
    throw new AppError('VALIDATION', {}, [{ path: 'contactId', message: 'validation.contactOfCustomer' }]);
  }
}

// The customer's last/next follow-up come from its latest follow-up, recomputed in the
// writer's transaction so they can never disagree with the follow-ups themselves.
export async function refreshCustomerDates(tx: WriteTx, customer: LoadedCustomer, userId: string): Promise<void> {
  const { row } = customer;
  const latest = await tx.em
    .getRepository(FollowUpEntity)
    .findOne({ where: { customerId: row.id, deletedAt: IsNull() }, order: { at: 'DESC', id: 'DESC' } });
  const last = latest?.at ?? null;
  const next = latest?.nextAt ?? null;
  if (last === row.lastFollowUpAt && next === row.nextFollowUpAt) return;
  // The version stays: these are derived values, and an edit of the customer made meanwhile
  // must not be refused as a conflict because of them.
  await tx.em
    .getRepository(CustomerEntity)
    .update({ id: row.id }, { lastFollowUpAt: last, nextFollowUpAt: next, updatedAt: new Date().toISOString() });
  await tx.change(
    { entity: 'customer', entityId: row.id, op: 'update', customerId: row.id, userId, fields: ['lastFollowUpAt', 'nextFollowUpAt'] },
    [audienceOf(row, customer.collaboratorIds)],
  );
}

export class FollowUpService {
  constructor(private readonly deps: CustomerDeps) {}

  private get em() {
    return this.deps.db.manager;
  }

  async list(actor: Actor, input: FollowUpList): Promise<Paged<FollowUpDto>> {
    if (input.customerId) await loadCustomer(this.em, actor.caller, input.customerId, 'read');
    // The follow-ups asked for, before the caller's scope.
    const matching = (em: EntityManager) => {
      const qb = em
        .getRepository(FollowUpEntity)
        .createQueryBuilder('f')
        .innerJoin(CustomerEntity.options.name, 'c', 'c.id = f.customerId')
        .where('f.deletedAt IS NULL')
        .andWhere('c.deletedAt IS NULL');
      if (input.customerId) qb.andWhere('f.customerId = :customerId', { customerId: input.customerId });
      if (input.from) qb.andWhere('f.at >= :from', { from: utc(input.from) });
      if (input.to) qb.andWhere('f.at <= :to', { to: utc(input.to) });
      return qb;
    };
    const qb = matching(this.em);
    if (!input.customerId) applyScope(qb, actor.caller, 'c');
    qb.orderBy('f.at', 'DESC').addOrderBy('f.id', 'DESC');
    const count = () => (input.customerId ? countOf(matching(this.em)) : countInScope(this.em, actor.caller, matching));
    const { rows, total } = await pageRows(qb, count, input.page, input.pageSize);
    return { items: await this.dtos(rows), total };
  }

  async get(actor: Actor, id: string): Promise<FollowUpDto> {
    const { followUp } = await loadFollowUp(this.em, actor.caller, id, 'read');
    return (await this.dtos([followUp]))[0]!;
  }

  async dtos(rows: FollowUp[]): Promise<FollowUpDto[]> {
    if (!rows.length) return [];
    const customerIds = [...new Set(rows.map((r) => r.customerId))];
    const contactIds = [...new Set(rows.map((r) => r.contactId).filter((x): x is string => !!x))];
    const customers = await this.em.getRepository(CustomerEntity).find({ select: { id: true, name: true }, where: { id: In(customerIds) } });
    const contacts = contactIds.length
      ? await this.em.getRepository(ContactEntity).find({ select: { id: true, name: true }, where: { id: In(contactIds) } })
      : [];
    const users = await userNames(this.em, rows.map((r) => r.createdById));
    const customerName = new Map(customers.map((c) => [c.id, c.name]));
    const contactName = new Map(contacts.map((c) => [c.id, c.name]));
    return rows.map((r) => ({
      id: r.id,
      customerId: r.customerId,
      customerName: customerName.get(r.customerId) ?? '',
      contactId: r.contactId,
      contactName: r.contactId ? (contactName.get(r.contactId) ?? null) : null,
      type: r.type,
      at: r.at,
      content: r.content,
      nextAt: r.nextAt,
      createdBy: userRef(users, r.createdById),
      createdAt: r.createdAt,
      updatedAt: r.updatedAt,
      version: r.version,
    }));
  }

  async create(actor: Actor, input: FollowUpCreate): Promise<FollowUpDto> {
    const me = actor.caller.user.id;
    const id = input.id ?? uuidv7();
    if (input.id) {
      const existing = await this.em.getRepository(FollowUpEntity).findOneBy({ id });
      if (existing) {
        if (existing.createdById !== me) throw new AppError('VALIDATION', {}, [{ path: 'id', message: 'validation.id' }]);
        return this.get(actor, id);
      }
    }
    const now = new Date().toISOString();
    const row: FollowUp = {
      id,
      customerId: input.customerId,
      contactId: input.contactId,
      type: input.type,
      at: utc(input.at),
      content: input.content,
      nextAt: input.nextAt,
      createdById: me,
      createdAt: now,
      updatedAt: now,
      deletedAt: null,
      version: 1,
    };
    await runWrite(this.deps.db, this.deps.changes, async (tx) => {
      const customer = await loadCustomer(tx.em, actor.caller, input.customerId, 'write');
      await assertContactOf(tx.em, input.customerId, input.contactId);
      await tx.em.getRepository(FollowUpEntity).insert(row);
      const fields = COLUMNS.filter((k) => row[k] !== null);
      await tx.change({ entity: 'followUp', entityId: id, op: 'create', customerId: row.customerId, userId: me, fields: [...fields] }, [
        audienceOf(customer.row, customer.collaboratorIds),
      ]);
      await refreshCustomerDates(tx, customer, me);
    });
    return (await this.dtos([row]))[0]!;
  }

  async update(actor: Actor, input: FollowUpUpdate): Promise<FollowUpDto> {
    const me = actor.caller.user.id;
    const saved = await runWrite(this.deps.db, this.deps.changes, async (tx) => {
      const { followUp, customer } = await loadFollowUp(tx.em, actor.caller, input.id, 'write');
      if (input.version !== undefined && input.version !== followUp.version) throw new AppError('VERSION_CONFLICT', { version: followUp.version });
      const patch: Partial<FollowUp> = { ...input.patch, ...(input.patch.at ? { at: utc(input.patch.at) } : {}) };
      const changed = COLUMNS.filter((k) => patch[k] !== undefined && patch[k] !== followUp[k]);
      if (!changed.length) return followUp;
      if (changed.includes('contactId')) await assertContactOf(tx.em, followUp.customerId, patch.contactId);
      const values = Object.fromEntries(changed.map((k) => [k, patch[k]])) as Partial<FollowUp>;
      const next: FollowUp = { ...followUp, ...values, updatedAt: new Date().toISOString(), version: followUp.version + 1 };
      const res = await tx.em
        .getRepository(FollowUpEntity)
        .update({ id: followUp.id, version: followUp.version }, { ...values, updatedAt: next.updatedAt, version: next.version });
      if (!res.affected) throw new AppError('VERSION_CONFLICT');
      await tx.change({ entity: 'followUp', entityId: followUp.id, op: 'update', customerId: followUp.customerId, userId: me, fields: [...changed] }, [
        audienceOf(customer.row, customer.collaboratorIds),
      ]);
      await auditAs(this.deps.audit, tx.em, actor, 'followUp.update', 'followUp', followUp.id, {
        customerId: followUp.customerId,
        changes: Object.fromEntries(changed.map((f) => [f, { before: followUp[f], after: next[f] }])),
      });
      if (changed.includes('at') || changed.includes('nextAt')) await refreshCustomerDates(tx, customer, me);
      return next;
    });
    return (await this.dtos([saved]))[0]!;
  }

  async delete(actor: Actor, id: string): Promise<{ count: number }> {
    const me = actor.caller.user.id;
    await runWrite(this.deps.db, this.deps.changes, async (tx) => {
      const { followUp, customer } = await loadFollowUp(tx.em, actor.caller, id, 'write');
      const now = new Date().toISOString();
      await tx.em.getRepository(FollowUpEntity).update({ id }, { deletedAt: now, updatedAt: now, version: followUp.version + 1 });
      await tx.change({ entity: 'followUp', entityId: id, op: 'delete', customerId: followUp.customerId, userId: me, fields: null }, [
        audienceOf(customer.row, customer.collaboratorIds),
      ]);
      await auditAs(this.deps.audit, tx.em, actor, 'followUp.delete', 'followUp', id, { customerId: followUp.customerId, at: followUp.at });
      await refreshCustomerDates(tx, customer, me);
    });
    return { count: 1 };
  }
}
