import { MoreThan, type DataSource, type EntityManager } from 'typeorm';
import type { ContactDto } from '../../../src/shared/domain/contact.schema';
import type { CustomerDto } from '../../../src/shared/domain/customer.schema';
import type { FollowUpDto } from '../../../src/shared/domain/followup.schema';
import type { Permission } from '../../../src/shared/permissions/catalog';
import type { Caller } from '../../trpc/context';
import { ChangeLogEntity, type ChangeLogEntry } from '../changes/change-log.entity';
import { ContactEntity } from '../contacts/contact.entity';
import type { ContactService } from '../contacts/contact.service';
import { toCustomerDtos } from '../customers/customer-dto';
import { countCustomers, customerQuery } from '../customers/customer-query';
import { applyScope } from '../customers/customer-scope';
import { CustomerEntity } from '../customers/customer.entity';
import { FollowUpEntity } from '../followups/followup.entity';
import type { FollowUpService } from '../followups/followup.service';
import { decodeCursor, encodeCursor, scopeKeyOf, SNAPSHOT_PHASES, type SyncCursor, type SyncEntity } from './sync-cursor';

type SnapshotCursor = Extract<SyncCursor, { kind: 'snapshot' }>;

// The offline sync feed: what a client's cache must do to equal the caller's current view.
//
// Rows travel as the SAME DTOs the read procedures return (scope through customer-scope.ts,
// masking through field-mask.ts), always the row as it is now, never a stored copy: a masked
// or hidden field reaches the cache already masked or absent, and a later page can never
// carry an older row than an earlier one. A record that was deleted, or that left the
// caller's scope (transferred away, its customer deleted), travels as a tombstone
// {entity, id, op: 'delete'}; a customer tombstone also drops its contacts and follow-ups on
// the client. A tombstone carries an id only: the caller learns no content of a record it
// cannot see.
//
// Never skipping a committed change: change_log.seq is assigned at INSERT but visible at
// COMMIT, so with plain auto-increment a reader on PostgreSQL/MySQL may see seq 11 while seq
// 10 is still uncommitted and move its cursor past 10 for good. We make seq order equal commit
// order instead: every writer appends its change_log rows as the last step of its
// transaction after locking one row (ChangeLogService.appendAll, lock.changeLog), holding the
// lock to commit. While a transaction holds seq 10 uncommitted nobody can take 11, so "seq >
// cursor ORDER BY seq" sees a gap-free prefix and the cursor is simply the last seq read.
// We chose this over PostgreSQL's pg_snapshot_xmin (no MySQL equivalent) and over re-reading a
// time window (no bound on how long a transaction stays open): one short critical section per
// write (the inserts and the commit) is cheap at an on-premise CRM's write rate, and most
// writes already serialise on the audit chain lock. SQLite serialises transactions anyway.
// tests/server/sync-feed.test.ts holds a writer open and checks a puller cannot pass it.
export type SyncRow =
  | { entity: 'customer'; id: string; op: 'put'; row: CustomerDto }
  | { entity: 'contact'; id: string; op: 'put'; row: ContactDto }
  | { entity: 'followUp'; id: string; op: 'put'; row: FollowUpDto }
  | { entity: SyncEntity; id: string; op: 'delete' };

export interface PullResult {
  changes: SyncRow[];
  cursor: string;
  hasMore: boolean;
  // The cursor was from another view of the data (first sync, role or department change):
  // the client drops its synced rows (never its outbox) and takes this snapshot instead.
  reset: boolean;
  // While a snapshot runs: rows sent so far and rows in the view when it began.
  progress?: { done: number; total: number };
}

// Contacts and follow-ups a customer has on average (demo data: ~1.8 and ~2.4): a snapshot
// page of children covers limit / this many customers.
const CHILDREN_PER_CUSTOMER = 2;
const VIEW: Record<SyncEntity, Permission> = { customer: 'customers.view', contact: 'contacts.view', followUp: 'followups.view' };
// Customer changes after which its contacts and follow-ups may have come into view.
const AUDIENCE_FIELDS = ['ownerId', 'collaboratorIds'];

export interface FeedDeps {
  db: DataSource;
  contacts: ContactService;
  followUps: FollowUpService;
}

export class SyncFeed {
  constructor(private readonly deps: FeedDeps) {}

  private get em(): EntityManager {
    return this.deps.db.manager;
  }

