import { v7 as uuidv7 } from 'uuid';
import type { DataSource, EntityManager, EntityTarget, ObjectLiteral } from 'typeorm';
import { CUSTOMER_SOURCES, INDUSTRIES, type Industry } from '../../../src/shared/domain/customer.schema';
import { bulkInsert } from '../../db/bulk-insert';
import { refreshPlannerStats } from '../../db/planner-stats';
import { ContactEntity, type Contact } from '../contacts/contact.entity';
import {
  CustomerEntity,
  CustomerTagEntity,
  OwnerHistoryEntity,
  type Customer,
  type CustomerTag,
  type OwnerHistory,
} from '../customers/customer.entity';
import { nameKeyOf } from '../customers/customer-text';
import { FollowUpEntity, type FollowUp } from '../followups/followup.entity';
import type { DemoOrg } from './demo-org';
import { buildContacts, buildFollowUps, type Actor } from './demo-activity';
import { address, companyName, creditCode, DAY, domain, governmentName, landline, mobile, personName } from './demo-fakes';
import { CUSTOMER_TAGS, DEMO_CITIES, REMARKS } from './demo-words';
import { Random } from './random';

// Demo customers with contacts and follow-ups, for `crm-server demo`, tests and benchmarks.
// Generation is a pure function of (count, owners, seed, now): the same arguments give the
// same rows, so tests can rely on counts.
//
// Demo data is written straight into the tables without change_log entries: it is loaded
// into a new installation before any client has synced, and a client's first sync reads
// everything anyway.

export interface DemoOwner {
  // null = the public pool (公海)
  userId: string | null;
  departmentId: string | null;
  share: number;
}

export interface DemoRows {
  customers: Customer[];
  contacts: Contact[];
  followUps: FollowUp[];
  tags: CustomerTag[];
  ownerHistory: OwnerHistory[];
}

export const DEMO_CUSTOMER_COUNT = 2000;
export const DEMO_SEED = 20260105;
export const DEMO_OWNER_SHARES = { am1: 0.26, am2: 0.24, am3: 0.22, lead1: 0.07, lead2: 0.07, director: 0.09, pool: 0.05 } as const;

export function demoOwners(org: DemoOrg): DemoOwner[] {
  return Object.entries(DEMO_OWNER_SHARES).map(([username, share]) => {
    if (username === 'pool') return { userId: null, departmentId: null, share };
    const u = org.users[username];
    if (!u) throw new Error(`demo user ${username} is missing`);
    return { userId: u.id, departmentId: u.departmentId, share };
  });
}

// Exact counts per owner (largest remainder), so 2,000 at 5 % is exactly 100.
export function allocate(count: number, shares: number[]): number[] {
  const total = shares.reduce((a, b) => a + b, 0);
  const exact = shares.map((s) => (count * s) / total);
  const counts = exact.map(Math.floor);
  const order = exact.map((e, i) => [e - Math.floor(e), i] as const).sort((a, b) => b[0] - a[0] || a[1] - b[1]);
  for (let k = 0; k < count - counts.reduce((a, b) => a + b, 0); k++) counts[order[k % order.length]![1]]!++;
  return counts;
}

const COMPANY_INDUSTRIES = INDUSTRIES.filter((i): i is Exclude<Industry, 'government'> => i !== 'government');

