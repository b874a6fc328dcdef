import { MessageChannel, Worker, type MessagePort } from 'node:worker_threads';
import type { ColumnMapping } from '../../../src/shared/excel/header';
import type { ImportEntity } from '../../../src/shared/excel/import.schema';
import { checkRows, type CheckedRows } from '../../../src/shared/excel/validate-slice';
import { threadChannel } from '../../db/writer-thread';
import { WORKER_HEAP } from '../../worker-heap';
import { localRows, type RowSegment } from './import-analysis';

export interface SliceValidator<E extends ImportEntity> {
  check(slice: readonly RowSegment[]): Promise<CheckedRows<E>>;
  close(): void;
}

// A thread for checking one import's rows, started ahead of need: starting it compiles the
// shared code, about half a second, which a large file's import can spend while its first rows
// are still being read. Its failures are heard from the start (threadChannel): one that fails
// before it is used must not take the process down with an unheard 'error'.
export interface CheckThread {
  readonly channel: ReturnType<typeof threadChannel<CheckReply>>;
  // Where the parse worker may send the rows straight to this thread (read-workbook.ts); given
  // away at most once.
  readonly rowsPort: MessagePort;
  close(): void;
}
type CheckReply<R = unknown> = { id: number; ok: true; result: R } | { id: number; ok: false; message: string };

export function startCheckThread(entity: ImportEntity): CheckThread {
  const { port1, port2 } = new MessageChannel();
  const worker = new Worker(new URL('./validate-worker.mjs', import.meta.url), { workerData: { entity, rowsPort: port2 }, transferList: [port2], resourceLimits: WORKER_HEAP });
  return {
    channel: threadChannel<CheckReply>(worker, 'import row checker'),
    rowsPort: port1,
    close() {
      // Still here when no parse worker took it.
      port1.close();
      void worker.terminate();
    },
  };
}

// Checks slices in order on a worker thread (large files) or at once (small ones: starting
// the worker, which compiles the shared code, takes longer than checking a few thousand
// rows); checks may be asked for ahead, while the previous slice is written.
export function sliceValidator<E extends ImportEntity>(entity: E, columns: readonly ColumnMapping[], thread: CheckThread | null): SliceValidator<E> {
  if (!thread) {
    return { check: async (slice) => checkRows(entity, localRows(slice), slice[0]?.first ?? 0, columns), close: () => undefined };
  }
  const { channel } = thread;
  channel.post({ columns });
  return {
    async check(slice) {
      const reply = (await channel.request({ slice })) as CheckReply<CheckedRows<E>>;
      if (!reply.ok) throw new Error(`import rows could not be checked: ${reply.message}`);
      return reply.result;
    },
    close: thread.close,
  };
}
