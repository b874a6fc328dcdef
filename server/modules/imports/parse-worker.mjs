// Parses one spreadsheet off the main thread. Plain JavaScript so that it runs as a worker
// under any loader (tsx, vitest, a packaged build). The work is in parse-spreadsheet.mjs:
// ordinary .xlsx files stream through the fast reader, everything else goes to SheetJS.
import { parentPort, workerData } from 'node:worker_threads';
import { decodeText } from './decode-text.mjs';
import { parseSpreadsheet } from './parse-spreadsheet.mjs';
import { runInBackground } from '../../background-priority.mjs';

runInBackground('crm-imp-parse');

// A text file comes as its bytes and is decoded here (read-workbook.ts). rowsPort: the import's
// row checker, which takes the rows of the sheet `route` names (its index + 1) once the import
// has found that sheet's header; the import then hears only where they are (read-workbook.ts).
const { textBytes, taken, rowsAhead, rowsPort, route, ...input } = workerData;
let sent = 0;
let sheet = -1;
let sheetRows = 0;
parseSpreadsheet(textBytes ? { text: decodeText(textBytes), maxRows: input.maxRows } : input, (msg) => {
  if (msg.kind !== 'rows') return parentPort?.postMessage(msg);
  if (msg.sheet !== sheet) {
    sheet = msg.sheet;
    sheetRows = 0;
  }
  const first = sheetRows;
  const count = msg.rows.length;
  sheetRows += count;
  if (rowsPort && Atomics.load(route, 0) === sheet + 1) {
    // Posted there first: the import asks the checker for these rows once it has heard of them.
    rowsPort.postMessage({ first, rows: msg.rows });
    parentPort?.postMessage({ kind: 'rows', sheet, first, count, rows: null });
  } else parentPort?.postMessage({ kind: 'rows', sheet, first, count, rows: msg.rows });
  sent += count;
  // No further than rowsAhead rows ahead of what the import has taken (read-workbook.ts).
  for (let t = Atomics.load(taken, 0); sent - t > rowsAhead; t = Atomics.load(taken, 0)) Atomics.wait(taken, 0, t, 1000);
});
