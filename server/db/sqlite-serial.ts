import { AsyncLocalStorage } from 'node:async_hooks';
import { QueryFailedError, QueryResult, type DataSource, type EntityManager, type QueryRunner } from 'typeorm';

// TypeORM drives SQLite through ONE shared connection. Left alone, two requests running
// `db.transaction()` at once end up in the same SQLite transaction: the second BEGIN fails,
// a rollback undoes the other request's work, statements of unrelated requests land in an
// open transaction. This makes the connection behave like a pool of one:
// - each `db.transaction()` holds a lock for its whole run; code inside it (found through
//   AsyncLocalStorage) uses the connection freely, nested calls become savepoints;
// - statements outside any transaction wait for the lock, one at a time;
// - transactions TypeORM opens by itself (repository.save outside a transaction, migrations)
//   take the lock too, and their own statements go through while they hold it;
// - BEGIN becomes BEGIN IMMEDIATE, so a transaction takes SQLite's write lock up front and
//   waits (busy_timeout) for another process, such as the command line, instead of failing
//   halfway with SQLITE_BUSY.
// A writer on a connection of its own (sqlite-writer.ts) takes the same lock: this connection
// then holds no transaction, so a SELECT outside any transaction reads the last committed
// state (WAL) at once instead of waiting for the other connection's transaction to end.
type Owner = object | 'anonymous' | typeof OTHER_CONNECTION;
const OTHER_CONNECTION = Symbol('other connection');
const READ_STATEMENTS_KEPT = 100;

export interface SqliteAccess {
  // Resolves once this connection is idle and keeps it so (no transaction, no write) until
  // released; reads outside a transaction still run.
  holdForOtherConnection(): Promise<() => void>;
  // Whether anyone waits for the lock: a hold already granted may then not be extended.
  othersWaiting(): boolean;
}
const accessOf = new WeakMap<DataSource, SqliteAccess>();
export function sqliteAccess(ds: DataSource): SqliteAccess | null {
  return accessOf.get(ds) ?? null;
}

class Lock {
  private tail: Promise<void> = Promise.resolve();
  holder: Owner | null = null;
  waiting = 0;

  async acquire(owner: Owner): Promise<() => void> {
    const prev = this.tail;
    let release!: () => void;
    this.tail = new Promise<void>((r) => (release = r));
    this.waiting++;
    await prev;
    this.waiting--;
    this.holder = owner;
    return () => {
      this.holder = null;
      release();
    };
  }
}

export function serializeSqliteAccess(ds: DataSource): void {
  if (ds.options.type !== 'better-sqlite3') return;
  const runner = ds.driver.createQueryRunner('master') as QueryRunner & { transactionDepth: number };
  const context = new AsyncLocalStorage<object>();
  const lock = new Lock();
  let releaseAnonymous: (() => void) | null = null;

  const query = runner.query.bind(runner) as (...args: unknown[]) => Promise<any>;
  // Synchronous, so that nothing can open a transaction on this connection between the check
  // that another connection holds the lock and the read.
  const connection = (ds.driver as unknown as { databaseConnection: { prepare(sql: string): { all(...p: unknown[]): unknown[] } } }).databaseConnection;
  // Prepared statements kept as TypeORM's runner keeps its own: compiling the same SELECT anew
  // for every read cost an import a quarter of a second of the main thread.
  const prepared = new Map<string, { all(...p: unknown[]): unknown[] }>();
  const statement = (sql: string) => {
    let stmt = prepared.get(sql);
    if (!stmt) {
      stmt = connection.prepare(sql);
      prepared.set(sql, stmt);
      if (prepared.size > READ_STATEMENTS_KEPT) prepared.delete(prepared.keys().next().value!);
    }
    return stmt;
  };
  const readNow = (sql: string, params: unknown[] = [], structured = false) => {
    const values = params.map((p) => (typeof p === 'boolean' ? Number(p) : p));
    ds.logger.logQuery(sql, values, runner);
    try {
      const rows = statement(sql).all(...values);
      if (!structured) return rows;
      const result = new QueryResult();
      result.raw = rows;
      result.records = rows;
      return result;
    } catch (e) {
      throw new QueryFailedError(sql, values, e as Error);
    }
  };
  runner.query = (async (sql: string, ...rest: unknown[]) => {
    const statement = /^\s*BEGIN( TRANSACTION)?\s*$/i.test(sql) ? 'BEGIN IMMEDIATE TRANSACTION' : sql;
    const mine = context.getStore();
    if (lock.holder === OTHER_CONNECTION && /^\s*SELECT\b/i.test(statement)) return readNow(statement, rest[0] as unknown[] | undefined, rest[1] === true);
    if ((mine && lock.holder === mine) || (!mine && lock.holder === 'anonymous')) return query(statement, ...rest);
    const release = await lock.acquire({});
    try {
      return await query(statement, ...rest);
    } finally {
      release();
    }
  }) as QueryRunner['query'];

  const start = runner.startTransaction.bind(runner);
  runner.startTransaction = async (isolation) => {
    if (runner.transactionDepth === 0 && !context.getStore()) releaseAnonymous = await lock.acquire('anonymous');
    try {
      await start(isolation);
    } catch (e) {
      endAnonymous();
      throw e;
    }
  };
  const endAnonymous = () => {
    if (releaseAnonymous && !runner.isTransactionActive) {
      const release = releaseAnonymous;
      releaseAnonymous = null;
      release();
    }
  };
  const commit = runner.commitTransaction.bind(runner);
  runner.commitTransaction = async () => {
    try {
      await commit();
    } finally {
      endAnonymous();
    }
  };
  const rollback = runner.rollbackTransaction.bind(runner);
  runner.rollbackTransaction = async () => {
    try {
      await rollback();
    } finally {
      endAnonymous();
    }
  };

  accessOf.set(ds, { holdForOtherConnection: () => lock.acquire(OTHER_CONNECTION), othersWaiting: () => lock.waiting > 0 });

  const manager = ds.manager;
  const transaction = manager.transaction.bind(manager) as (...args: unknown[]) => Promise<unknown>;
  manager.transaction = (async (...args: unknown[]) => {
    const mine = context.getStore();
    if (mine && lock.holder === mine) return transaction(...args);
    const owner = {};
    const release = await lock.acquire(owner);
    try {
      return await context.run(owner, () => transaction(...args));
    } finally {
      release();
    }
  }) as EntityManager['transaction'];
}
