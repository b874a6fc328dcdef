// The SQLite connection of sqlite-writer.ts, on a thread of its own. Plain JavaScript so that it
// runs as a worker under any loader (tsx, vitest, a packaged build).
import { parentPort, workerData } from 'node:worker_threads';
import Database from 'better-sqlite3';
import { filled } from './script-fill.mjs';
import { runInBackground } from '../background-priority.mjs';

runInBackground('crm-sqlite-wr');

const db = new Database(workerData.file);
// As the main connection (data-source.ts and TypeORM's driver): waits for another process's
// write instead of failing, foreign keys enforced. WAL is a property of the file, set already.
db.pragma('busy_timeout = 5000');
db.pragma('synchronous = NORMAL');
db.pragma('foreign_keys = ON');

const statements = new Map();
const CACHED = 200;

// An INSERT the main thread did not wait for (`deferred`) that failed: every statement after it
// answers with its error until the transaction is rolled back, so the failure reaches whoever
// waits next (at the latest, the COMMIT), and nothing after it is applied.
/** @type {{ message: string, code?: string, sql: string } | null} */
let failedInsert = null;

// The `keep` reads of the last message, when it was a script that committed: what a script
// sent behind it may `fill` its parameters from (writer-thread.ts, ScriptStep).
/** @type {unknown[][] | null} */
let previousKept = null;

/** @param {string} sql */
function statement(sql) {
  let stmt = statements.get(sql);
  if (!stmt) {
    stmt = db.prepare(sql);
    statements.set(sql, stmt);
    if (statements.size > CACHED) statements.delete(statements.keys().next().value);
  }
  return stmt;
}

/** @param {unknown} e @param {string} sql */
const errorOf = (e, sql) => {
  const err = /** @type {{ message?: string, code?: string }} */ (e);
  return { message: String(err?.message ?? e), code: err?.code, sql };
};

/**
 * A whole transaction at once (sqlite-writer.ts, script()): rolled back on the first error, or
 * when an `abortIf` read's first value is truthy; `keep` reads come back with the reply.
 * @param {{ sql: string, params: unknown[], abortIf?: boolean, keep?: boolean, fill?: { param: number, kept: number }[] }[]} steps
 * @param {unknown[][] | null} before the `keep` reads of the script before, if it committed
 */
function runScript(steps, before) {
  /** @type {unknown[][]} */
  const kept = [];
  statement('BEGIN IMMEDIATE TRANSACTION').run();
  let current = '';
  try {
    for (const step of steps) {
      current = step.sql;
      const params = step.fill ? filled(before, step.fill, step.params) : step.params;
      if (!params) {
        statement('ROLLBACK').run();
        return { ran: false, kept };
      }
      const stmt = statement(step.sql);
      if (!stmt.reader) {
        stmt.run(...params);
        continue;
      }
      const rows = stmt.all(...params);
      if (step.abortIf && rows.length && Object.values(rows[0])[0]) {
        statement('ROLLBACK').run();
        return { ran: false, kept };
      }
      if (step.keep) kept.push(rows);
    }
    current = 'COMMIT';
    statement('COMMIT').run();
    return { ran: true, kept };
  } catch (e) {
    if (db.inTransaction) statement('ROLLBACK').run();
    throw Object.assign(new Error('script failed'), { detail: errorOf(e, current) });
  }
}

parentPort.on('message', (/** @type {{ id: number, sql: string, params: unknown[], deferred: boolean, script?: any[] }} */ { id, sql, params, deferred, script }) => {
  const before = previousKept;
  previousKept = null;
  if (script) {
    try {
      const result = runScript(script, before);
      if (result.ran) previousKept = result.kept;
      parentPort.postMessage({ id, script: result });
    } catch (e) {
      parentPort.postMessage({ id, error: /** @type {any} */ (e).detail ?? errorOf(e, '') });
    }
    return;
  }
  if (failedInsert && !/^\s*ROLLBACK/i.test(sql)) return deferred || parentPort.postMessage({ id, error: failedInsert });
  failedInsert = null;
  try {
    const stmt = statement(sql);
    if (stmt.reader) parentPort.postMessage({ id, rows: stmt.all(...params) });
    else {
      const r = stmt.run(...params);
      if (!deferred) parentPort.postMessage({ id, changes: r.changes, lastInsertRowid: Number(r.lastInsertRowid) });
    }
  } catch (e) {
    const error = errorOf(e, sql);
    if (deferred) failedInsert = error;
    else parentPort.postMessage({ id, error });
  }
});
