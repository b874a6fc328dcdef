import { createHash } from 'node:crypto';
import { EventEmitter } from 'node:events';
import fs from 'node:fs';
import path from 'node:path';
import { openCacheDb, wipeCacheDb } from '../cache/cache-db';
import { CacheStore } from '../cache/cache-store';
import type { SessionEnd, SessionService } from '../session/session-service';
import { SyncEngine, type SyncStatus, type SyncTransport } from './sync-engine';

const IDLE: SyncStatus = { state: 'offline', pending: 0, lastSyncAt: null, conflicts: 0, rejected: 0 };

// The cache file of one (server, user): hashed so neither the address nor the id shows in
// the file name, and a user signing in to two servers gets two caches.
export function cacheFileFor(dataDir: string, serverUrl: string, userId: string): string {
  const key = createHash('sha256').update(`${serverUrl}\n${userId}`).digest('hex').slice(0, 32);
  return path.join(dataDir, 'cache', `${key}.sqlite`);
}

// Follows the session: while someone is signed in, their cache is open and the engine keeps
// it in sync in the background; on sign-out it stops and closes; when the server refused the
// session as disabled or revoked, the cache is wiped from the disk.
export class SyncRunner {
  private current: { key: string; cache: CacheStore; engine: SyncEngine; off: () => void } | null = null;
  private readonly events = new EventEmitter();
  private readonly offSession: () => void;

  constructor(
    private readonly dataDir: string,
    private readonly session: SessionService,
  ) {
    this.events.setMaxListeners(0);
    this.offSession = session.onChange((ended) => this.follow(ended));
    this.follow();
  }

  status(): SyncStatus {
    return this.current?.engine.status() ?? IDLE;
  }

  // Every status change (a round starting or ending, a sign-in or out); returns how to stop.
  onStatus(listener: (s: SyncStatus) => void): () => void {
    const l = () => listener(this.status());
    this.events.on('status', l);
    return () => this.events.off('status', l);
  }

  // The signed-in user's engine and cache, if any (tests; later the cache-backed data source).
  engine(): SyncEngine | null {
    return this.current?.engine ?? null;
  }

  cache(): CacheStore | null {
    return this.current?.cache ?? null;
  }

  close(): void {
    this.offSession();
    this.end(false);
  }

  private follow(ended?: SessionEnd): void {
    const url = this.session.serverUrl();
    const user = this.session.user();
    const key = url && user ? `${url}\n${user.id}` : null;
    if (key === this.current?.key) return;
    this.end(ended?.wipe ?? false);
    if (url && user) this.begin(key!, cacheFileFor(this.dataDir, url, user.id));
    this.events.emit('status');
  }

  private begin(key: string, file: string): void {
    fs.mkdirSync(path.dirname(file), { recursive: true });
    const cache = new CacheStore(openCacheDb(file));
    const session = this.session;
    // Through session.call: a 401 ends the session there, and its onChange (with the reason)
    // brings us back to follow(), which stops the engine and wipes if told to.
    const transport: SyncTransport = {
      pull: (input) => session.call((c) => c.sync.pull.query(input)),
      push: (input) => session.call((c) => c.sync.push.mutate(input as never)),
    };
    // Small pages: a first sync of a large scope (an administrator) runs beside the user's own
    // work on the same server and, in the dev launcher, the same process; 500-row pages made
    // the admin e2e test's writes wait past its timeout.
    const engine = new SyncEngine(cache, transport, 100);
    const off = engine.onStatus(() => this.events.emit('status'));
    this.current = { key, cache, engine, off };
    engine.start((notice) => {
      const { client } = session.connection();
      // The server's change notices say a round is worth running now; a broken feed only
      // leaves the engine's poll and retries.
      const sub = client.changes.onChange.subscribe(undefined, { onData: notice, onError: () => {} }) as { unsubscribe(): void };
      return () => sub.unsubscribe();
    });
  }

  private end(wipe: boolean): void {
    const cur = this.current;
    if (!cur) return;
    this.current = null;
    cur.engine.stop();
    cur.off();
    // A round still running finishes against a closed database and fails; nothing is lost
    // since the outbox only empties on the server's answers, which a closed cache never takes.
    if (wipe) wipeCacheDb(cur.cache.db);
    else if (cur.cache.db.open) cur.cache.db.close();
  }
}
