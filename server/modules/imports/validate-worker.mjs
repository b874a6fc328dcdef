// Checks slices of an import's rows on a thread of its own, so that the main thread spends
// its time on the database: validation is pure shared code and costs as much as the writes.
// The shared code is TypeScript: tsx (a dependency of the server) compiles it here. The thread
// may be started before the file's header is known: its columns come in the first message.
import { parentPort, workerData } from 'node:worker_threads';
import { runInBackground } from '../../background-priority.mjs';

runInBackground();

const { register } = await import('tsx/esm/api');
register();
const { checkRows } = await import('../../../src/shared/excel/validate-slice.ts');
const { entity, rowsPort } = workerData;
/** @type {unknown[] | null} */
let columns = null;

// Rows the parse worker sent here directly (read-workbook.ts), in file order, until a slice
// that ends past them has been checked.
/** @type {{ first: number, rows: unknown[][] }[]} */
const received = [];
/** @type {(() => void) | null} */
let arrived = null;
rowsPort.on('message', (/** @type {{ first: number, rows: unknown[][] }} */ block) => {
  received.push(block);
  arrived?.();
});

/**
 * The rows of a slice end to end: those the import sent with it, and those that came here from
 * the parse worker, which may arrive after the import's request for them.
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
    for (let r = first; r < first + count; ) {
      while (received.length && received[0].first + received[0].rows.length <= r) received.shift();
      const block = received[0];
      if (!block || block.first > r) {
        await new Promise((resolve) => (arrived = resolve));
        arrived = null;
        continue;
      }
      const end = Math.min(first + count, block.first + block.rows.length);
      for (; r < end; r++) out.push(block.rows[r - block.first]);
    }
  }
  return out;
}

// One slice after another, in the order asked: the rows received are let go as they are passed.
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
