import type { CacheStore, Change, Mutation } from '../cache/cache-store';

// What the engine needs from the server: the two sync procedures (sync.pull / sync.push).
export interface SyncTransport {
  pull(input: { cursor: string | null; limit: number }): Promise<{
    changes: unknown[];
    cursor: string;
    hasMore: boolean;
    reset: boolean;
    progress?: { done: number; total: number };
  }>;
  push(input: { mutations: Mutation[] }): Promise<{ mutationId: string; status: 'ok' | 'conflict' | 'error'; row?: unknown; conflicts?: unknown; error?: unknown }[]>;
}

export interface SyncStatus {
  state: 'online' | 'offline' | 'syncing';
  pending: number;
  lastSyncAt: string | null;
  conflicts: number;
  rejected: number;
  // While a first sync (or the fresh snapshot after a role change) runs: rows in so far, of how many.
  firstSync: { done: number; total: number } | null;
}

// One sync round: push the outbox (in order, in batches), then pull since the cursor until the
// server has nothing more, each page applied in one local transaction. Push comes first so a
// pull never brings back a row the user has already changed without the change on top.
// A failure that is not an answer (server down, network) leaves everything as it was: the
// outbox is only emptied by the server's per-mutation answers, and replaying a push is safe
// because the server applies each mutation id once.
export class SyncEngine {
  private state: SyncStatus['state'] = 'offline';
  private snapshot: SyncStatus['firstSync'] = null;
  private running: Promise<void> | null = null;
  // Background mode (start/stop): retries with backoff while the server is unreachable, a
  // round whenever the server says changes are waiting, and a slow poll as a fallback.
  private timer: NodeJS.Timeout | null = null;
  private failures = 0;
  private again = false;
  private stopped = true;
  private unsubscribe: (() => void) | null = null;
  retry = { baseMs: 1000, maxMs: 60_000, pollMs: 60_000 };
  private listeners = new Set<() => void>();

  constructor(
    private readonly cache: CacheStore,
    private readonly server: SyncTransport,
    private readonly pageSize = 500,
    // Called when the server no longer accepts this session (revoked, user disabled): the
    // caller wipes the cache (cache-db.ts wipeCacheDb).
    private readonly onRevoked: () => void = () => {},
  ) {}

  status(): SyncStatus {
    return {
      state: this.state,
      pending: this.cache.pendingCount(),
      lastSyncAt: this.cache.state('lastSyncAt'),
      conflicts: this.cache.conflicts().length,
      rejected: this.cache.rejected().length,
      firstSync: this.snapshot,
    };
  }

  // Told when a round starts or ends (the status indicator follows it); returns how to stop.
  onStatus(listener: () => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  private emit(): void {
    for (const l of this.listeners) l();
  }

  // Keeps the cache in sync until stop(): `live` subscribes to the server's change notices
  // (changes.onChange) and returns how to unsubscribe.
  start(live?: (notice: () => void) => () => void): void {
    this.stopped = false;
    this.unsubscribe = live?.(() => this.kick()) ?? null;
    this.kick();
  }

  stop(): void {
    this.stopped = true;
    this.unsubscribe?.();
    this.unsubscribe = null;
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
  }

  // Sync soon: now if idle, right after the current round otherwise (a notice that arrives
  // mid-round may be about a change that round's pull already missed).
  kick(): void {
    if (this.stopped) return;
    if (this.running) {
      this.again = true;
      return;
    }
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    this.sync().then(
      () => {
        this.failures = 0;
        this.schedule(this.again ? 0 : this.retry.pollMs);
      },
      () => {
        this.failures++;
        const delay = Math.min(this.retry.maxMs, this.retry.baseMs * 2 ** (this.failures - 1));
        this.schedule(delay * (0.75 + Math.random() * 0.5));
      },
    );
  }

  private schedule(ms: number): void {
    this.again = false;
    if (this.stopped) return;
    this.timer = setTimeout(() => this.kick(), ms);
    this.timer.unref?.();
  }

  // Runs a round, or joins the one already running (one writer at a time).
  sync(): Promise<void> {
    this.running ??= this.round().finally(() => (this.running = null));
    return this.running;
  }

  private async round(): Promise<void> {
    this.state = 'syncing';
    this.emit();
    try {
      for (;;) {
        const batch = this.cache.outbox(100);
        if (!batch.length) break;
        const results = await this.server.push({ mutations: batch.map((p) => p.mutation) });
        const byId = new Map(results.map((r) => [r.mutationId, r]));
        for (const p of batch) {
          const r = byId.get(p.mutation.id);
          if (r) this.cache.settle(p, r);
        }
      }
      for (;;) {
        const page = await this.server.pull({ cursor: this.cache.state('cursor'), limit: this.pageSize });
        this.cache.applyPage(page.changes as Change[], page.cursor, page.reset, page.hasMore);
        if (page.progress || this.snapshot) {
          this.snapshot = page.progress && page.progress.done < page.progress.total ? page.progress : null;
          this.emit();
        }
        if (!page.hasMore) break;
        // A first sync is many pages of synchronous SQLite work on the main process: let the
        // user's own calls through between pages.
        await new Promise((resolve) => setTimeout(resolve, 10));
      }
      this.state = 'online';
      this.emit();
    } catch (e) {
      this.state = 'offline';
      if (isUnauthenticated(e)) this.onRevoked();
      this.emit();
      throw e;
    }
  }
}

function isUnauthenticated(e: unknown): boolean {
  const data = (e as { data?: { appCode?: string; httpStatus?: number } } | null)?.data;
  return data?.appCode === 'UNAUTHENTICATED' || data?.httpStatus === 401;
}
