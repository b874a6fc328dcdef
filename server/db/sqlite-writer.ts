import { Worker } from 'node:worker_threads';
import { QueryResult, type DataSource, type QueryRunner } from 'typeorm';
import { sqliteAccess, type SqliteAccess } from './sqlite-serial';
import { queryFailed, threadChannel, type BatchWriter, type ScriptResult, type ThreadError } from './writer-thread';
import { WORKER_HEAP } from '../worker-heap';

type Reply = { id: number; rows?: unknown[]; changes?: number; lastInsertRowid?: number; script?: ScriptResult; error?: ThreadError };

// A second connection to the SQLite file, on a worker thread, for long series of write
// transactions (an import's batches). On the one shared connection every statement runs on the
// main thread, so a batch's inserts stop both the rest of the import and every request.
// Here the main thread prepares the next batch while this thread writes, and a colleague's
// read goes on during the write (WAL); writes and transactions on the main connection wait
// for the batch, as they would on one connection (sqlite-serial's lock).
// Null where there is no file to share (an in-memory database) or not SQLite.
export function openSqliteWriter(ds: DataSource): BatchWriter | null {
  const access = sqliteAccess(ds);
  const file = String(ds.options.database ?? '');
  if (!access || ds.options.type !== 'better-sqlite3' || !file || file === ':memory:') return null;
  const worker = new Worker(new URL('./sqlite-writer-worker.mjs', import.meta.url), { workerData: { file }, resourceLimits: WORKER_HEAP });
  const thread = threadChannel<Reply>(worker, 'SQLite writer');
  // INSERTs inside a transaction are sent without waiting for their end: the thread runs
  // statements in order, so the next statement waited for (a read, the COMMIT) comes after them,
  // and brings their error if one failed. Waiting for each would leave the thread idle
  // whenever the main thread is busy, which an import keeps it.
  const sendDeferred = (sql: string, params: unknown[]) => thread.post({ sql, params, deferred: true });

  // TypeORM's own runner class, so that repositories and query builders on this manager work
  // as on the main one; only the statements go elsewhere.
  const RunnerClass = (ds.driver.createQueryRunner('master') as object).constructor as new (driver: DataSource['driver']) => QueryRunner;
  const runner = new RunnerClass(ds.driver);
  // TypeORM reads these to nest (savepoints) instead of opening a transaction of its own.
  const inTransaction = (on: boolean) => Object.assign(runner, { isTransactionActive: on, transactionDepth: on ? 1 : 0 });
  runner.query = (async (sql: string, parameters: unknown[] = [], structured = false) => {
    const params = parameters.map((p) => (typeof p === 'boolean' ? Number(p) : p));
    ds.logger.logQuery(sql, params, runner);
    const result = new QueryResult();
    if (runner.isTransactionActive && /^\s*INSERT\b/i.test(sql)) {
      sendDeferred(sql, params);
      return structured ? result : undefined;
    }
    const reply = await thread.request({ sql, params, deferred: false });
    if (reply.error) throw queryFailed({ ...reply.error, sql: reply.error.sql ?? sql }, params);
    if (reply.rows) result.raw = result.records = reply.rows;
    else {
      result.affected = reply.changes;
      result.raw = reply.lastInsertRowid;
    }
    return structured ? result : result.raw;
  }) as QueryRunner['query'];
  const em = ds.createEntityManager(runner);
  const scripts = sharedHold(access);

  return {
    async transaction(fn) {
      const release = await access.holdForOtherConnection();
      try {
        await runner.query('BEGIN IMMEDIATE TRANSACTION');
        inTransaction(true);
        try {
          const out = await fn(em);
          await runner.query('COMMIT');
          return out;
        } catch (e) {
          await runner.query('ROLLBACK').catch(() => undefined);
          throw e;
        } finally {
          inTransaction(false);
        }
      } finally {
        release();
      }
    },
    async script(steps) {
      const params = steps.map((s) => s.params.map((p) => (typeof p === 'boolean' ? Number(p) : p)));
      for (const [i, s] of steps.entries()) ds.logger.logQuery(s.sql, params[i], runner);
      const release = scripts.join() ?? (await scripts.acquire());
      try {
        const reply = await thread.request({ script: steps.map((s, i) => ({ ...s, params: params[i]! })) });
        if (reply.error) throw queryFailed(reply.error, []);
        return reply.script!;
      } finally {
        release();
      }
    },
    // Once the thread has answered what it was sent: a batch cut short could have committed
    // without the import counting it.
    async close() {
      await thread.drained();
      await worker.terminate();
    },
  };
}

// The main connection's lock held for scripts: a script sent while another is still at the
// thread (an import's next batch) joins the hold the first one took, so that the thread has
// the next batch at hand when it commits one, unless someone else waits for the connection:
// then the script waits its turn behind them.
function sharedHold(access: SqliteAccess) {
  let current: { release: () => void; users: number } | null = null;
  const leave = (hold: { release: () => void; users: number }) => () => {
    if (--hold.users > 0) return;
    if (current === hold) current = null;
    hold.release();
  };
  return {
    join(): (() => void) | null {
      if (!current || access.othersWaiting()) return null;
      current.users++;
      return leave(current);
    },
    async acquire(): Promise<() => void> {
      const hold = { release: await access.holdForOtherConnection(), users: 1 };
      current = hold;
      return leave(hold);
    },
  };
}