export function generateDemoCustomers(count: number, owners: DemoOwner[], seed: number, now = Date.now()): DemoRows {
  const r = new Random(seed);
  const workers: Actor[] = owners.flatMap((o) => (o.userId ? [{ userId: o.userId, departmentId: o.departmentId }] : []));
  if (workers.length === 0) throw new Error('demo customers need at least one owner who is a user');
  const counts = allocate(count, owners.map((o) => o.share));
  const assignment = r.shuffle(counts.flatMap((n, i) => Array<number>(n).fill(i)));
  const rows: DemoRows = { customers: [], contacts: [], followUps: [], tags: [], ownerHistory: [] };
  const usedNames = new Set<string>();
  const lastCompanyOf = new Map<string, { customer: Customer; city: string }>();
  const serialStart = r.int(10_000_000, 89_999_999);
  const id = (ms: number) => uuidv7({ msecs: ms, random: r.bytes(16) });
  const iso = (ms: number) => new Date(ms).toISOString();

  for (let i = 0; i < count; i++) {
    const owner = owners[assignment[i]!]!;
    const inPool = owner.userId === null;
    const worker: Actor = owner.userId ? { userId: owner.userId, departmentId: owner.departmentId } : r.pick(workers);
    const city = r.weighted(DEMO_CITIES.map((c) => [c, c.weight] as const));
    const district = city.districts.length ? r.pick(city.districts) : null;
    const division = district?.code ?? `${city.cityCode}00`;
    let kind: 'company' | 'individual' | 'government' = r.weighted([['company', 92], ['individual', 6], ['government', 2]] as const);
    let industry: Industry | null = kind === 'individual' ? (r.chance(0.5) ? null : 'other') : kind === 'government' ? 'government' : r.pick(COMPANY_INDUSTRIES);

    let name = '';
    let parentId: string | null = null;
    const parent = lastCompanyOf.get(worker.userId);
    if (kind === 'company' && parent && parent.city !== city.short && r.chance(0.03)) {
      name = `${parent.customer.name}${city.short}分公司`;
      parentId = parent.customer.id;
      industry = parent.customer.industry;
    }
    for (let tries = 0; !name || (usedNames.has(name) && tries < 30); tries++) {
      if (kind === 'individual') name = personName(r);
      else if (kind === 'government' && tries < 10) name = governmentName(r, city, district);
      else {
        if (kind === 'government') [kind, industry] = ['company', r.pick(COMPANY_INDUSTRIES)];
        name = companyName(r, city, industry as Exclude<Industry, 'government'>);
      }
    }
    if (usedNames.has(name) && kind !== 'individual') name = `${name.replace(/有限公司$/, '')}（${i}）有限公司`;
    usedNames.add(name);

    // Owned customers were all touched in the last four weeks, so the pool-return job does
    // not empty the demo on its first run; pool customers went quiet months ago.
    const followUpCount = r.weighted([[0, 15], [1, 20], [2, 20], [3, 18], [4, 14], [5, 13]] as const);
    let createdAt: number;
    let latest: number | null = null;
    let poolSince: number | null = null;
    if (inPool) {
      createdAt = now - r.int(60, 730) * DAY - r.int(0, DAY);
      const quietSince = now - r.int(40, 55) * DAY;
      if (followUpCount > 0) latest = createdAt + r.int(0, Math.max(0, quietSince - createdAt));
      poolSince = Math.min(now - DAY, Math.max(latest ?? createdAt, createdAt) + r.int(30, 40) * DAY);
    } else if (followUpCount === 0) {
      createdAt = now - r.int(0, 27 * DAY);
    } else {
      createdAt = now - r.int(1, 730) * DAY - r.int(0, DAY);
      latest = now - r.int(0, Math.min(27 * DAY, now - createdAt));
    }

    const customerId = id(createdAt);
    const hasDomain = kind !== 'individual' && r.chance(0.4);
    const site = hasDomain ? domain(r) : null;
    const contacts = buildContacts(r, { customerId, kind, city, createdAt, worker, site, personName: kind === 'individual' ? name : null, id });
    const followUps = buildFollowUps(r, { customerId, contacts, city, createdAt, latest, count: latest === null ? 0 : followUpCount, worker, inPool, now, id });
    const last = followUps[followUps.length - 1] ?? null;
    const tags = [...new Set(Array.from({ length: r.weighted([[0, 35], [1, 35], [2, 20], [3, 10]] as const) }, () => r.pick(CUSTOMER_TAGS)))];
    if (kind === 'government' && !tags.includes('政府采购')) tags.push('政府采购');
    const phone = kind === 'individual' ? (r.chance(0.7) ? mobile(r) : null) : r.chance(0.85) ? landline(r, city) : null;
    const updatedAt = Math.max(createdAt, last ? Date.parse(last.at) : 0, poolSince ?? 0);

    const customer: Customer = {
      id: customerId,
      kind: kind === 'individual' ? 'individual' : 'company',
      name,
      nameKey: nameKeyOf(name),
      creditCode: kind === 'individual' ? null : creditCode(kind, division, serialStart + i * 7919),
      level: r.weighted([['A', 15], ['B', 35], ['C', 35], ['D', 10], [null, 5]] as const),
      status: inPool
        ? r.weighted([['potential', 50], ['dormant', 30], ['lost', 20]] as const)
        : followUps.length === 0
          ? 'potential'
          : r.weighted([['potential', 35], ['active', 35], ['key', 12], ['dormant', 10], ['lost', 8]] as const),
      industry,
      source: r.pick(CUSTOMER_SOURCES),
      province: city.provinceCode,
      city: city.cityCode,
      district: district?.code ?? null,
      address: r.chance(0.9) ? address(r, district) : null,
      phone,
      phoneDigits: phone ? phone.replace(/\D/g, '') : null,
      website: site ? `www.${site}` : null,
      tags,
      parentId,
      ownerId: owner.userId,
      ownerDeptId: inPool ? null : owner.departmentId,
      previousOwnerId: inPool ? worker.userId : null,
      ownerSince: inPool ? null : iso(createdAt),
      poolSince: poolSince === null ? null : iso(poolSince),
      remarks: r.chance(0.15) ? r.pick(REMARKS) : null,
      createdById: worker.userId,
      createdAt: iso(createdAt),
      updatedAt: iso(updatedAt),
      lastFollowUpAt: last?.at ?? null,
      nextFollowUpAt: last?.nextAt ?? null,
      deletedAt: null,
      deletedById: null,
      version: 1,
    };
    rows.customers.push(customer);
    rows.contacts.push(...contacts);
    rows.followUps.push(...followUps);
    rows.tags.push(...tags.map((tag) => ({ customerId, tag })));
    rows.ownerHistory.push({ id: id(createdAt), customerId, fromUserId: null, toUserId: worker.userId, byUserId: worker.userId, reason: 'create', note: null, at: iso(createdAt) });
    if (poolSince !== null) {
      const auto = r.chance(0.6);
      rows.ownerHistory.push({
        id: id(poolSince),
        customerId,
        fromUserId: worker.userId,
        toUserId: null,
        byUserId: auto ? null : worker.userId,
        reason: auto ? 'auto_return' : 'release',
        note: auto ? null : '暂无需求，放回公海',
        at: iso(poolSince),
      });
    }
    if (kind === 'company' && !parentId && !inPool) lastCompanyOf.set(worker.userId, { customer, city: city.short });
  }
  return rows;
}

