import { AsyncLocalStorage } from 'node:async_hooks';
import type { DataSource, EntityManager } from 'typeorm';
import { LOCK_ROWS, lockRowQuery } from '../../db/locking';
import type { BatchWriter, ScriptStep, Statement, Transactor } from '../../db/writer-thread';
import type { Audience, ChangeEvent, ChangeInput, ChangeLogService, SeqSpan } from './change-log.service';

export interface WriteTx {
  em: EntityManager;
  // Appends to change_log in this transaction; the live event goes out after commit.
  change(input: ChangeInput, audience?: Audience[]): Promise<void>;
  // The same for many writes at once (an import batch).
  changeMany(inputs: readonly ChangeInput[], audiences: readonly Audience[][]): void;
  // A live event with no change_log row (a user's notification badge).
  live(event: ChangeEvent): void;
}

// Transient failures worth running the whole write again for: deadlocks (a transaction that
// updated one customer waits for the audit chain lock held by one that wants that customer
// next), serialisation failures, and the audit seq guard should two appends ever collide.
export function isRetryableWriteError(e: unknown): boolean {
  const err = e as { driverError?: Record<string, unknown>; code?: unknown; errno?: unknown; message?: unknown };
  const d = (err.driverError ?? err) as Record<string, unknown>;
  const code = String(d.code ?? '');
  const text = `${String(d.constraint ?? '')} ${String(d.message ?? err.message ?? '')} ${String(d.sqlMessage ?? '')}`;
  if (code === '40001' || code === '40P01') return true;
  if (d.errno === 1213 || d.errno === 1205 || code === 'ER_LOCK_DEADLOCK' || code === 'ER_LOCK_WAIT_TIMEOUT') return true;
  return (code === '23505' || code === 'ER_DUP_ENTRY' || d.errno === 1062) && text.includes('uq_audit_seq');
}

const pause = (ms: number) => new Promise((r) => setTimeout(r, ms));

// An offline mutation being applied (modules/sync): its "processed" marker must commit in the
// SAME transaction as the write it causes, or a retried push could apply it twice. The sync
// service runs the domain service inside `withinMutation`; the first runWrite underneath
// writes the marker in its own transaction.
interface MutationMarker {
  write(em: EntityManager): Promise<void>;
  written: boolean;
}
const mutationContext = new AsyncLocalStorage<MutationMarker>();

export async function withinMutation<T>(write: (em: EntityManager) => Promise<void>, fn: () => Promise<T>): Promise<{ result: T; marked: boolean }> {
  const marker: MutationMarker = { write, written: false };
  const result = await mutationContext.run(marker, fn);
  return { result, marked: marker.written };
}

// The live event of a change_log entry.
const eventOf = (input: ChangeInput, audience: Audience[] | undefined): ChangeEvent => ({ entity: input.entity, entityId: input.entityId, op: input.op, customerId: input.customerId, audience });

// Runs one write: the data, its change_log rows and audit entries commit together or not at
// all; live events are published only after the commit. `spans`, when given, receives the
// change_log seqs the write committed. `via`: where the transaction runs when not on `db`'s
// own connection (an import's writer thread).
export async function runWrite<T>(db: DataSource, changes: ChangeLogService, fn: (tx: WriteTx) => Promise<T>, spans?: SeqSpan[], via?: Transactor | null): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    const events: ChangeEvent[] = [];
    try {
      // On SQLite the data source itself serialises transactions (db/sqlite-serial.ts).
      const result = await (via ?? db).transaction(async (em) => {
        events.length = 0;
        const pending: ChangeInput[] = [];
        const out = await fn({
          em,
          async change(input, audience) {
            pending.push(input);
            events.push(eventOf(input, audience));
          },
          changeMany(inputs, audiences) {
            inputs.forEach((input, i) => {
              pending.push(input);
              events.push(eventOf(input, audiences[i]));
            });
          },
          live: (event) => events.push(event),
        });
        // change_log rows are appended last, under a lock held until commit, so that seq order
        // equals commit order (see ChangeLogService.appendAll and modules/sync/sync-feed.ts).
        const span = await changes.appendAll(em, pending, spans !== undefined);
        const marker = mutationContext.getStore();
        const markHere = marker !== undefined && !marker.written;
        if (markHere) await marker.write(em);
        return { out, markHere, span };
      });
      if (result.markHere) mutationContext.getStore()!.written = true;
      if (result.span) spans?.push(result.span);
      changes.publish(events);
      return result.out;
    } catch (e) {
      if (attempt >= 6 || !isRetryableWriteError(e)) throw e;
      await pause(5 + Math.random() * 20 * attempt);
    }
  }
}

// A write whose every statement is known before it starts, sent whole to a writer thread:
// the same guarantees as runWrite (data and change_log rows commit together, seq order is
// commit order, live events after the commit). `unless`: a read
// that, finding a change since the statements were planned, rolls the write back unapplied;
// then this returns false and the caller plans again. Its `pendingSpan` parameters take the
// change_log span of the script before it on the writer, sent earlier and not answered yet
// (ChangeLogService.changedSinceQuery, `pending`). The script goes to the writer at once, or
// as soon as its turn comes; `done` resolves once it has run.
export function runScripted(
  writer: BatchWriter,
  em: EntityManager,
  changes: ChangeLogService,
  write: { unless: Statement & { pendingSpan?: [number, number] }; statements: readonly Statement[]; changes: readonly ChangeInput[]; audiences: readonly Audience[][] },
  spans?: SeqSpan[],
): { done: Promise<boolean> } {
  // An offline mutation's marker (withinMutation) must commit with its write: not supported here.
  if (mutationContext.getStore()) throw new Error('runScripted cannot carry a sync mutation marker');
  const latest = changes.latestSeqQuery(em);
  // As appendAll: the change_log lock last, after the data. Should the row be missing, the write
  // is rolled back and goes the ordinary way (runWrite), which recreates it.
  const lock = lockRowQuery(em, LOCK_ROWS.changeLog);
  const { pendingSpan, ...unless } = write.unless;
  // The span of the script before: its two `keep` reads below, taken before and after its
  // change_log rows.
  const fill = pendingSpan ? [{ param: pendingSpan[0], kept: 0 }, { param: pendingSpan[1], kept: 1 }] : undefined;
  const steps: ScriptStep[] = [
    { ...unless, abortIf: true, ...(fill ? { fill } : {}) },
    ...write.statements,
    ...(lock ? [{ ...lock, abortIf: true }] : []),
    { ...latest, keep: true },
    ...changes.appendStatements(em, write.changes),
    { ...latest, keep: true },
  ];
  const sent = writer.script(steps);
  const done = sent.then(({ ran, kept }) => {
    if (!ran) return false;
    const seqOf = (rows: unknown[] | undefined) => Number((rows?.[0] as { m?: number | null } | undefined)?.m ?? 0);
    if (write.changes.length) spans?.push({ after: seqOf(kept[0]), upTo: seqOf(kept[1]) });
    changes.publish(write.changes.map((c, i) => eventOf(c, write.audiences[i])));
    return true;
  });
  return { done };
}
