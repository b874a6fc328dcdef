import { AsyncLocalStorage } from 'node:async_hooks';
import type { DataSource, EntityManager, QueryRunner } from 'typeorm';

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
type Owner = object | 'anonymous';

class Lock {
  private tail: Promise<void> = Promise.resolve();
  holder: Owner | null = null;

  async acquire(owner: Owner): Promise<() => void> {
    const prev = this.tail;
    let release!: () => void;
    this.tail = new Promise<void>((r) => (release = r));
    await prev;
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
  runner.query = (async (sql: string, ...rest: unknown[]) => {
    const statement = /^\s*BEGIN( TRANSACTION)?\s*$/i.test(sql) ? 'BEGIN IMMEDIATE TRANSACTION' : sql;
    const mine = context.getStore();
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
