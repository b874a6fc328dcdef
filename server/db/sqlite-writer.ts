import { Worker } from 'node:worker_threads';
import { QueryFailedError, QueryResult, type DataSource, type EntityManager, type QueryRunner } from 'typeorm';
import { sqliteAccess } from './sqlite-serial';

// Where a write transaction runs: the data source itself, or a writer of its own.
export interface Transactor {
  transaction<T>(fn: (em: EntityManager) => Promise<T>): Promise<T>;
}

export interface Statement {
  sql: string;
  params: unknown[];
}

// A transaction given whole: its statements in order; a read marked `abortIf` rolls it back,
// unapplied, when its first value is truthy; `keep` reads are returned.
export type ScriptStep = Statement & { abortIf?: boolean; keep?: boolean };

export interface SqliteWriter extends Transactor {
  // One message to the writer thread and one back: nothing in between waits for the main
  // thread, which an import keeps busy preparing the next batch.
  script(steps: readonly ScriptStep[]): Promise<{ ran: boolean; kept: unknown[][] }>;
  close(): Promise<void>;
}

type Reply = {
  id: number;
  rows?: unknown[];
  changes?: number;
  lastInsertRowid?: number;
  script?: { ran: boolean; kept: unknown[][] };
  error?: { message: string; code?: string; sql?: string };
};

// A second connection to the SQLite file, on a worker thread, for long series of write
// transactions (an import's batches). On the one shared connection every statement runs on the
// main thread, so a batch's inserts stop both the rest of the import and every request.
// Here the main thread prepares the next batch while this thread writes, and a colleague's
// read goes on during the write (WAL); writes and transactions on the main connection wait
// for the batch, as they would on one connection (sqlite-serial's lock).
// Null where there is no file to share (an in-memory database) or not SQLite.
export function openSqliteWriter(ds: DataSource): SqliteWriter | null {
  const access = sqliteAccess(ds);
  const file = String(ds.options.database ?? '');
  if (!access || ds.options.type !== 'better-sqlite3' || !file || file === ':memory:') return null;
  const worker = new Worker(new URL('./sqlite-writer-worker.mjs', import.meta.url), { workerData: { file } });
  const pending = new Map<number, { resolve: (r: Reply) => void; reject: (e: Error) => void }>();
  let next = 0;
  let failed: Error | null = null;
  const failAll = (e: Error) => {
    failed = e;
    for (const p of pending.values()) p.reject(e);
    pending.clear();
  };
  worker.on('message', (r: Reply) => {
    const p = pending.get(r.id);
    pending.delete(r.id);
    p?.resolve(r);
  });
  worker.once('error', failAll);
  worker.once('exit', () => failAll(new Error('SQLite writer thread ended')));
  const send = (message: { sql: string; params: unknown[] } | { script: readonly ScriptStep[] }) =>
    new Promise<Reply>((resolve, reject) => {
      if (failed) return reject(failed);
      const id = next++;
      pending.set(id, { resolve, reject });
      worker.postMessage({ id, deferred: false, ...message });
    });
  const failure = (error: NonNullable<Reply['error']>, params: unknown[]) =>
    new QueryFailedError(error.sql ?? '', params, Object.assign(new Error(error.message), { code: error.code }));
  // INSERTs inside a transaction are sent without waiting for their end: the thread runs
  // statements in order, so the next statement waited for (a read, the COMMIT) comes after them,
  // and brings their error if one failed. Waiting for each would leave the thread idle
  // whenever the main thread is busy, which an import keeps it.
  const sendDeferred = (sql: string, params: unknown[]) => {
    if (failed) throw failed;
    worker.postMessage({ id: next++, sql, params, deferred: true });
  };

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
    const reply = await send({ sql, params });
    if (reply.error) throw failure({ ...reply.error, sql: reply.error.sql ?? sql }, params);
    if (reply.rows) result.raw = result.records = reply.rows;
    else {
      result.affected = reply.changes;
      result.raw = reply.lastInsertRowid;
    }
    return structured ? result : result.raw;
  }) as QueryRunner['query'];
  const em = ds.createEntityManager(runner);

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
      const release = await access.holdForOtherConnection();
      try {
        const reply = await send({ script: steps.map((s, i) => ({ ...s, params: params[i]! })) });
        if (reply.error) throw failure(reply.error, []);
        return reply.script!;
      } finally {
        release();
      }
    },
    async close() {
      await worker.terminate();
    },
  };
}
