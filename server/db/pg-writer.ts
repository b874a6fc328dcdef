import { Worker } from 'node:worker_threads';
import type { DataSource } from 'typeorm';
import { queryFailed, threadChannel, type BatchWriter, type ScriptResult, type ScriptStep, type ThreadError } from './writer-thread';
import { WORKER_HEAP } from '../worker-heap';
import { withArrayLiterals } from './pg-array-literal.mjs';

type Reply = { id: number; script?: ScriptResult; error?: ThreadError };

// An import's batches as whole transactions on a PostgreSQL connection of their own, driven
// from a worker thread. A batch is a dozen statements; sent from the main thread, each waits
// for the main thread to come round to its answer, and an import keeps the main thread busy
// preparing the next batch: the waits, not PostgreSQL, made most of the commit's time.
// transaction() (a batch planned again after a colleague's change) runs on the pool as usual.
export function openPgWriter(ds: DataSource): BatchWriter | null {
  const url = (ds.options as { url?: string }).url;
  if (ds.options.type !== 'postgres' || !url) return null;
  const worker = new Worker(new URL('./pg-writer-worker.mjs', import.meta.url), { workerData: { url }, resourceLimits: WORKER_HEAP });
  const thread = threadChannel<Reply>(worker, 'PostgreSQL writer');
  return {
    transaction: (fn) => ds.transaction(fn),
    async script(steps: readonly ScriptStep[]) {
      for (const s of steps) ds.logger.logQuery(s.sql, s.params);
      // Array parameters go as one literal string each: posting thousands of small strings to
      // another thread costs far more than one long one (2.2 million cells: 0.27 s to post, 0.07
      // to receive, against 0.11 and 0.03 as literals).
      const reply = await thread.request({ script: withArrayLiterals(steps.map((s) => ({ ...s, params: [...s.params] }))) });
      if (reply.error) throw queryFailed(reply.error, []);
      return reply.script!;
    },
    // Once the thread has answered what it was sent: a batch cut short could have committed
    // without the import counting it.
    async close() {
      await thread.drained();
      await worker.terminate();
    },
  };
}
