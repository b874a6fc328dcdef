import { EventEmitter } from 'node:events';
import type { EntityManager } from 'typeorm';
import { bulkInsert, prepareBulkInsert } from '../../db/bulk-insert';
import type { Statement } from '../../db/writer-thread';
import { LOCK_ROWS, takeLockRow } from '../../db/locking';
import { ChangeLogEntity, type ChangeLogEntry } from './change-log.entity';

export type ChangeInput = Omit<ChangeLogEntry, 'seq' | 'at'>;

// The seqs one transaction appended: after < seq <= upTo.
export interface SeqSpan {
  after: number;
  upTo: number;
}

// Who could see a customer at one moment: enough to judge a live event in memory, without a
// query per event per listener.
export interface Audience {
  ownerId: string | null;
  ownerDeptId: string | null;
  collaboratorIds: string[];
}

export interface ChangeEvent {
  entity: string;
  entityId: string;
  op: ChangeLogEntry['op'];
  customerId: string | null;
  // The customer's audience before and/or after the change; a listener who could see either
  // hears of it (a customer transferred away must vanish from the old owner's list too).
  audience?: Audience[];
  // Set for events meant for one user only (their notifications).
  toUserId?: string;
}

// The entries cut where the entity changes. An import's batch logs 1,000 customers and then
// their 1,000 contacts: within each run the entity and, as most files fill the same columns in
// every row, the field list are one value, which bulk-insert.ts then sends once rather than a
// copy per row (a 100,000-row import's change_log parameters fall from 30 MB to 18 MB, and
// PostgreSQL takes about a fifth less time over them).
function entityRuns(rows: ChangeLogEntry[]): ChangeLogEntry[][] {
  const runs: ChangeLogEntry[][] = [];
  for (const row of rows) {
    const last = runs.at(-1);
    if (last && last[0]!.entity === row.entity) last.push(row);
    else runs.push([row]);
  }
  return runs;
}

// Records every write in the writer's transaction and, once committed, tells live listeners.
export class ChangeLogService {
  readonly events = new EventEmitter<{ change: [ChangeEvent] }>();

  constructor() {
    this.events.setMaxListeners(0);
  }

  async record(em: EntityManager, change: ChangeInput): Promise<void> {
    await this.appendAll(em, [change]);
  }

  // The sync feed reads change_log by seq and must never skip a committed row. An
  // auto-increment seq is taken at INSERT but becomes visible at COMMIT, so on PostgreSQL and
  // MySQL a reader could see seq 11 before seq 10 commits and move its cursor past 10 forever.
  // Taking one lock row before appending, held until commit, makes seq order equal commit
  // order: nobody can take a seq while a smaller one is uncommitted. Writers call this as the
  // LAST step of their transaction (runWrite does), so the lock is held only for the insert and
  // the commit, and it is always taken after the audit chain lock (no lock-order deadlock).
  // SQLite serialises whole transactions already.
  // With `span`, also returns the seqs taken: read under the lock, so nobody else's are among
  // them (an engine may leave gaps, so they are read rather than counted).
  async appendAll(em: EntityManager, changes: ChangeInput[], span = false): Promise<SeqSpan | null> {
    if (!changes.length) return null;
    await takeLockRow(em, LOCK_ROWS.changeLog);
    const after = span ? await this.latestSeq(em) : 0;
    const at = new Date().toISOString();
    // Multi-row INSERTs: an import appends a row per created record. One statement assigns
    // seq in the order of its rows on every engine, and the statements run in turn, so seq
    // order stays the order of `changes`.
    for (const run of entityRuns(this.rowsOf(changes, at))) await bulkInsert(em, ChangeLogEntity, run);
    return span ? { after, upTo: await this.latestSeq(em) } : null;
  }

  private rowsOf(changes: readonly ChangeInput[], at = new Date().toISOString()): ChangeLogEntry[] {
    // Spelled out, not spread: an import turns 200,000 of these into statement parameters, and
    // objects of one literal shape read far faster than copies of whatever shape came in.
    return changes.map((c) => ({ entity: c.entity, entityId: c.entityId, op: c.op, customerId: c.customerId, userId: c.userId, at, fields: c.fields }) as ChangeLogEntry);
  }

  // appendAll's inserts as statements, for a transaction sent whole to a writer thread
  // (write-tx.ts, runScripted, which takes the lock row before them where there is one).
  appendStatements(em: EntityManager, changes: readonly ChangeInput[]): readonly Statement[] {
    return entityRuns(this.rowsOf(changes)).flatMap((run) => prepareBulkInsert(em, ChangeLogEntity, run).statements);
  }

  // The newest seq committed so far: work planned from reads made after it can later ask
  // whether anything it read has changed since (changedSince) instead of reading it all again.
  async latestSeq(em: EntityManager): Promise<number> {
    const q = this.latestSeqQuery(em);
    const [row] = (await em.query(q.sql, q.params)) as { m: number | string | null }[];
    return Number(row?.m ?? 0);
  }

  latestSeqQuery(em: EntityManager): Statement {
    return { sql: `SELECT MAX(seq) AS m FROM ${em.connection.driver.escape('change_log')}`, params: [] };
  }

  async changedSince(em: EntityManager, seq: number, entities: readonly string[], own: readonly SeqSpan[] = []): Promise<boolean> {
    const q = this.changedSinceQuery(em, seq, entities, own);
    const [row] = (await em.query(q.sql, q.params)) as { changed: number | string }[];
    return Number(row?.changed ?? 0) > 0;
  }

  // One row whose one value is 1 when an entry of `entities` (or more entries than are worth
  // sifting) came after seq. Reads the newest entries by the primary key and sifts them by
  // entity (change_log has no other index). `own`: spans the caller itself wrote (an import's
  // earlier batches), which do not count. `pending`: one more such span, not known yet (the
  // batch before, still being written): its two bounds are the parameters numbered
  // `pendingSpan`, to be filled in.
  changedSinceQuery(em: EntityManager, seq: number, entities: readonly string[], own: readonly SeqSpan[] = [], pending = false): Statement & { pendingSpan?: [number, number] } {
    const d = em.connection.driver;
    const LOOK = 200;
    const mark = (i: number) => (d.options.type === 'postgres' ? `$${i}` : '?');
    // In the order the marks appear in the text (MySQL and SQLite number "?" that way).
    const params: (number | string)[] = [];
    const named = entities.map((e) => {
      params.push(e);
      return mark(params.length);
    });
    params.push(seq);
    const since = mark(params.length);
    const spans = own.filter((s) => s.upTo > seq);
    if (pending) spans.push({ after: 0, upTo: 0 });
    const skips = spans.map((s) => {
      params.push(s.after, s.upTo);
      return ` AND NOT (seq > ${mark(params.length - 1)} AND seq <= ${mark(params.length)})`;
    });
    const recent = `SELECT entity FROM ${d.escape('change_log')} WHERE seq > ${since}${skips.join('')} ORDER BY seq LIMIT ${LOOK}`;
    const ofEntities = named.length ? `COUNT(CASE WHEN entity IN (${named.join(', ')}) THEN 1 END) > 0 OR ` : '';
    const sql = `SELECT CASE WHEN ${ofEntities}COUNT(*) >= ${LOOK} THEN 1 ELSE 0 END AS changed FROM (${recent}) recent`;
    return pending ? { sql, params, pendingSpan: [params.length - 2, params.length - 1] } : { sql, params };
  }

  // Call after the transaction commits: listeners must never hear of a rolled-back write.
  publish(changes: ChangeEvent[]): void {
    for (const c of changes) this.events.emit('change', c);
  }
}
