import { Worker } from 'node:worker_threads';
import type { RawCell } from '../../../src/shared/excel/clean';
import type { ColumnMapping } from '../../../src/shared/excel/header';
import type { ImportEntity } from '../../../src/shared/excel/import.schema';
import { validateSlice, type SliceChecks } from '../../../src/shared/excel/validate-slice';
import { threadChannel } from '../../db/writer-thread';
import { WORKER_HEAP } from '../../worker-heap';

export interface SliceValidator<E extends ImportEntity> {
  check(rows: readonly RawCell[][], indexes: readonly number[]): Promise<SliceChecks[E]>;
  close(): void;
}

// A thread for checking one import's rows, started ahead of need: starting it compiles the
// shared code, about half a second, which a large file's import can spend while its first rows
// are still being read. Its failures are heard from the start (threadChannel): one that fails
// before it is used must not take the process down with an unheard 'error'.
export interface CheckThread {
  readonly channel: ReturnType<typeof threadChannel<CheckReply>>;
  close(): void;
}
type CheckReply<R = unknown> = { id: number; ok: true; result: R } | { id: number; ok: false; message: string };

export function startCheckThread(entity: ImportEntity): CheckThread {
  const worker = new Worker(new URL('./validate-worker.mjs', import.meta.url), { workerData: { entity }, resourceLimits: WORKER_HEAP });
  return { channel: threadChannel<CheckReply>(worker, 'import row checker'), close: () => void worker.terminate() };
}

// Checks slices in order on a worker thread (large files) or at once (small ones: starting
// the worker, which compiles the shared code, takes longer than checking a few thousand
// rows); checks may be asked for ahead, while the previous slice is written.
export function sliceValidator<E extends ImportEntity>(entity: E, columns: readonly ColumnMapping[], thread: CheckThread | null): SliceValidator<E> {
  if (!thread) {
    return { check: async (rows, indexes) => validateSlice(entity, rows, indexes, columns), close: () => undefined };
  }
  const { channel } = thread;
  channel.post({ columns });
  return {
    async check(rows, indexes) {
      const reply = (await channel.request({ rows, indexes })) as CheckReply<SliceChecks[E]>;
      if (!reply.ok) throw new Error(`import rows could not be checked: ${reply.message}`);
      return reply.result;
    },
    close: thread.close,
  };
}
