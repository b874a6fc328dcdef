// The PostgreSQL connection of pg-writer.ts, on a thread of its own. Plain JavaScript so that it
// runs as a worker under any loader (tsx, vitest, a packaged build).
import { parentPort, workerData } from 'node:worker_threads';
import pg from 'pg';
import { filled } from './script-fill.mjs';
import { runInBackground } from '../background-priority.mjs';

runInBackground('crm-pg-writer');

const client = new pg.Client({ connectionString: workerData.url });
const connected = client.connect();
// Scripts run one after another, in the order sent.
let tail = connected;
// The `keep` reads of the last script, when it committed (writer-thread.ts, ScriptStep.fill).
/** @type {unknown[][] | null} */
let previousKept = null;

/**
 * A whole transaction (see writer-thread.ts, ScriptStep): rolled back on the first error, or
 * when an `abortIf` read's first value is truthy; `keep` reads come back with the reply.
 * @param {{ sql: string, params: unknown[], abortIf?: boolean, keep?: boolean, fill?: { param: number, kept: number }[] }[]} steps
 * @param {unknown[][] | null} before the `keep` reads of the script before, if it committed
 */
async function runScript(steps, before) {
  /** @type {unknown[][]} */
  const kept = [];
  await client.query('BEGIN');
  let current = '';
  try {
    for (const step of steps) {
      current = step.sql;
      const params = step.fill ? filled(before, step.fill, step.params) : step.params;
      if (!params) {
        await client.query('ROLLBACK');
        return { ran: false, kept };
      }
      const { rows } = await client.query(step.sql, params);
      if (step.abortIf && rows.length && Object.values(rows[0])[0]) {
        await client.query('ROLLBACK');
        return { ran: false, kept };
      }
      if (step.keep) kept.push(rows);
    }
    current = 'COMMIT';
    await client.query('COMMIT');
    return { ran: true, kept };
  } catch (e) {
    await client.query('ROLLBACK').catch(() => undefined);
    const err = /** @type {{ message?: string, code?: string }} */ (e);
    throw Object.assign(new Error('script failed'), { detail: { message: String(err?.message ?? e), code: err?.code, sql: current } });
  }
}

parentPort.on('message', (/** @type {{ id: number, script: any[] }} */ { id, script }) => {
  tail = tail
    .then(() => {
      const before = previousKept;
      previousKept = null;
      return runScript(script, before);
    })
    .then((result) => {
      if (result.ran) previousKept = result.kept;
      return result;
    })
    .then(
      (result) => parentPort.postMessage({ id, script: result }),
      (e) => parentPort.postMessage({ id, error: e.detail ?? { message: String(e?.message ?? e), code: e?.code, sql: '' } }),
    );
});
