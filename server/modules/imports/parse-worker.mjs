// Parses one spreadsheet off the main thread. Plain JavaScript so that it runs as a worker
// under any loader (tsx, vitest, a packaged build). The work is in parse-spreadsheet.mjs:
// ordinary .xlsx files stream through the fast reader, everything else goes to SheetJS.
import { parentPort, workerData } from 'node:worker_threads';
import { decodeText } from './decode-text.mjs';
import { parseSpreadsheet } from './parse-spreadsheet.mjs';
import { runInBackground } from '../../background-priority.mjs';

runInBackground();

// A text file comes as its bytes and is decoded here (read-workbook.ts).
const { textBytes, taken, rowsAhead, ...input } = workerData;
let sent = 0;
parseSpreadsheet(textBytes ? { text: decodeText(textBytes), maxRows: input.maxRows } : input, (msg) => {
  parentPort?.postMessage(msg);
  if (msg.kind !== 'rows') return;
  sent += msg.rows.length;
  // No further than rowsAhead rows ahead of what the import has taken (read-workbook.ts).
  for (let t = Atomics.load(taken, 0); sent - t > rowsAhead; t = Atomics.load(taken, 0)) Atomics.wait(taken, 0, t, 1000);
});
