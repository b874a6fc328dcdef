import type http from 'node:http';

// Requests people are waiting for, so that background work (an import's batches) can let
// them through first: on SQLite one connection serves everyone, and a batch that starts just
// before a colleague opens their list makes them wait for all of it.
export class ForegroundRequests {
  private active = 0;
  private lastSeen = -Infinity;
  private waiters: (() => void)[] = [];

  // Counts a request until its response is done. Subscriptions (event streams) stay open
  // for hours and are not waited for.
  track(req: http.IncomingMessage, res: http.ServerResponse): void {
    if (String(req.headers.accept ?? '').includes('text/event-stream')) return;
    this.active++;
    this.lastSeen = performance.now();
    res.once('close', () => {
      this.lastSeen = performance.now();
      if (--this.active === 0) {
        const ready = this.waiters;
        this.waiters = [];
        for (const w of ready) w();
      }
    });
  }

  // Whether no request has been in progress for the last `ms`: nobody is at work on the
  // server right now (a migration at night, the command line).
  quietFor(ms: number): boolean {
    return this.active === 0 && performance.now() - this.lastSeen >= ms;
  }

  // Resolves once no request is in progress, or after maxWaitMs: background work keeps
  // moving under a steady stream of requests.
  idle(maxWaitMs: number): Promise<void> {
    if (this.active === 0) return Promise.resolve();
    return new Promise((resolve) => {
      const timer = setTimeout(resolve, maxWaitMs);
      this.waiters.push(() => {
        clearTimeout(timer);
        resolve();
      });
    });
  }
}
