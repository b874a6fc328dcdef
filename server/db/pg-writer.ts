import { Worker } from 'node:worker_threads';
import { QueryFailedError, type DataSource } from 'typeorm';
import type { ScriptStep, SqliteWriter } from './sqlite-writer';

type Reply = { id: number; script?: { ran: boolean; kept: unknown[][] }; error?: { message: string; code?: string; sql?: string } };

// An import's batches as whole transactions on a PostgreSQL connection of their own, driven
// from a worker thread. A batch is a dozen statements; sent from the main thread, each waits
// for the main thread to come round to its answer, and an import keeps the main thread busy
// preparing the next batch: the waits, not PostgreSQL, made most of the commit's time.
// transaction() (a batch planned again after a colleague's change) runs on the pool as usual.
export function openPgWriter(ds: DataSource): SqliteWriter | null {
  const url = (ds.options as { url?: string }).url;
  if (ds.options.type !== 'postgres' || !url) return null;
  const worker = new Worker(new URL('./pg-writer-worker.mjs', import.meta.url), { workerData: { url } });
  const pending = new Map<number, { resolve: (r: Reply) => void; reject: (e: Error) => void }>();
  let next = 0;
  let failed: Error | null = null;
  const failAll = (e: Error) => {
    failed = e;
    for (const p of pending.values()) p.reject(e);
    pending.clear();
  };
  worker.on('message', (r: Reply) => {
    const p = pending.get(r.id);
    pending.delete(r.id);
    p?.resolve(r);
  });
  worker.once('error', failAll);
  worker.once('exit', () => failAll(new Error('PostgreSQL writer thread ended')));
  return {
    transaction: (fn) => ds.transaction(fn),
    async script(steps: readonly ScriptStep[]) {
      for (const s of steps) ds.logger.logQuery(s.sql, s.params);
      const reply = await new Promise<Reply>((resolve, reject) => {
        if (failed) return reject(failed);
        const id = next++;
        pending.set(id, { resolve, reject });
        worker.postMessage({ id, script: steps });
      });
      if (reply.error) throw new QueryFailedError(reply.error.sql ?? '', [], Object.assign(new Error(reply.error.message), { code: reply.error.code }));
      return reply.script!;
    },
    async close() {
      await worker.terminate();
    },
  };
}