const CHUNK = 500;
// Few large transactions: on SQLite each commit of megabytes triggers a WAL checkpoint with
// an fsync, which dominated the load time at 500 customers per transaction.
const CUSTOMERS_PER_TRANSACTION = 5000;

// Writes the rows in transactions of 5,000 customers with everything that belongs to them,
// each table in multi-row INSERTs of up to 500 rows.
export async function insertDemoData(db: DataSource, rows: DemoRows, onProgress?: (done: number, total: number) => void): Promise<void> {
  const slot = new Map<string, number>();
  rows.customers.forEach((c, i) => slot.set(c.id, Math.floor(i / CUSTOMERS_PER_TRANSACTION)));
  const bucket = <T extends { customerId: string }>(items: T[]): T[][] => {
    const out: T[][] = [];
    for (const item of items) (out[slot.get(item.customerId) ?? 0] ??= []).push(item);
    return out;
  };
  const contacts = bucket(rows.contacts);
  const followUps = bucket(rows.followUps);
  const tags = bucket(rows.tags);
  const history = bucket(rows.ownerHistory);
  for (let b = 0; b * CUSTOMERS_PER_TRANSACTION < rows.customers.length; b++) {
    await db.transaction(async (em) => {
      await insertChunked(em, CustomerEntity, rows.customers.slice(b * CUSTOMERS_PER_TRANSACTION, (b + 1) * CUSTOMERS_PER_TRANSACTION));
      await insertChunked(em, ContactEntity, contacts[b] ?? []);
      await insertChunked(em, FollowUpEntity, followUps[b] ?? []);
      await insertChunked(em, CustomerTagEntity, tags[b] ?? []);
      await insertChunked(em, OwnerHistoryEntity, history[b] ?? []);
    });
    onProgress?.(Math.min((b + 1) * CUSTOMERS_PER_TRANSACTION, rows.customers.length), rows.customers.length);
  }
  // A bulk load changes table sizes by orders of magnitude: plan the next queries for them.
  await refreshPlannerStats(db, { everyTable: true });
}

function insertChunked<T extends ObjectLiteral>(em: EntityManager, entity: EntityTarget<T>, items: T[]): Promise<void> {
  return bulkInsert(em, entity, items, CHUNK);
}
