import { v7 as uuidv7 } from 'uuid';
import type { DataSource } from 'typeorm';
import type { z } from 'zod';
import type { Paged } from '../../../src/shared/domain/common.schema';
import type {
  CustomerDto,
  CustomerFields,
  customerCreateInput,
  customerUpdateInput,
} from '../../../src/shared/domain/customer.schema';
import { AppError } from '../../../src/shared/errors';
import type { AuditService } from '../audit/audit.service';
import type { ChangeLogService } from '../changes/change-log.service';
import { runWrite } from '../changes/write-tx';
import { CustomerEntity, CustomerTagEntity, type Customer } from './customer.entity';
import { auditAs, type Actor } from './actor';
import { audienceOf, toCustomerDtos } from './customer-dto';
import { assertNoDuplicate, findDuplicates, type DuplicateMatch, type DuplicateProbe } from './customer-duplicates';
import { customerPage, type CustomerListArgs } from './customer-query';
import {
  assertNotIndividualWithCode,
  assertParent,
  assertRegion,
  assignableUser,
  enabledUsers,
  loadCustomer,
  type AssignableUser,
} from './customer-rules';
import { applyScope } from './customer-scope';
import { normaliseTags, sameSet, writeCollaborators, writeOwnerHistory, writeTags } from './customer-store';
import { digitsOf, nameKeyOf } from './customer-text';
import { auditValue, CUSTOMER_SENSITIVE, guardPatch } from './field-mask';

export type CustomerCreate = z.output<typeof customerCreateInput>;
export type CustomerUpdate = z.output<typeof customerUpdateInput>;

export interface CustomerDeps {
  db: DataSource;
  changes: ChangeLogService;
  audit: AuditService;
}

// Plain columns a patch may change (tags and collaborators have their own tables too).
const COLUMNS = [
  'kind', 'name', 'creditCode', 'level', 'status', 'industry', 'source', 'province', 'city', 'district',
  'address', 'phone', 'website', 'parentId', 'remarks',
] as const satisfies readonly (keyof CustomerFields & keyof Customer)[];

export class CustomerService {
  constructor(private readonly deps: CustomerDeps) {}

  private get em() {
    return this.deps.db.manager;
  }

  async list(actor: Actor, input: CustomerListArgs): Promise<Paged<CustomerDto>> {
    const { rows, total } = await customerPage(this.em, actor.caller, 'active', input);
    return { items: await toCustomerDtos(this.em, actor.caller, rows), total };
  }

  async get(actor: Actor, id: string): Promise<CustomerDto> {
    const { row } = await loadCustomer(this.em, actor.caller, id, 'read');
    return (await toCustomerDtos(this.em, actor.caller, [row]))[0]!;
  }

  async dto(actor: Actor, row: Customer): Promise<CustomerDto> {
    return (await toCustomerDtos(this.em, actor.caller, [row]))[0]!;
  }

  // Distinct tags on the customers in scope, for the list filter.
  async tags(actor: Actor): Promise<string[]> {
    const qb = this.em
      .getRepository(CustomerTagEntity)
      .createQueryBuilder('ct')
      .select('ct.tag', 'tag')
      .distinct(true)
      .innerJoin(CustomerEntity.options.name, 'c', 'c.id = ct.customerId')
      .where('c.deletedAt IS NULL');
    applyScope(qb, actor.caller, 'c');
    const rows = await qb.orderBy('ct.tag', 'ASC').limit(1000).getRawMany<{ tag: string }>();
    return rows.map((r) => r.tag);
  }

  checkDuplicates(actor: Actor, probe: DuplicateProbe): Promise<DuplicateMatch[]> {
    return findDuplicates(this.em, actor.caller, probe);
  }

  async create(actor: Actor, input: CustomerCreate): Promise<CustomerDto> {
    const { caller } = actor;
    const me = caller.user.id;
    const id = input.id ?? uuidv7();
    if (input.id) {
      // A retried offline create: same id from the same user answers with what exists.
      const existing = await this.em.getRepository(CustomerEntity).findOneBy({ id });
      if (existing) {
        if (existing.createdById !== me) throw new AppError('VALIDATION', {}, [{ path: 'id', message: 'validation.id' }]);
        return this.get(actor, id);
      }
    }
    assertRegion(input);
    const owner = await this.ownerFor(actor, input.ownerId);
    const collaborators = owner ? (await enabledUsers(this.em, input.collaboratorIds)).filter((u) => u.id !== owner.id) : [];
    const tags = normaliseTags(input.tags);
    const now = new Date().toISOString();
    const row: Customer = {
      id,
      kind: input.kind,
      name: input.name,
      nameKey: nameKeyOf(input.name),
      creditCode: input.creditCode,
      level: input.level,
      status: input.status,
      industry: input.industry,
      source: input.source,
      province: input.province,
      city: input.city,
      district: input.district,
      address: input.address,
      phone: input.phone,
      phoneDigits: digitsOf(input.phone),
      website: input.website,
      tags,
      parentId: input.parentId,
      ownerId: owner?.id ?? null,
      ownerDeptId: owner?.departmentId ?? null,
      previousOwnerId: null,
      ownerSince: owner ? now : null,
      poolSince: owner ? null : now,
      remarks: input.remarks,
      createdById: me,
      createdAt: now,
      updatedAt: now,
      lastFollowUpAt: null,
      nextFollowUpAt: null,
      deletedAt: null,
      deletedById: null,
      version: 1,
    };
    await runWrite(this.deps.db, this.deps.changes, async (tx) => {
      await assertParent(tx.em, caller, id, input.parentId);
      await assertNoDuplicate(tx.em, caller, { name: input.name, creditCode: input.creditCode, phone: input.phone });
      await tx.em.getRepository(CustomerEntity).insert(row);
      await writeTags(tx.em, id, tags, false);
      await writeCollaborators(tx.em, id, collaborators.map((u) => u.id), false);
      if (owner) await writeOwnerHistory(tx.em, { customerId: id, fromUserId: null, toUserId: owner.id, byUserId: me, reason: 'create', at: now });
      const fields = Object.entries(input).filter(([k, v]) => k !== 'id' && v !== null && !(Array.isArray(v) && !v.length)).map(([k]) => k);
      await tx.change(
        { entity: 'customer', entityId: id, op: 'create', customerId: id, userId: me, fields },
        [audienceOf(row, collaborators.map((u) => u.id))],
      );
    });
    return this.dto(actor, row);
  }