  async pull(caller: Caller, cursorText: string | null | undefined, limit: number): Promise<PullResult> {
    const scopeKey = scopeKeyOf(caller);
    const cursor = decodeCursor(cursorText);
    if (!cursor || cursor.scopeKey !== scopeKey) {
      const upTo = await this.lastSeq();
      const start = { kind: 'snapshot', upTo, phase: 0, afterId: '', scopeKey, done: 0, total: await this.scopeSize(caller) } as const;
      return { ...(await this.snapshotPage(caller, start, limit)), reset: true };
    }
    if (cursor.kind === 'snapshot') {
      return { ...(await this.snapshotPage(caller, cursor, limit)), reset: false };
    }
    return { ...(await this.changesPage(caller, cursor.seq, limit, scopeKey)), reset: false };
  }

  private async lastSeq(): Promise<number> {
    const row = await this.em.getRepository(ChangeLogEntity).createQueryBuilder('l').select('MAX(l.seq)', 'm').getRawOne<{ m: unknown }>();
    return Number(row?.m ?? 0);
  }

  // One page of one table of the scope, in id order (uuid v7: stable, indexed, resumable).
  private async snapshotPage(caller: Caller, at: SnapshotCursor, limit: number) {
    const { upTo, scopeKey, total } = at;
    for (let { phase, afterId } = at; phase < SNAPSHOT_PHASES.length; phase++, afterId = '') {
      const entity = SNAPSHOT_PHASES[phase]!;
      if (!caller.grant.permissions.has(VIEW[entity])) continue;
      for (;;) {
        const slice = await this.snapshotSlice(caller, entity, afterId, limit);
        if (slice.rows.length) {
          const next = slice.full ? { phase, afterId: slice.last } : { phase: phase + 1, afterId: '' };
          // Records created while the snapshot runs may make `done` pass the first count.
          const done = at.done + slice.rows.length;
          const progress = { done, total: Math.max(total, done) };
          return { changes: slice.rows, cursor: encodeCursor({ kind: 'snapshot', upTo, ...next, scopeKey, ...progress }), hasMore: true, progress };
        }
        if (!slice.full) break;
        // Only customers without any of these: on to the next ones.
        afterId = slice.last;
      }
    }
    // Snapshot done: the change feed takes over from the seq read before it began; rows
    // changed meanwhile come again, as they are now.
    const progress = { done: at.done, total: at.done };
    return { changes: [], cursor: encodeCursor({ kind: 'changes', seq: upTo, scopeKey }), hasMore: true, progress };
  }

  // The next slice of one table of the snapshot, and the key to go on from. Customers page by
  // their own id. Contacts and follow-ups page by their customers' id (the children of the next
  // customers in scope): paging them by their own id had SQLite scan every customer and sort
  // all their children again for each page, seconds a page at 100,000 customers.
  private async snapshotSlice(caller: Caller, entity: SyncEntity, afterId: string, limit: number): Promise<{ rows: SyncRow[]; last: string; full: boolean }> {
    if (entity === 'customer') {
      const rows = await this.visible(caller, entity, { afterId, limit });
      return { rows, last: rows.at(-1)?.id ?? afterId, full: rows.length === limit };
    }
    const n = Math.max(1, Math.ceil(limit / CHILDREN_PER_CUSTOMER));
    const qb = customerQuery(this.em, caller, 'active').select('c.id', 'id');
    if (afterId) qb.andWhere('c.id > :syncAfter', { syncAfter: afterId });
    const ids = (await qb.orderBy('c.id', 'ASC').limit(n).getRawMany<{ id: string }>()).map((r) => r.id);
    const rows = ids.length ? await this.visible(caller, entity, { customerIds: ids }) : [];
    return { rows, last: ids.at(-1) ?? afterId, full: ids.length === n };
  }

  // How many rows a snapshot of the caller's view will send, for the client's progress bar.
  private async scopeSize(caller: Caller): Promise<number> {
    let n = 0;
    for (const entity of SNAPSHOT_PHASES) {
      if (caller.grant.permissions.has(VIEW[entity])) n += await this.visibleCount(caller, entity);
    }
    return n;
  }

