import type { EntityManager } from 'typeorm';

// Runs fn with PostgreSQL told to keep off sequential scans, for queries that an index always
// answers well (an account manager's own customers through the owner index).
//
// Why: while a bulk import is writing, the visibility map lags behind the new rows, so the
// planner prices an index-only scan as if every row needed a heap visit and counts 26,000
// customers by reading all 200,000 (100–400 ms) instead of the index (4 ms). The rows it
// would visit are old and all-visible; only the estimate is wrong. Other engines, and calls
// already inside a transaction (whose settings must not change), run fn as it is.
export async function withIndexPlans<T>(em: EntityManager, fn: (em: EntityManager) => Promise<T>): Promise<T> {
  if (em.connection.options.type !== 'postgres' || em.queryRunner?.isTransactionActive) return fn(em);
  return em.transaction(async (tx) => {
    await tx.query('SET LOCAL enable_seqscan = off');
    return fn(tx);
  });
}
