import type { DataSource } from 'typeorm';

// SQLite plans queries from statistics that only ANALYZE gathers; without them it guesses, and
// for an account manager's own-scope count over 100k customers it picks a scan of every live
// row (~200 ms) over the owner index (~50 ms). PRAGMA optimize is SQLite's own advice: cheap
// when nothing changed, bounded by analysis_limit when something did. PostgreSQL (autovacuum)
// and InnoDB (persistent statistics) keep theirs up to date by themselves.
//
// `everyTable`: at start-up, look at tables not queried yet on this connection as well (0x10000).
export async function refreshPlannerStats(db: DataSource, { everyTable = false } = {}): Promise<void> {
  if (db.options.type !== 'better-sqlite3') return;
  await db.query('PRAGMA analysis_limit = 1000');
  await db.query(everyTable ? 'PRAGMA optimize = 0x10002' : 'PRAGMA optimize');
}