  private async changesPage(caller: Caller, after: number, limit: number, scopeKey: string) {
    const log = await this.em.getRepository(ChangeLogEntity).find({ where: { seq: MoreThan(after) }, order: { seq: 'ASC' }, take: limit });
    const seq = log.length ? log[log.length - 1]!.seq : after;
    const touched = new Map<SyncEntity, Set<string>>(SNAPSHOT_PHASES.map((e) => [e, new Set<string>()]));
    const widened = new Set<string>();
    for (const e of log) {
      const entity = e.entity as SyncEntity;
      if (!touched.has(entity)) continue;
      touched.get(entity)!.add(e.entityId);
      if (entity === 'customer' && audienceChanged(e)) widened.add(e.entityId);
    }
    const changes: SyncRow[] = [];
    for (const entity of SNAPSHOT_PHASES) {
      const ids = [...touched.get(entity)!];
      if (!ids.length || !caller.grant.permissions.has(VIEW[entity])) continue;
      const rows = await this.visible(caller, entity, { ids });
      const seen = new Set(rows.map((r) => r.id));
      changes.push(...rows, ...ids.filter((id) => !seen.has(id)).map((id): SyncRow => ({ entity, id, op: 'delete' })));
    }
    // A customer that came into view brings its contacts and follow-ups, which have no
    // change_log rows of their own for this event.
    const arrived = changes.filter((c) => c.entity === 'customer' && c.op === 'put' && widened.has(c.id)).map((c) => c.id);
    if (arrived.length) {
      for (const entity of ['contact', 'followUp'] as const) {
        if (!caller.grant.permissions.has(VIEW[entity])) continue;
        const have = touched.get(entity)!;
        changes.push(...(await this.visible(caller, entity, { customerIds: arrived })).filter((r) => !have.has(r.id)));
      }
    }
    return { changes, cursor: encodeCursor({ kind: 'changes', seq, scopeKey }), hasMore: log.length === limit };
  }

  // Rows of one table the caller may see now, as DTOs: by id, by customer, or a keyset page.
  private async visible(
    caller: Caller,
    entity: SyncEntity,
    by: { ids?: string[]; customerIds?: string[]; afterId?: string; limit?: number },
  ): Promise<SyncRow[]> {
    const page = <Q extends { andWhere: (...a: any[]) => Q; orderBy: (...a: any[]) => Q; limit: (n: number) => Q }>(qb: Q, alias: string) => {
      if (by.ids) qb.andWhere(`${alias}.id IN (:...syncIds)`, { syncIds: by.ids });
      if (by.customerIds) qb.andWhere(`${alias}.customerId IN (:...syncCustomerIds)`, { syncCustomerIds: by.customerIds });
      if (by.afterId !== undefined) {
        if (by.afterId) qb.andWhere(`${alias}.id > :syncAfter`, { syncAfter: by.afterId });
        qb.orderBy(`${alias}.id`, 'ASC').limit(by.limit ?? 500);
      }
      return qb;
    };
    if (entity === 'customer') {
      const rows = await page(customerQuery(this.em, caller, 'active'), 'c').getMany();
      return (await toCustomerDtos(this.em, caller, rows)).map((row) => ({ entity, id: row.id, op: 'put', row }));
    }
    const rows = await page(this.childQuery(caller, entity), 'x').getMany();
    if (entity === 'contact') {
      const dtos = await this.deps.contacts.dtos(caller, rows as never);
      return dtos.map((row) => ({ entity, id: row.id, op: 'put', row }));
    }
    const dtos = await this.deps.followUps.dtos(rows as never);
    return dtos.map((row) => ({ entity, id: row.id, op: 'put', row }));
  }

  // Contacts or follow-ups of live customers in the caller's scope (alias x; customer c).
  private childQuery(caller: Caller, entity: 'contact' | 'followUp') {
    const qb = this.em
      .getRepository<{ id: string; customerId: string }>(entity === 'contact' ? ContactEntity : FollowUpEntity)
      .createQueryBuilder('x')
      .innerJoin(CustomerEntity.options.name, 'c', 'c.id = x.customerId')
      .where('x.deletedAt IS NULL')
      .andWhere('c.deletedAt IS NULL');
    return applyScope(qb, caller, 'c');
  }

  private visibleCount(caller: Caller, entity: SyncEntity): Promise<number> {
    return entity === 'customer' ? countCustomers(this.em, caller, 'active', {}) : this.childQuery(caller, entity).getCount();
  }
}

function audienceChanged(e: ChangeLogEntry): boolean {
  return e.op === 'restore' || (e.fields ?? []).some((f) => AUDIENCE_FIELDS.includes(f));
}

