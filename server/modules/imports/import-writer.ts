import type { EntityManager } from 'typeorm';
import type { ValidRow } from '../../../src/shared/excel/validate';
import type { Audience, ChangeInput } from '../changes/change-log.service';
import type { WriteTx } from '../changes/write-tx';
import { ContactEntity, type Contact } from '../contacts/contact.entity';
import { audienceOf } from '../customers/customer-dto';
import { normaliseTags } from '../customers/customer-store';
import { CustomerEntity, CustomerTagEntity, OwnerHistoryEntity, type Customer } from '../customers/customer.entity';
import type { AssignableUser } from '../customers/customer-rules';
import { prepareBulkInsert } from '../../db/bulk-insert';
import { uuidv7Many } from '../../db/uuidv7-many';
import type { Statement } from '../../db/writer-thread';

export interface PreparedCreates {
  // The new customer ids in row order.
  ids: string[];
  write(tx: WriteTx): Promise<void>;
  // The same write as data, for a transaction sent whole (write-tx.ts, runScripted).
  statements: readonly Statement[];
  changes: readonly ChangeInput[];
  audiences: readonly Audience[][];
}

const IMPORT_FIELDS = ['kind', 'name', 'creditCode', 'level', 'status', 'industry', 'source', 'address', 'phone', 'website', 'tags', 'remarks'] as const;
const FIELD_LISTS = new Map<number, string[]>();

// The fields a new customer was given, for its change_log entry. Rows of one file mostly fill
// the same columns: one shared list per distinct set instead of an array per row, and plain
// property reads instead of c[k] (one read site for twelve keys is a slow, megamorphic one).
function filledFields(c: Customer): string[] {
  const mask =
    (c.kind !== null ? 1 : 0) | (c.name !== null ? 2 : 0) | (c.creditCode !== null ? 4 : 0) | (c.level !== null ? 8 : 0) |
    (c.status !== null ? 16 : 0) | (c.industry !== null ? 32 : 0) | (c.source !== null ? 64 : 0) | (c.address !== null ? 128 : 0) |
    (c.phone !== null ? 256 : 0) | (c.website !== null ? 512 : 0) | (c.tags.length ? 1024 : 0) | (c.remarks !== null ? 2048 : 0);
  let list = FIELD_LISTS.get(mask);
  if (!list) {
    list = IMPORT_FIELDS.filter((_, i) => mask & (1 << i));
    FIELD_LISTS.set(mask, list);
  }
  return list;
}

// The new customers of one batch (and their primary contacts), with a change_log entry each,
// built before the batch's transaction opens: inside it only the statements run.
export function prepareImported(em: EntityManager, rows: readonly ValidRow[], ownerOf: (row: ValidRow) => AssignableUser | null, me: string): PreparedCreates {
  const now = new Date().toISOString();
  const customers: Customer[] = [];
  const contacts: Contact[] = [];
  const tags: { customerId: string; tag: string }[] = [];
  const history: { id: string; customerId: string; fromUserId: null; toUserId: string; byUserId: string; reason: 'import'; note: null; at: string }[] = [];
  const changes: ChangeInput[] = [];
  const audiences: Audience[][] = [];
  const contactChanges: ChangeInput[] = [];
  const contactAudiences: Audience[][] = [];
  // A customer's, its contact's and its owner history's.
  const newIds = uuidv7Many(rows.length * 3);
  let nextId = 0;
  for (const row of rows) {
    const { customer: f, contact } = row;
    const owner = ownerOf(row);
    const id = newIds[nextId++]!;
    const rowTags = normaliseTags(f.tags);
    const c: Customer = {
      id, kind: f.kind, name: f.name, nameKey: row.keys.name, creditCode: f.creditCode, level: f.level, status: f.status,
      industry: f.industry, source: f.source, province: null, city: null, district: null, address: f.address, phone: f.phone,
      phoneDigits: row.keys.phone, website: f.website, tags: rowTags, parentId: null, ownerId: owner?.id ?? null,
      ownerDeptId: owner?.departmentId ?? null, previousOwnerId: null, ownerSince: owner ? now : null, poolSince: owner ? null : now,
      remarks: f.remarks, createdById: me, createdAt: now, updatedAt: now, lastFollowUpAt: null, nextFollowUpAt: null,
      deletedAt: null, deletedById: null, version: 1,
    };
    customers.push(c);
    for (const tag of rowTags) tags.push({ customerId: id, tag });
    if (owner) history.push({ id: newIds[nextId++]!, customerId: id, fromUserId: null, toUserId: owner.id, byUserId: me, reason: 'import', note: null, at: now });
    const audience = [audienceOf(c, [])];
    changes.push({ entity: 'customer', entityId: id, op: 'create', customerId: id, userId: me, fields: filledFields(c) });
    audiences.push(audience);
    if (contact) {
      // Spelled out rather than spread: a spread copies whatever shape the validated object came
      // in (from a worker, a dictionary), and every read of 100,000 such objects pays for it.
      const p: Contact = {
        id: newIds[nextId++]!, customerId: id, name: contact.name, title: contact.title, department: contact.department, mobile: contact.mobile,
        phone: contact.phone, email: contact.email, wechat: contact.wechat, birthday: contact.birthday, isPrimary: true,
        decisionRole: contact.decisionRole, remarks: contact.remarks, createdById: me, createdAt: now, updatedAt: now, deletedAt: null, version: 1,
      };
      contacts.push(p);
      contactChanges.push({ entity: 'contact', entityId: p.id, op: 'create', customerId: id, userId: me, fields: ['name'] });
      contactAudiences.push(audience);
    }
  }
  const inserts = [
    prepareBulkInsert(em, CustomerEntity, customers),
    prepareBulkInsert(em, CustomerTagEntity, tags),
    prepareBulkInsert(em, ContactEntity, contacts),
    prepareBulkInsert(em, OwnerHistoryEntity, history),
  ];
  return {
    ids: customers.map((c) => c.id),
    async write(tx) {
      for (const insert of inserts) await insert.run(tx.em);
      // Customers first, then their contacts: the feed's order is the order of creation.
      tx.changeMany(changes, audiences);
      tx.changeMany(contactChanges, contactAudiences);
    },
    statements: inserts.flatMap((i) => i.statements),
    changes: [...changes, ...contactChanges],
    audiences: [...audiences, ...contactAudiences],
  };
}
