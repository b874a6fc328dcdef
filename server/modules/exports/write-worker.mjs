// Builds one spreadsheet file off the main thread: a 100,000-row workbook takes seconds of
// CPU that would otherwise hold up every other request. Plain JavaScript so that it runs as
// a worker under any loader. Cells arrive already neutralised (see export-sheet.ts), a slice
// of rows per message, and are written as they come: the main thread gathers the next slice
// from the database meanwhile.
import { parentPort, workerData } from 'node:worker_threads';
import * as XLSX from 'xlsx';
import { createXlsxWriter } from './xlsx-writer.mjs';
import { runInBackground } from '../../background-priority.mjs';

runInBackground('crm-export');

const { header, format, sheetName } = workerData;

// .xlsx streams through our writer; CSV is SheetJS's, from a sheet built as rows come.
function csvWriter() {
  const ws = XLSX.utils.aoa_to_sheet([header], { dense: true });
  return {
    add: (rows) => XLSX.utils.sheet_add_aoa(ws, rows, { origin: -1 }),
    // With a BOM, Excel on Chinese Windows opens UTF-8 CSV without garbling it.
    finish: async () => Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(XLSX.utils.sheet_to_csv(ws, { forceQuotes: false }), 'utf8')]),
  };
}

const writer = format === 'csv' ? csvWriter() : createXlsxWriter(header, sheetName);
// Messages are handled in order; the file is built after the last slice has been written.
let chain = Promise.resolve();
parentPort.on('message', (msg) => {
  chain = chain.then(async () => {
    if (msg.rows) return writer.add(msg.rows);
    const file = await writer.finish();
    // A small Buffer may live in Node's shared pool: transfer a copy of its own instead.
    const out = file.byteOffset === 0 && file.buffer.byteLength === file.length ? file : new Uint8Array(file);
    parentPort.postMessage({ ok: true, data: out }, [out.buffer]);
  }).catch((e) => {
    parentPort.postMessage({ ok: false, message: String(e && e.message ? e.message : e) });
  });
});
