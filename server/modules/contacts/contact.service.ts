import { v7 as uuidv7 } from 'uuid';
import { In, IsNull, Not, type EntityManager } from 'typeorm';
import type { z } from 'zod';
import type { Paged } from '../../../src/shared/domain/common.schema';
import type { ContactDto, contactCreateInput, contactListInput, contactUpdateInput } from '../../../src/shared/domain/contact.schema';
import { normalizeMobile, toHalfWidth } from '../../../src/shared/domain/text';
import { AppError } from '../../../src/shared/errors';
import type { Caller } from '../../trpc/context';
import { runWrite, type WriteTx } from '../changes/write-tx';
import { auditAs, type Actor } from '../customers/actor';
import { audienceOf } from '../customers/customer-dto';
import { loadCustomer, type LoadedCustomer } from '../customers/customer-rules';
import { applyScope } from '../customers/customer-scope';
import { likeContains } from '../customers/customer-text';
import { countInScope, countOf, pageRows } from '../customers/customer-query';
import { CustomerEntity } from '../customers/customer.entity';
import type { CustomerDeps } from '../customers/customer.service';
import { auditValue, CONTACT_SENSITIVE, guardPatch, maskDto, visibilityOf } from '../customers/field-mask';
import { ContactEntity, type Contact } from './contact.entity';

type ContactCreate = z.output<typeof contactCreateInput>;
type ContactUpdate = z.output<typeof contactUpdateInput>;
type ContactList = z.output<typeof contactListInput>;

const COLUMNS = ['name', 'title', 'department', 'mobile', 'phone', 'email', 'wechat', 'birthday', 'isPrimary', 'decisionRole', 'remarks'] as const;

// A contact is reachable exactly when its customer is (mode as for customers).
export async function loadContact(
  em: EntityManager,
  caller: Caller,
  id: string,
  mode: 'read' | 'write',
): Promise<{ contact: Contact; customer: LoadedCustomer }> {
  const contact = await em.getRepository(ContactEntity).findOneBy({ id, deletedAt: IsNull() });
  if (!contact) throw new AppError('NOT_FOUND');
  return { contact, customer: await loadCustomer(em, caller, contact.customerId, mode) };
}

export class ContactService {
  constructor(private readonly deps: CustomerDeps) {}

  private get em() {
    return this.deps.db.manager;
  }

  async list(actor: Actor, input: ContactList): Promise<Paged<ContactDto>> {
    const { caller } = actor;
    if (input.customerId) await loadCustomer(this.em, caller, input.customerId, 'read');
    // The contacts asked for, before the caller's scope.
    const matching = (em: EntityManager) => {
      const qb = em
        .getRepository(ContactEntity)
        .createQueryBuilder('k')
        .innerJoin(CustomerEntity.options.name, 'c', 'c.id = k.customerId')
        .where('k.deletedAt IS NULL')
        .andWhere('c.deletedAt IS NULL');
      if (input.customerId) qb.andWhere('k.customerId = :customerId', { customerId: input.customerId });
      const q = input.search?.trim();
      if (q) {
        const ors = ["LOWER(k.name) LIKE :qName ESCAPE '!'"];
        const params: Record<string, string> = { qName: likeContains(toHalfWidth(q).toLowerCase()) };
        const digits = normalizeMobile(q);
        if (/^\d{3,}$/.test(digits) && visibilityOf(caller, 'contacts', 'mobile') === 'visible') {
          ors.push("k.mobile LIKE :qMobile ESCAPE '!'");
          params.qMobile = likeContains(digits);
        }
        qb.andWhere(`(${ors.join(' OR ')})`, params);
      }
      return qb;
    };
    const qb = matching(this.em);
    // One customer's contacts: readable as a whole once the customer is.
    if (!input.customerId) applyScope(qb, caller, 'c');
    if (input.customerId) qb.orderBy('k.isPrimary', 'DESC').addOrderBy('k.createdAt', 'ASC').addOrderBy('k.id', 'ASC');
    else qb.orderBy('k.updatedAt', 'DESC').addOrderBy('k.id', 'DESC');
    const count = () => (input.customerId ? countOf(matching(this.em)) : countInScope(this.em, caller, matching));
    const { rows, total } = await pageRows(qb, count, input.page, input.pageSize);
    return { items: await this.dtos(caller, rows), total };
  }

  async get(actor: Actor, id: string): Promise<ContactDto> {
    const { contact } = await loadContact(this.em, actor.caller, id, 'read');
    return (await this.dtos(actor.caller, [contact]))[0]!;
  }

  async dtos(caller: Caller, rows: Contact[]): Promise<ContactDto[]> {
    const ids = [...new Set(rows.map((r) => r.customerId))];
    const customers = ids.length
      ? await this.em.getRepository(CustomerEntity).find({ select: { id: true, name: true }, where: { id: In(ids) } })
      : [];
    const names = new Map(customers.map((c) => [c.id, c.name]));
    return rows.map((r) =>
      maskDto(caller, 'contacts', CONTACT_SENSITIVE, {
        id: r.id,
        customerId: r.customerId,
        customerName: names.get(r.customerId) ?? '',
        name: r.name,
        title: r.title,
        department: r.department,
        mobile: r.mobile,
        phone: r.phone,
        email: r.email,
        wechat: r.wechat,
        birthday: r.birthday,
        isPrimary: Boolean(r.isPrimary),
        decisionRole: r.decisionRole,
        remarks: r.remarks,
        createdAt: r.createdAt,
        updatedAt: r.updatedAt,
        version: r.version,
      }),
    );
  }

