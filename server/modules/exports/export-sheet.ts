import { Worker } from 'node:worker_threads';
import * as XLSX from 'xlsx';
import { neutraliseCell } from '../../../src/shared/excel/export-cells';
import { WORKER_HEAP } from '../../worker-heap';

export type ExportFormat = 'xlsx' | 'csv';
export type ExportCell = string | number | null;

// Every string cell is written as text (t:'s'), never as a formula, and anything a
// spreadsheet would run on opening (= + - @ tab CR) is prefixed with '.
export function writeSheet(header: string[], rows: ExportCell[][], format: ExportFormat, sheetName: string): Buffer {
  const safe = (v: ExportCell) => (typeof v === 'string' ? neutraliseCell(v) : v);
  const aoa = [header.map((h) => neutraliseCell(h)), ...rows.map((r) => r.map(safe))];
  const ws = XLSX.utils.aoa_to_sheet(aoa, { dense: true } as XLSX.AOA2SheetOpts);
  if (format === 'csv') {
    // With a BOM, Excel on Chinese Windows opens UTF-8 CSV without garbling it.
    return Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(XLSX.utils.sheet_to_csv(ws, { forceQuotes: false }), 'utf8')]);
  }
  const wb = XLSX.utils.book_new();
  XLSX.utils.book_append_sheet(wb, ws, sheetName);
  return XLSX.write(wb, { type: 'buffer', bookType: 'xlsx', compression: true }) as Buffer;
}

// The same file built in a worker thread, for lists large enough to stall the server. Rows
// are handed over a slice at a time as they are gathered, so the worker turns them into
// cells while the next slice is read from the database.
export interface SheetWriter {
  add(rows: ExportCell[][]): void;
  // The finished file; rows added after this are ignored.
  finish(): Promise<Buffer>;
  // Stops the worker without a file (a cancelled or failed export).
  abort(): void;
}

export function startSheetWriter(header: string[], format: ExportFormat, sheetName: string): SheetWriter {
  const safe = (v: ExportCell) => (typeof v === 'string' ? neutraliseCell(v) : v);
  const worker = new Worker(new URL('./write-worker.mjs', import.meta.url), { workerData: { header: header.map((h) => neutraliseCell(h)), format, sheetName }, resourceLimits: WORKER_HEAP });
  const result = new Promise<Buffer>((resolve, reject) => {
    worker.once('message', (msg: { ok: true; data: Uint8Array } | { ok: false; message: string }) => {
      void worker.terminate();
      if (msg.ok) resolve(Buffer.from(msg.data.buffer, msg.data.byteOffset, msg.data.byteLength));
      else reject(new Error(`export file could not be written: ${msg.message}`));
    });
    worker.once('error', reject);
  });
  // Nobody may be waiting yet when the worker fails; finish() reports it.
  result.catch(() => undefined);
  return {
    add: (rows) => worker.postMessage({ rows: rows.map((r) => r.map(safe)) }),
    finish: () => {
      worker.postMessage({ end: true });
      return result;
    },
    abort: () => void worker.terminate(),
  };
}

export function writeSheetOffThread(header: string[], rows: ExportCell[][], format: ExportFormat, sheetName: string): Promise<Buffer> {
  const writer = startSheetWriter(header, format, sheetName);
  for (let i = 0; i < rows.length; i += 5000) writer.add(rows.slice(i, i + 5000));
  return writer.finish();
}