  // The owner of a new customer: the caller, unless someone who may hand customers over
  // names another user (or null: straight into the pool).
  private async ownerFor(actor: Actor, ownerId: string | null | undefined): Promise<AssignableUser | null> {
    const { caller } = actor;
    if (ownerId === undefined || ownerId === caller.user.id) {
      return { id: caller.user.id, departmentId: caller.user.departmentId, displayName: caller.user.displayName };
    }
    if (!caller.grant.permissions.has('customers.transfer')) throw new AppError('FORBIDDEN', { permission: 'customers.transfer' });
    return ownerId === null ? null : assignableUser(this.em, caller, ownerId);
  }

  async update(actor: Actor, input: CustomerUpdate): Promise<CustomerDto> {
    const { caller } = actor;
    const me = caller.user.id;
    const result = await runWrite(this.deps.db, this.deps.changes, async (tx) => {
      const { row, collaboratorIds } = await loadCustomer(tx.em, caller, input.id, 'write');
      if (input.version !== undefined && input.version !== row.version) throw new AppError('VERSION_CONFLICT', { version: row.version });
      const patch: Record<string, unknown> = { ...input.patch };
      guardPatch(caller, 'customers', CUSTOMER_SENSITIVE, row as unknown as Record<string, unknown>, patch);
      const next = { ...row, ...(patch as Partial<Customer>) };
      const changed: string[] = COLUMNS.filter((k) => patch[k] !== undefined && patch[k] !== row[k]);
      const tags = patch.tags ? normaliseTags(patch.tags as string[]) : row.tags;
      if (JSON.stringify(tags) !== JSON.stringify(row.tags)) changed.push('tags');
      let collaborators = collaboratorIds;
      if (patch.collaboratorIds) {
        const wanted = (patch.collaboratorIds as string[]).filter((u) => u !== row.ownerId);
        collaborators = (await enabledUsers(tx.em, wanted)).map((u) => u.id);
        if (!row.ownerId) collaborators = [];
        if (!sameSet(collaborators, collaboratorIds)) changed.push('collaboratorIds');
      }
      if (!changed.length) return { row, changed };
      assertNotIndividualWithCode(next);
      if (changed.some((f) => f === 'province' || f === 'city' || f === 'district')) assertRegion(next);
      if (changed.includes('parentId')) await assertParent(tx.em, caller, row.id, next.parentId);
      if (changed.some((f) => f === 'name' || f === 'creditCode' || f === 'phone')) {
        await assertNoDuplicate(tx.em, caller, {
          name: changed.includes('name') ? next.name : null,
          creditCode: changed.includes('creditCode') ? next.creditCode : null,
          phone: changed.includes('phone') ? next.phone : null,
          excludeId: row.id,
        });
      }
      const values: Partial<Customer> = Object.fromEntries(COLUMNS.filter((k) => changed.includes(k)).map((k) => [k, next[k]]));
      const saved: Customer = {
        ...row,
        ...values,
        tags,
        nameKey: nameKeyOf(next.name),
        phoneDigits: digitsOf(next.phone),
        updatedAt: new Date().toISOString(),
        version: row.version + 1,
      };
      const res = await tx.em
        .getRepository(CustomerEntity)
        .update(
          { id: row.id, version: row.version },
          { ...values, tags, nameKey: saved.nameKey, phoneDigits: saved.phoneDigits, updatedAt: saved.updatedAt, version: saved.version },
        );
      if (res.affected === 0) throw new AppError('VERSION_CONFLICT');
      if (changed.includes('tags')) await writeTags(tx.em, row.id, tags, true);
      if (changed.includes('collaboratorIds')) await writeCollaborators(tx.em, row.id, collaborators, true);
      await tx.change({ entity: 'customer', entityId: row.id, op: 'update', customerId: row.id, userId: me, fields: changed }, [
        audienceOf(row, collaboratorIds),
        audienceOf(row, collaborators),
      ]);
      const before: Record<string, unknown> = { ...row, collaboratorIds };
      const after: Record<string, unknown> = { ...saved, collaboratorIds: collaborators };
      await auditAs(this.deps.audit, tx.em, actor, 'customer.update', 'customer', row.id, {
        name: row.name,
        changes: Object.fromEntries(
          changed.map((f) => [f, { before: auditValue(caller, 'customers', f, before[f]), after: auditValue(caller, 'customers', f, after[f]) }]),
        ),
      });
      return { row: saved, changed };
    });
    return this.dto(actor, result.row);
  }
}
