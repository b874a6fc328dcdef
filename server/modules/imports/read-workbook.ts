import { Worker } from 'node:worker_threads';
import type { RawCell } from '../../../src/shared/excel/clean';
import type { MergeRange } from '../../../src/shared/excel/header';
import { AppError } from '../../../src/shared/errors';
import { assertFileSize, assertSafeZip, decodeText, sniff, type ImportLimits } from './file-guard';

export interface ParsedSheet {
  name: string;
  rows: RawCell[][];
  merges: MergeRange[];
}

const PARSE_TIMEOUT_MS = 120_000;

// .xlsx, .ods (zip), .xls (compound file) and CSV in any of the encodings people save it
// in; parsed in a worker so a large file does not stall every other request.
export async function readWorkbook(buf: Buffer, limits: ImportLimits): Promise<ParsedSheet[]> {
  assertFileSize(buf.length, limits);
  const kind = sniff(buf);
  if (kind === 'zip') assertSafeZip(buf, limits);
  const workerData = kind === 'text' ? { text: decodeText(buf), maxRows: limits.maxRows } : { bytes: buf, maxRows: limits.maxRows };
  const sheets = await new Promise<ParsedSheet[]>((resolve, reject) => {
    const worker = new Worker(new URL('./parse-worker.mjs', import.meta.url), {
      workerData,
      resourceLimits: { maxOldGenerationSizeMb: 2048 },
    });
    const timer = setTimeout(() => {
      void worker.terminate();
      reject(new AppError('IMPORT_FILE_REJECTED', { reason: 'timeout' }));
    }, PARSE_TIMEOUT_MS);
    type Message = { kind: 'sheet'; name: string; merges: MergeRange[] } | { kind: 'rows'; sheet: number; rows: RawCell[][] } | { kind: 'done' } | { kind: 'failed'; message: string };
    const parsed: ParsedSheet[] = [];
    worker.on('message', (msg: Message) => {
      if (msg.kind === 'sheet') parsed.push({ name: msg.name, rows: [], merges: msg.merges });
      else if (msg.kind === 'rows') {
        const rows = parsed[msg.sheet]!.rows;
        for (const row of msg.rows) rows.push(row);
      } else {
        clearTimeout(timer);
        void worker.terminate();
        if (msg.kind === 'done') resolve(parsed);
        else reject(new AppError('IMPORT_FILE_REJECTED', { reason: 'unreadable' }));
      }
    });
    worker.once('error', () => {
      clearTimeout(timer);
      reject(new AppError('IMPORT_FILE_REJECTED', { reason: 'unreadable' }));
    });
  });
  for (const s of sheets) if (s.rows.length > limits.maxRows + 30) throw new AppError('IMPORT_FILE_REJECTED', { reason: 'tooManyRows', max: limits.maxRows });
  return sheets;
}
