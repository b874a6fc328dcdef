import { Worker } from 'node:worker_threads';
import type { RawCell } from '../../../src/shared/excel/clean';
import type { ColumnMapping } from '../../../src/shared/excel/header';
import type { ImportEntity } from '../../../src/shared/excel/import.schema';
import { validateSlice, type SliceChecks } from '../../../src/shared/excel/validate-slice';

export interface SliceValidator<E extends ImportEntity> {
  check(rows: readonly RawCell[][], indexes: readonly number[]): Promise<SliceChecks[E]>;
  close(): void;
}

// A thread for checking one import's rows, started ahead of need: starting it compiles the
// shared code, about half a second, which a large file's import can spend while its first rows
// are still being read.
export interface CheckThread {
  readonly worker: Worker;
  // Calls back once, when the thread fails or ends (at once if it already has).
  onEnd(fn: (e: Error) => void): void;
  close(): void;
}

export function startCheckThread(entity: ImportEntity): CheckThread {
  const worker = new Worker(new URL('./validate-worker.mjs', import.meta.url), { workerData: { entity } });
  let ended: Error | null = null;
  const listeners: ((e: Error) => void)[] = [];
  const end = (e: Error) => {
    ended ??= e;
    for (const fn of listeners.splice(0)) fn(ended);
  };
  // Listened to from the start: a thread that fails before it is used must not take the
  // process down with an unheard 'error'.
  worker.once('error', end);
  worker.once('exit', () => end(new Error('import row checker stopped')));
  return {
    worker,
    onEnd(fn) {
      if (ended) fn(ended);
      else listeners.push(fn);
    },
    close: () => void worker.terminate(),
  };
}

// Checks slices in order on a worker thread (large files) or at once (small ones: starting
// the worker, which compiles the shared code, takes longer than checking a few thousand
// rows); checks may be asked for ahead, while the previous slice is written.
export function sliceValidator<E extends ImportEntity>(entity: E, columns: readonly ColumnMapping[], thread: CheckThread | null): SliceValidator<E> {
  if (!thread) {
    return { check: async (rows, indexes) => validateSlice(entity, rows, indexes, columns), close: () => undefined };
  }
  const { worker } = thread;
  worker.postMessage({ columns });
  const waiting = new Map<number, { resolve: (r: SliceChecks[E]) => void; reject: (e: Error) => void }>();
  let next = 0;
  const failAll = (e: Error) => {
    for (const w of waiting.values()) w.reject(e);
    waiting.clear();
  };
  worker.on('message', (msg: { id: number; ok: true; result: SliceChecks[E] } | { id: number; ok: false; message: string }) => {
    const w = waiting.get(msg.id);
    waiting.delete(msg.id);
    if (msg.ok) w?.resolve(msg.result);
    else w?.reject(new Error(`import rows could not be checked: ${msg.message}`));
  });
  let ended: Error | null = null;
  thread.onEnd((e) => {
    ended = e;
    failAll(e);
  });
  return {
    check(rows, indexes) {
      const id = next++;
      return new Promise((resolve, reject) => {
        if (ended) return reject(ended);
        waiting.set(id, { resolve, reject });
        worker.postMessage({ id, rows, indexes });
      });
    },
    close: thread.close,
  };
}
