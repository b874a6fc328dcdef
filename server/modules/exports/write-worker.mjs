// Builds one spreadsheet file off the main thread: a 100,000-row workbook takes seconds of
// CPU that would otherwise hold up every other request. Plain JavaScript so that it runs as
// a worker under any loader. Cells arrive already neutralised (see export-sheet.ts), a slice
// of rows per message, and become sheet cells as they come: the main thread gathers the next
// slice from the database meanwhile.
import { parentPort, workerData } from 'node:worker_threads';
import * as XLSX from 'xlsx';

const { header, format, sheetName } = workerData;
const ws = XLSX.utils.aoa_to_sheet([header], { dense: true });

parentPort.on('message', (msg) => {
  try {
    if (msg.rows) {
      XLSX.utils.sheet_add_aoa(ws, msg.rows, { origin: -1 });
      return;
    }
    let out;
    if (format === 'csv') {
      // With a BOM, Excel on Chinese Windows opens UTF-8 CSV without garbling it.
      out = Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(XLSX.utils.sheet_to_csv(ws, { forceQuotes: false }), 'utf8')]);
    } else {
      const wb = XLSX.utils.book_new();
      XLSX.utils.book_append_sheet(wb, ws, sheetName);
      out = XLSX.write(wb, { type: 'buffer', bookType: 'xlsx', compression: true });
    }
    parentPort.postMessage({ ok: true, data: out }, [out.buffer]);
  } catch (e) {
    parentPort.postMessage({ ok: false, message: String(e && e.message ? e.message : e) });
  }
});
