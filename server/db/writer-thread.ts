import type { Worker } from 'node:worker_threads';
import { QueryFailedError, type EntityManager } from 'typeorm';

// What an import's writer threads (sqlite-writer.ts, pg-writer.ts) share: the shape of a
// transaction sent whole, and the request/answer bookkeeping with the thread (which the
// import's row checker, modules/imports/slice-validator.ts, uses too).

// Where a write transaction runs: the data source itself, or a writer of its own.
export interface Transactor {
  transaction<T>(fn: (em: EntityManager) => Promise<T>): Promise<T>;
}

export interface Statement {
  sql: string;
  params: unknown[];
}

// A transaction given whole: its statements in order; a read marked `abortIf` rolls it back,
// unapplied, when its first value is truthy; `keep` reads are returned. `fill`: parameters
// taken from the `keep` reads of the script before it on the same writer (the first value of
// read number `kept`), for a script sent while that one was still running; should the thread
// have done anything else in between, or that script not have committed, this one is rolled
// back unapplied.
export type ScriptStep = Statement & { abortIf?: boolean; keep?: boolean; fill?: readonly ScriptFill[] };
export interface ScriptFill {
  param: number;
  kept: number;
}

export interface ScriptResult {
  ran: boolean;
  kept: unknown[][];
}

// An import's writes on a connection of their own, on a worker thread. transaction() serves
// what cannot be planned ahead (a batch planned again, contacts and follow-ups).
export interface BatchWriter extends Transactor {
  // One message to the writer thread and one back: nothing in between waits for the main
  // thread, which an import keeps busy preparing the next batch.
  script(steps: readonly ScriptStep[]): Promise<ScriptResult>;
  close(): Promise<void>;
}

// A statement's failure as the thread reports it (sql: the statement that failed).
export interface ThreadError {
  message: string;
  code?: string;
  sql?: string;
}

export function queryFailed(error: ThreadError, params: unknown[]): QueryFailedError {
  return new QueryFailedError(error.sql ?? '', params, Object.assign(new Error(error.message), { code: error.code }));
}

// Messages to the thread carry an id; its answer carries the same. Once the thread has failed or
// ended, every request waiting and every later one fails.
export function threadChannel<Reply extends { id: number }>(worker: Worker, name: string) {
  const pending = new Map<number, { resolve: (r: Reply) => void; reject: (e: Error) => void }>();
  let next = 0;
  let failed: Error | null = null;
  let drained: (() => void)[] = [];
  const settle = () => {
    if (pending.size) return;
    for (const d of drained) d();
    drained = [];
  };
  const failAll = (e: Error) => {
    failed = e;
    for (const p of pending.values()) p.reject(e);
    pending.clear();
    settle();
  };
  worker.on('message', (r: Reply) => {
    const p = pending.get(r.id);
    pending.delete(r.id);
    p?.resolve(r);
    settle();
  });
  worker.once('error', failAll);
  worker.once('exit', () => failAll(new Error(`${name} thread ended`)));
  return {
    request(message: object): Promise<Reply> {
      return new Promise<Reply>((resolve, reject) => {
        if (failed) return reject(failed);
        const id = next++;
        pending.set(id, { resolve, reject });
        worker.postMessage({ ...message, id });
      });
    },
    // Resolves once every request sent so far has its answer (or the thread has ended).
    drained(): Promise<void> {
      return pending.size ? new Promise<void>((r) => drained.push(r)) : Promise.resolve();
    },
    // A message whose answer nobody waits for.
    post(message: object): void {
      if (failed) throw failed;
      worker.postMessage({ ...message, id: next++ });
    },
  };
}
