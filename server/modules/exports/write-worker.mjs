// Builds one spreadsheet file off the main thread: a 100,000-row workbook takes seconds of
// CPU that would otherwise hold up every other request. Plain JavaScript so that it runs as
// a worker under any loader. Cells arrive already neutralised (see export-sheet.ts).
import { parentPort, workerData } from 'node:worker_threads';
import * as XLSX from 'xlsx';

const { aoa, format, sheetName } = workerData;

try {
  const ws = XLSX.utils.aoa_to_sheet(aoa, { dense: true });
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