  async create(actor: Actor, input: ContactCreate): Promise<ContactDto> {
    const { caller } = actor;
    const me = caller.user.id;
    const id = input.id ?? uuidv7();
    if (input.id) {
      const existing = await this.em.getRepository(ContactEntity).findOneBy({ id });
      if (existing) {
        if (existing.createdById !== me) throw new AppError('VALIDATION', {}, [{ path: 'id', message: 'validation.id' }]);
        return this.get(actor, id);
      }
    }
    const now = new Date().toISOString();
    const { id: _ignored, customerId, ...fields } = input;
    const row: Contact = { ...fields, id, customerId, createdById: me, createdAt: now, updatedAt: now, deletedAt: null, version: 1 };
    await runWrite(this.deps.db, this.deps.changes, async (tx) => {
      const customer = await loadCustomer(tx.em, caller, customerId, 'write');
      await tx.em.getRepository(ContactEntity).insert(row);
      if (row.isPrimary) await clearOtherPrimaries(tx, customer, id, me);
      const changed = Object.entries(fields).filter(([, v]) => v !== null && v !== false).map(([k]) => k);
      await tx.change({ entity: 'contact', entityId: id, op: 'create', customerId, userId: me, fields: changed }, [
        audienceOf(customer.row, customer.collaboratorIds),
      ]);
    });
    return (await this.dtos(caller, [row]))[0]!;
  }

  async update(actor: Actor, input: ContactUpdate): Promise<ContactDto> {
    const { caller } = actor;
    const me = caller.user.id;
    const saved = await runWrite(this.deps.db, this.deps.changes, async (tx) => {
      const { contact, customer } = await loadContact(tx.em, caller, input.id, 'write');
      if (input.version !== undefined && input.version !== contact.version) throw new AppError('VERSION_CONFLICT', { version: contact.version });
      const patch: Record<string, unknown> = { ...input.patch };
      guardPatch(caller, 'contacts', CONTACT_SENSITIVE, contact as unknown as Record<string, unknown>, patch);
      const changed = COLUMNS.filter((k) => patch[k] !== undefined && patch[k] !== (k === 'isPrimary' ? Boolean(contact[k]) : contact[k]));
      if (!changed.length) return contact;
      const values = Object.fromEntries(changed.map((k) => [k, patch[k]])) as Partial<Contact>;
      const next: Contact = { ...contact, ...values, updatedAt: new Date().toISOString(), version: contact.version + 1 };
      const res = await tx.em
        .getRepository(ContactEntity)
        .update({ id: contact.id, version: contact.version }, { ...values, updatedAt: next.updatedAt, version: next.version });
      if (!res.affected) throw new AppError('VERSION_CONFLICT');
      if (values.isPrimary) await clearOtherPrimaries(tx, customer, contact.id, me);
      const who = [audienceOf(customer.row, customer.collaboratorIds)];
      await tx.change({ entity: 'contact', entityId: contact.id, op: 'update', customerId: contact.customerId, userId: me, fields: [...changed] }, who);
      await auditAs(this.deps.audit, tx.em, actor, 'contact.update', 'contact', contact.id, {
        name: contact.name,
        customerId: contact.customerId,
        changes: Object.fromEntries(
          changed.map((f) => [f, { before: auditValue(caller, 'contacts', f, contact[f]), after: auditValue(caller, 'contacts', f, next[f]) }]),
        ),
      });
      return next;
    });
    return (await this.dtos(caller, [saved]))[0]!;
  }

  async delete(actor: Actor, id: string): Promise<{ count: number }> {
    const me = actor.caller.user.id;
    await runWrite(this.deps.db, this.deps.changes, async (tx) => {
      const { contact, customer } = await loadContact(tx.em, actor.caller, id, 'write');
      const now = new Date().toISOString();
      await tx.em.getRepository(ContactEntity).update({ id }, { deletedAt: now, updatedAt: now, version: contact.version + 1 });
      await tx.change({ entity: 'contact', entityId: id, op: 'delete', customerId: contact.customerId, userId: me, fields: null }, [
        audienceOf(customer.row, customer.collaboratorIds),
      ]);
      await auditAs(this.deps.audit, tx.em, actor, 'contact.delete', 'contact', id, { name: contact.name, customerId: contact.customerId });
    });
    return { count: 1 };
  }
}

// One primary contact per customer: making one primary demotes the others.
async function clearOtherPrimaries(tx: WriteTx, customer: LoadedCustomer, keepId: string, userId: string): Promise<void> {
  const repo = tx.em.getRepository(ContactEntity);
  const others = await repo.find({
    select: { id: true },
    where: { customerId: customer.row.id, isPrimary: true, deletedAt: IsNull(), id: Not(keepId) },
  });
  if (!others.length) return;
  await repo.update({ id: In(others.map((o) => o.id)) }, { isPrimary: false, updatedAt: new Date().toISOString(), version: () => 'version + 1' });
  for (const o of others) {
    await tx.change({ entity: 'contact', entityId: o.id, op: 'update', customerId: customer.row.id, userId, fields: ['isPrimary'] }, [
      audienceOf(customer.row, customer.collaboratorIds),
    ]);
  }
}
