import { Worker, type MessagePort } from 'node:worker_threads';
import type { RawCell } from '../../../src/shared/excel/clean';
import type { MergeRange } from '../../../src/shared/excel/header';
import { AppError } from '../../../src/shared/errors';
import { assertFileSize, assertSafeZip, sniff, type ImportLimits } from './file-guard';
import { WORKER_HEAP } from '../../worker-heap';

// What the parse worker sends, in file order: each sheet's start (its merges before any of its
// rows, so a merged header can be read as soon as the first rows arrive), then its rows in
// slices, sheet after sheet. A slice's rows are sheet rows first to first + count - 1; `rows` is
// null where they went to the row checker instead (WorkbookStream.route).
export type WorkbookEvent =
  | { kind: 'sheet'; index: number; name: string; merges: MergeRange[]; rowCount: number }
  | { kind: 'rows'; sheet: number; first: number; count: number; rows: RawCell[][] | null };

export interface WorkbookStream {
  events: AsyncIterable<WorkbookEvent>;
  // From the next slice on, the rows of this sheet go to the row checker's port given to
  // streamWorkbook, not to this thread. False when there is no such port.
  route(sheet: number): boolean;
  // Stops the worker: the rest of the file is not needed (a totals row, a cancelled job).
  close(): void;
}

// How long the worker may go without a word while it is free to read on.
const PARSE_TIMEOUT_MS = 120_000;
// Rows read but not yet taken by the import, at most. The worker reads faster than an import
// writes: unchecked, it had read the whole file by a third of the way through a 100,000-row
// commit, and rows waiting that long outlive the server thread's collections, which then copy
// them at every pass (main-thread pauses of 60-160 ms that colleagues' requests wait behind).
const ROWS_AHEAD = 8000;
const rejected = (reason: string, extra: Record<string, unknown> = {}) => new AppError('IMPORT_FILE_REJECTED', { reason, ...extra });

type Message =
  | { kind: 'sheet'; name: string; merges: MergeRange[]; rowCount?: number }
  | { kind: 'rows'; sheet: number; first: number; count: number; rows: RawCell[][] | null }
  | { kind: 'done' }
  | { kind: 'failed'; message: string };

// .xlsx, .ods (zip), .xls (compound file) and CSV in any of the encodings people save it in,
// parsed in a worker so that a large file does not stall every other request, and handed over
// while it is read: the import validates and writes the first rows while the worker is still
// reading the rest. The bytes are the worker's from then on (see below).
//
// rowsPort: the import's row checker (slice-validator.ts). Every row sent to this thread is
// copied twice more (to the checker, which reads them, and back as checked rows), and sending
// a string costs about four times what receiving one does: for a 100,000-row file the server's
// thread spent about 0.4 s sending the rows on. Once routed, they go to the checker directly.
export function streamWorkbook(buf: Buffer, limits: ImportLimits, rowsPort?: MessagePort): WorkbookStream {
  assertFileSize(buf.length, limits);
  const kind = sniff(buf);
  if (kind === 'zip') assertSafeZip(buf, limits);
  // Rows the import has taken so far, which the worker reads to stay at most ROWS_AHEAD ahead.
  const taken = new Int32Array(new SharedArrayBuffer(4));
  // The file's memory moves to the worker rather than being copied, and a text file is
  // decoded there: cloning 20 MB held this thread, and every other user's request, for
  // 0.1-0.2 s, and decoding a 20 MB CSV and cloning its text about 0.25 s. Only a buffer
  // that owns all of its memory moves (an upload's decoded bytes, above Node's small-buffer
  // pool); it is empty here afterwards.
  // The sheet whose rows go to rowsPort, plus one (0: none).
  const route = new Int32Array(new SharedArrayBuffer(4));
  const workerData = { ...(kind === 'text' ? { textBytes: buf } : { bytes: buf }), maxRows: limits.maxRows, taken, rowsAhead: ROWS_AHEAD, route, rowsPort };
  const owned = buf.byteOffset === 0 && buf.byteLength === buf.buffer.byteLength && buf.buffer instanceof ArrayBuffer;
  const worker = new Worker(new URL('./parse-worker.mjs', import.meta.url), {
    workerData,
    transferList: [...(owned ? [buf.buffer as ArrayBuffer] : []), ...(rowsPort ? [rowsPort] : [])],
    resourceLimits: { ...WORKER_HEAP, maxOldGenerationSizeMb: 2048 },
  });

  const queue: WorkbookEvent[] = [];
  let ended = false;
  let failure: AppError | null = null;
  let wake: (() => void) | null = null;
  const notify = () => {
    const w = wake;
    wake = null;
    w?.();
  };
  const finish = (error: AppError | null) => {
    if (ended) return;
    ended = true;
    failure = error;
    clearTimeout(timer);
    // A worker waiting for the import to take rows wakes to be stopped.
    Atomics.store(taken, 0, 0x7fffffff);
    Atomics.notify(taken, 0);
    void worker.terminate();
    notify();
  };
  const timer = setTimeout(() => finish(rejected('timeout')), PARSE_TIMEOUT_MS);
  // Rows received, and those of them the import has taken.
  let arrived = 0;
  let takenHere = 0;
  // The timeout runs only while the worker may read: waiting for the import is not its delay.
  const watch = () => {
    if (ended) return;
    if (arrived - takenHere >= ROWS_AHEAD) clearTimeout(timer);
    else timer.refresh();
  };
  let sheets = 0;
  let rowsInSheet = 0;
  worker.on('message', (msg: Message) => {
    if (ended) return;
    if (msg.kind === 'rows') arrived += msg.count;
    watch();
    if (msg.kind === 'sheet') {
      rowsInSheet = 0;
      // rowCount counts the sheet's rows before they are read: too long a sheet is refused
      // before its first row is imported, not half way through.
      if ((msg.rowCount ?? 0) > limits.maxRows + 30) return finish(rejected('tooManyRows', { max: limits.maxRows }));
      queue.push({ kind: 'sheet', index: sheets++, name: msg.name, merges: msg.merges, rowCount: msg.rowCount ?? 0 });
    } else if (msg.kind === 'rows') {
      rowsInSheet += msg.count;
      if (rowsInSheet > limits.maxRows + 30) return finish(rejected('tooManyRows', { max: limits.maxRows }));
      queue.push({ kind: 'rows', sheet: msg.sheet, first: msg.first, count: msg.count, rows: msg.rows });
    } else return finish(msg.kind === 'done' ? null : rejected('unreadable'));
    notify();
  });
  worker.once('error', () => finish(rejected('unreadable')));

  async function* events(): AsyncGenerator<WorkbookEvent> {
    try {
      for (;;) {
        const next = queue.shift();
        if (next) {
          if (next.kind === 'rows') {
            takenHere += next.count;
            Atomics.store(taken, 0, takenHere);
            Atomics.notify(taken, 0);
            watch();
          }
          yield next;
          continue;
        }
        if (ended) {
          if (failure) throw failure;
          return;
        }
        await new Promise<void>((r) => (wake = r));
      }
    } finally {
      finish(null);
    }
  }
  return {
    events: events(),
    route(sheet) {
      if (!rowsPort) return false;
      Atomics.store(route, 0, sheet + 1);
      return true;
    },
    close: () => finish(null),
  };
}
