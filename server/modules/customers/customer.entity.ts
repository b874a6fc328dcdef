import { EntitySchema } from 'typeorm';
import type {
  CustomerKind,
  CustomerLevel,
  CustomerSource,
  CustomerStatus,
  Industry,
  OwnerChangeReason,
} from '../../../src/shared/domain/customer.schema';
import { dateOnly, idColumn, instant, int, json, keyText, longText, refColumn, text } from '../../db/columns';

export interface Customer {
  id: string;
  kind: CustomerKind;
  name: string;
  // The name folded to half-width lower case with single spaces: the duplicate check and the
  // name search compare this, the same on every database and collation.
  nameKey: string | null;
  creditCode: string | null;
  level: CustomerLevel | null;
  status: CustomerStatus;
  industry: Industry | null;
  source: CustomerSource | null;
  province: string | null;
  city: string | null;
  district: string | null;
  address: string | null;
  phone: string | null;
  // Digits only, for search and duplicate checks ("021-6888 1234" finds "02168881234").
  phoneDigits: string | null;
  website: string | null;
  tags: string[];
  parentId: string | null;
  // null owner = in the public pool (公海).
  ownerId: string | null;
  // The owner's department when the owner was set: data scopes filter on it.
  ownerDeptId: string | null;
  previousOwnerId: string | null;
  // When the current owner got the customer; the pool's auto-return counts from the later
  // of this and the last follow-up, so a fresh claim is never returned at once.
  ownerSince: string | null;
  poolSince: string | null;
  remarks: string | null;
  createdById: string | null;
  createdAt: string;
  updatedAt: string;
  lastFollowUpAt: string | null;
  nextFollowUpAt: string | null;
  deletedAt: string | null;
  deletedById: string | null;
  version: number;
}

export const CustomerEntity = new EntitySchema<Customer>({
  name: 'Customer',
  tableName: 'customers',
  columns: {
    id: idColumn(),
    kind: text(20, false),
    name: text(100, false),
    nameKey: keyText(100),
    creditCode: keyText(18),
    level: text(2),
    status: text(20, false),
    industry: text(40),
    source: text(40),
    province: text(6),
    city: text(6),
    district: text(6),
    address: text(200),
    phone: text(40),
    phoneDigits: keyText(40),
    website: text(200),
    tags: json(),
    parentId: refColumn(),
    ownerId: refColumn(),
    ownerDeptId: refColumn(),
    previousOwnerId: refColumn(),
    ownerSince: instant(),
    poolSince: instant(),
    remarks: longText(),
    createdById: refColumn(),
    createdAt: instant(false),
    updatedAt: instant(false),
    lastFollowUpAt: instant(),
    nextFollowUpAt: dateOnly(),
    deletedAt: instant(),
    deletedById: refColumn(),
    version: int(1),
  },
  indices: [
    // An owner's or a department's customers, newest first, with deleted_at so that the count
    // of a scope (customer-scope.ts scopeParts) reads these indexes alone, never the rows. It
    // comes last: PostgreSQL does not take "deleted_at IS NULL" as fixing a column, and with
    // it in the middle would sort all of an owner's customers for a page of the newest.
    { name: 'idx_customers_owner_recent', columns: ['ownerId', 'updatedAt', 'id', 'deletedAt'] },
    { name: 'idx_customers_dept_recent', columns: ['ownerDeptId', 'updatedAt', 'id', 'deletedAt'] },
    { name: 'idx_customers_name_key', columns: ['nameKey'] },
    { name: 'idx_customers_credit_code', columns: ['creditCode'] },
    { name: 'idx_customers_phone_digits', columns: ['phoneDigits'] },
    { name: 'idx_customers_parent', columns: ['parentId'] },
    // Lists filter on deleted_at and page by updated_at, id: one index serves both.
    { name: 'idx_customers_live_updated', columns: ['deletedAt', 'updatedAt', 'id'] },
    // No index on updated_at alone (every list filters on deleted_at, above), on name (names
    // are searched, sorted and matched by name_key) nor on pool_since (nothing filters or sorts
    // on it): each index costs every imported customer an entry, and these three answered no
    // query (dropped in migration DropUnusedIndexes).
  ],
});

export interface CustomerTag {
  customerId: string;
  tag: string;
}

// One row per tag, so "filter by tag" is an indexed lookup on every database.
export const CustomerTagEntity = new EntitySchema<CustomerTag>({
  name: 'CustomerTag',
  tableName: 'customer_tags',
  columns: {
    customerId: idColumn(),
    tag: { type: 'varchar', length: 20, primary: true },
  },
  indices: [{ name: 'idx_customer_tags_tag', columns: ['tag'] }],
});

export interface CustomerCollaborator {
  customerId: string;
  userId: string;
}

export const CustomerCollaboratorEntity = new EntitySchema<CustomerCollaborator>({
  name: 'CustomerCollaborator',
  tableName: 'customer_collaborators',
  columns: {
    customerId: idColumn(),
    userId: idColumn(),
  },
  indices: [{ name: 'idx_customer_collaborators_user', columns: ['userId'] }],
});

export interface OwnerHistory {
  id: string;
  customerId: string;
  fromUserId: string | null;
  toUserId: string | null;
  byUserId: string | null;
  reason: OwnerChangeReason;
  note: string | null;
  at: string;
}

export const OwnerHistoryEntity = new EntitySchema<OwnerHistory>({
  name: 'OwnerHistory',
  tableName: 'customer_owner_history',
  columns: {
    id: idColumn(),
    customerId: refColumn(false),
    fromUserId: refColumn(),
    toUserId: refColumn(),
    byUserId: refColumn(),
    reason: text(20, false),
    note: text(200),
    at: instant(false),
  },
  indices: [{ name: 'idx_owner_history_customer', columns: ['customerId', 'at'] }],
});
