import { Worker } from 'node:worker_threads';
import type { RawCell } from '../../../src/shared/excel/clean';
import type { ColumnMapping } from '../../../src/shared/excel/header';
import type { ImportEntity } from '../../../src/shared/excel/import.schema';
import { validateSlice, type SliceChecks } from '../../../src/shared/excel/validate-slice';

export interface SliceValidator<E extends ImportEntity> {
  check(rows: readonly RawCell[][], indexes: readonly number[]): Promise<SliceChecks[E]>;
  close(): void;
}

// Checks slices in order on a worker thread (large files) or at once (small ones: starting
// the worker, which compiles the shared code, takes longer than checking a few thousand
// rows); checks may be asked for ahead, while the previous slice is written.
export function sliceValidator<E extends ImportEntity>(entity: E, columns: readonly ColumnMapping[], onWorker: boolean): SliceValidator<E> {
  if (!onWorker) {
    return { check: async (rows, indexes) => validateSlice(entity, rows, indexes, columns), close: () => undefined };
  }
  const worker = new Worker(new URL('./validate-worker.mjs', import.meta.url), { workerData: { entity, columns } });
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
  worker.once('error', failAll);
  worker.once('exit', () => failAll(new Error('import row checker stopped')));
  return {
    check(rows, indexes) {
      const id = next++;
      return new Promise((resolve, reject) => {
        waiting.set(id, { resolve, reject });
        worker.postMessage({ id, rows, indexes });
      });
    },
    close: () => void worker.terminate(),
  };
}
