// Checks slices of an import's rows on a thread of its own, so that the main thread spends
// its time on the database: validation is pure shared code and costs as much as the writes.
// The shared code is TypeScript: tsx (a dependency of the server) compiles it here. The thread
// may be started before the file's header is known: its columns come in the first message.
import { parentPort, receiveMessageOnPort, workerData } from 'node:worker_threads';
import { runInBackground } from '../../background-priority.mjs';

runInBackground('crm-imp-check');

const { register } = await import('tsx/esm/api');
register();
const { checkRows } = await import('../../../src/shared/excel/validate-slice.ts');
const { entity, rowsPort } = workerData;
/** @type {unknown[] | null} */
let columns = null;

// Rows the parse worker sent here directly (read-workbook.ts) wait in the port, still
// serialised, until a slice asks for them: received as they came, they waited here for the
// import (up to its few thousand rows ahead), lived through this thread's collections and
// doubled its time collecting. The block being read lives here until passed.
/** @type {{ first: number, rows: unknown[][] } | null} */
let block = null;
// How long a slice waits for rows that are not there. The parse worker sends them before it
// tells the import of them, so they should always be.
const ROWS_WAIT_MS = 60_000;

/**
 * The rows of a slice end to end: those the import sent with it, and those the parse worker
 * sent here.
 * @param {{ first: number, count: number, rows: unknown[][] | null }[]} slice
 */
async function rowsOf(slice) {
  /** @type {unknown[][]} */
  const out = [];
  for (const { first, count, rows } of slice) {
    if (rows) {
      for (const row of rows) out.push(row);
      continue;
    }
    let waited = 0;
    for (let r = first; r < first + count; ) {
      if (!block || block.first + block.rows.length <= r) {
        const next = receiveMessageOnPort(rowsPort);
        if (next) {
          block = next.message;
          continue;
        }
        if (waited >= ROWS_WAIT_MS) throw new Error(`rows from ${r} never came from the parse worker`);
        await new Promise((resolve) => setTimeout(resolve, 5));
        waited += 5;
        continue;
      }
      if (block.first > r) throw new Error(`rows from ${r} were skipped by the parse worker`);
      const end = Math.min(first + count, block.first + block.rows.length);
      for (; r < end; r++) out.push(block.rows[r - block.first]);
    }
  }
  return out;
}

// One slice after another, in the order asked.
let tail = Promise.resolve();
parentPort.on('message', (msg) => {
  if (msg.columns) {
    columns = msg.columns;
    return;
  }
  const { id, slice } = msg;
  tail = tail.then(async () => {
    try {
      if (!columns) throw new Error('no columns given');
      const rows = await rowsOf(slice);
      parentPort.postMessage({ id, ok: true, result: checkRows(entity, rows, slice[0]?.first ?? 0, columns) });
    } catch (e) {
      parentPort.postMessage({ id, ok: false, message: String(e && e.message ? e.message : e) });
    }
  });
});
