import type { DataSource, Logger } from 'typeorm';

export interface RecordedQuery {
  sql: string;
  params: unknown[];
}

// Captures the SQL a piece of application code sends, so the bench can replay exactly that
// SQL straight through the driver: the floor the API path is compared with.
export async function recordQueries<T>(ds: DataSource, fn: () => Promise<T>): Promise<RecordedQuery[]> {
  const recorded: RecordedQuery[] = [];
  const original = ds.logger;
  const recorder: Logger = {
    logQuery: (sql, params) => {
      if (!/^(BEGIN|COMMIT|ROLLBACK|START TRANSACTION|SAVEPOINT|RELEASE)/i.test(sql.trim())) {
        recorded.push({ sql, params: Array.isArray(params) ? params : [] });
      }
    },
    logQueryError: () => {},
    logQuerySlow: () => {},
    logSchemaBuild: () => {},
    logMigration: () => {},
    log: () => {},
  };
  ds.logger = recorder;
  try {
    await fn();
  } finally {
    ds.logger = original;
  }
  return recorded;
}

// Runs recorded queries through the bare driver: better-sqlite3 prepared statements, or the
// pg pool, bypassing TypeORM entirely.
export function rawRunner(ds: DataSource): (q: RecordedQuery) => Promise<unknown> {
  const driver = ds.driver as unknown as { databaseConnection?: any; master?: any };
  if (ds.options.type === 'better-sqlite3') {
    const db = driver.databaseConnection;
    const cache = new Map<string, any>();
    return async (q) => {
      let stmt = cache.get(q.sql);
      if (!stmt) cache.set(q.sql, (stmt = db.prepare(q.sql)));
      return stmt.reader ? stmt.all(...q.params) : stmt.run(...q.params);
    };
  }
  if (ds.options.type === 'postgres') {
    const pool = driver.master;
    return (q) => pool.query(q.sql, q.params);
  }
  return (q) => ds.query(q.sql, q.params as any[]);
}

// The same on one connection held throughout, so that BEGIN and COMMIT enclose the statements
// between them (rawRunner may spread them over a pool).
export async function rawSession(ds: DataSource): Promise<{ run: (q: RecordedQuery) => Promise<unknown>; release: () => Promise<void> }> {
  if (ds.options.type === 'postgres') {
    const client = await (ds.driver as unknown as { master: { connect(): Promise<{ query(sql: string, params: unknown[]): Promise<unknown>; release(): void }> } }).master.connect();
    return { run: (q) => client.query(q.sql, q.params), release: async () => client.release() };
  }
  if (ds.options.type === 'better-sqlite3') return { run: rawRunner(ds), release: async () => undefined };
  const runner = ds.createQueryRunner();
  return { run: (q) => runner.query(q.sql, q.params), release: () => runner.release() };
}

// The INSERTs of an import's batches among what its commit sent: the job's row is written
// before them and the audit entry after.
export function batchInserts(recorded: readonly RecordedQuery[]): RecordedQuery[] {
  return recorded.filter((q) => /^\s*INSERT/i.test(q.sql) && !/import_jobs["`]|audit_log["`]/.test(q.sql));
}

// Those INSERTs as the transactions they ran in. Each batch ends with its change_log INSERTs
// (one or more): the next INSERT into another table starts the next batch.
export function batchTransactions(inserts: readonly RecordedQuery[]): RecordedQuery[][] {
  const isLog = (q: RecordedQuery) => /change_log["`]/.test(q.sql);
  const batches: RecordedQuery[][] = [];
  for (const [i, q] of inserts.entries()) {
    if (i === 0 || (isLog(inserts[i - 1]!) && !isLog(q))) batches.push([]);
    batches.at(-1)!.push(q);
  }
  return batches;
}
