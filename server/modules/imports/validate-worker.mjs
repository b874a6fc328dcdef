// Checks slices of an import's rows on a thread of its own, so that the main thread spends
// its time on the database: validation is pure shared code and costs as much as the writes.
// The shared code is TypeScript: tsx (a dependency of the server) compiles it here. The thread
// may be started before the file's header is known: its columns come in the first message.
import { parentPort, workerData } from 'node:worker_threads';
import { runInBackground } from '../../background-priority.mjs';

runInBackground();

const { register } = await import('tsx/esm/api');
register();
const { validateSlice } = await import('../../../src/shared/excel/validate-slice.ts');
const { entity } = workerData;
/** @type {unknown[] | null} */
let columns = null;

parentPort.on('message', (msg) => {
  if (msg.columns) {
    columns = msg.columns;
    return;
  }
  const { id, rows, indexes } = msg;
  try {
    if (!columns) throw new Error('no columns given');
    parentPort.postMessage({ id, ok: true, result: validateSlice(entity, rows, indexes, columns) });
  } catch (e) {
    parentPort.postMessage({ id, ok: false, message: String(e && e.message ? e.message : e) });
  }
});
