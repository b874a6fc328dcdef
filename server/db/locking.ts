import type { EntityManager, EntityTarget, FindOptionsOrder, FindOptionsWhere, ObjectLiteral } from 'typeorm';
import { SettingEntity } from '../modules/settings/setting.entity';

// Reads rows for update inside a transaction. PostgreSQL and MySQL/MariaDB take a row lock
// (SELECT ... FOR UPDATE), and the read sees the latest committed version even under
// MySQL's REPEATABLE READ snapshot. SQLite has no row locks and needs none: its
// transactions are serialised (sqlite-serial.ts, BEGIN IMMEDIATE).
export function rowLocksSupported(em: EntityManager): boolean {
  return em.connection.options.type !== 'better-sqlite3';
}

export function findOneForUpdate<T extends ObjectLiteral>(
  em: EntityManager,
  entity: EntityTarget<T>,
  where: FindOptionsWhere<T>,
  order?: FindOptionsOrder<T>,
): Promise<T | null> {
  return em.getRepository(entity).findOne({
    where,
    ...(order ? { order } : {}),
    ...(rowLocksSupported(em) ? { lock: { mode: 'pessimistic_write' as const } } : {}),
  });
}

// Rows that exist only to be locked, serialising one kind of write across server processes
// and connections. They must exist before two transactions want them: on MySQL two
// transactions that both find the row missing and then insert it deadlock on gap locks.
export const LOCK_ROWS = { auditChain: 'lock.auditChain', changeLog: 'lock.changeLog' } as const;

export async function ensureLockRows(em: EntityManager): Promise<void> {
  const now = new Date().toISOString();
  for (const key of Object.values(LOCK_ROWS)) {
    await em.createQueryBuilder().insert().into(SettingEntity).values({ key, value: {}, updatedAt: now }).orIgnore().execute();
  }
}

// takeLockRow as one statement, for a transaction sent whole (write-tx.ts, runScripted): its
// first value is true when the row is missing and nothing was locked. Null on SQLite.
export function lockRowQuery(em: EntityManager, key: (typeof LOCK_ROWS)[keyof typeof LOCK_ROWS]): { sql: string; params: unknown[] } | null {
  if (!rowLocksSupported(em)) return null;
  const d = em.connection.driver;
  const mark = d.options.type === 'postgres' ? '$1' : '?';
  return { sql: `SELECT (SELECT 1 FROM ${d.escape('settings')} WHERE ${d.escape('key')} = ${mark} FOR UPDATE) IS NULL AS missing`, params: [key] };
}

// Locks one of LOCK_ROWS until the transaction ends (a no-op on SQLite, see above).
export async function takeLockRow(em: EntityManager, key: (typeof LOCK_ROWS)[keyof typeof LOCK_ROWS]): Promise<void> {
  if (!rowLocksSupported(em)) return;
  if (await findOneForUpdate(em, SettingEntity, { key })) return;
  // Only if someone deleted it: recreate, accepting the rare deadlock described above.
  await em.createQueryBuilder().insert().into(SettingEntity).values({ key, value: {}, updatedAt: new Date().toISOString() }).orIgnore().execute();
  await findOneForUpdate(em, SettingEntity, { key });
}
