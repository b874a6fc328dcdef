import { v7 as uuidv7 } from 'uuid';
import type { EntityManager } from 'typeorm';
import type { ValidRow } from '../../../src/shared/excel/validate';
import type { WriteTx } from '../changes/write-tx';
import { ContactEntity, type Contact } from '../contacts/contact.entity';
import { audienceOf } from '../customers/customer-dto';
import { normaliseTags } from '../customers/customer-store';
import { CustomerEntity, CustomerTagEntity, OwnerHistoryEntity, type Customer } from '../customers/customer.entity';
import { digitsOf, nameKeyOf } from '../customers/customer-text';
import type { AssignableUser } from '../customers/customer-rules';
import { bulkInsert } from '../../db/bulk-insert';

// Inserts the new customers of one batch (and their primary contacts) with a change_log entry
// each, inside the caller's transaction. Returns the new customer ids in row order.
export async function insertImported(
  tx: WriteTx,
  rows: readonly ValidRow[],
  ownerOf: (row: ValidRow) => AssignableUser | null,
  me: string,
): Promise<string[]> {
  if (!rows.length) return [];
  const now = new Date().toISOString();
  const customers: Customer[] = [];
  const contacts: Contact[] = [];
  const tags: { customerId: string; tag: string }[] = [];
  for (const row of rows) {
    const { customer: f, contact } = row;
    const owner = ownerOf(row);
    const id = uuidv7();
    const rowTags = normaliseTags(f.tags);
    customers.push({
      id, kind: f.kind, name: f.name, nameKey: nameKeyOf(f.name), creditCode: f.creditCode, level: f.level, status: f.status,
      industry: f.industry, source: f.source, province: null, city: null, district: null, address: f.address, phone: f.phone,
      phoneDigits: digitsOf(f.phone), website: f.website, tags: rowTags, parentId: null, ownerId: owner?.id ?? null,
      ownerDeptId: owner?.departmentId ?? null, previousOwnerId: null, ownerSince: owner ? now : null, poolSince: owner ? null : now,
      remarks: f.remarks, createdById: me, createdAt: now, updatedAt: now, lastFollowUpAt: null, nextFollowUpAt: null,
      deletedAt: null, deletedById: null, version: 1,
    });
    for (const tag of rowTags) tags.push({ customerId: id, tag });
    if (contact) contacts.push({ ...contact, id: uuidv7(), customerId: id, isPrimary: true, createdById: me, createdAt: now, updatedAt: now, deletedAt: null, version: 1 });
  }
  const em: EntityManager = tx.em;
  await bulkInsert(em, CustomerEntity, customers);
  await bulkInsert(em, CustomerTagEntity, tags);
  await bulkInsert(em, ContactEntity, contacts);
  await bulkInsert(
    em,
    OwnerHistoryEntity,
    customers.flatMap((c) =>
      c.ownerId ? [{ id: uuidv7(), customerId: c.id, fromUserId: null, toUserId: c.ownerId, byUserId: me, reason: 'import' as const, note: null, at: now }] : [],
    ),
  );
  for (const c of customers) {
    const fields = (Object.keys(c) as (keyof Customer)[]).filter((k) => IMPORT_FIELDS.has(k) && c[k] !== null && !(Array.isArray(c[k]) && !(c[k] as unknown[]).length));
    await tx.change({ entity: 'customer', entityId: c.id, op: 'create', customerId: c.id, userId: me, fields }, [audienceOf(c, [])]);
  }
  const byId = new Map(customers.map((c) => [c.id, c]));
  for (const p of contacts) {
    await tx.change({ entity: 'contact', entityId: p.id, op: 'create', customerId: p.customerId, userId: me, fields: ['name'] }, [audienceOf(byId.get(p.customerId)!, [])]);
  }
  return customers.map((c) => c.id);
}

const IMPORT_FIELDS = new Set<keyof Customer>(['kind', 'name', 'creditCode', 'level', 'status', 'industry', 'source', 'address', 'phone', 'website', 'tags', 'remarks']);
