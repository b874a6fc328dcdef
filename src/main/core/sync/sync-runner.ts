import { createHash } from 'node:crypto';
import { EventEmitter } from 'node:events';
import fs from 'node:fs';
import path from 'node:path';
import type { SessionUser } from '../../../shared/domain/auth.schema';
import { openEncryptedCache, sweepCaches, wipeCache } from '../cache/cache-key';
import { CacheStore } from '../cache/cache-store';
import { assertReadable, leaseState, recordContact, type LeaseTerms } from '../cache/offline-lease';
import type { SecretStore } from '../secrets/secret-store';
import type { ServerProfile } from '../session/profile-store';
import type { SessionEnd, SessionService } from '../session/session-service';
import { SyncEngine, type SyncStatus, type SyncTransport } from './sync-engine';

// sync_state key of the signed-in user as the server last confirmed them.
const ME_KEY = 'me';
const IDLE: SyncStatus = { state: 'offline', pending: 0, lastSyncAt: null, conflicts: 0, rejected: 0, firstSync: null };

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
  private current: { key: string; file: string; cache: CacheStore; engine: SyncEngine; off: () => void } | null = null;
  private readonly events = new EventEmitter();
  private readonly offSession: () => void;
  // Opening (the key comes from the SecretStore) and wiping are asynchronous: session changes
  // are taken one after the other, so a wipe is done before the same cache opens again.
  private queue: Promise<void>;
  private wanted: string | null = null;

  constructor(
    private readonly dataDir: string,
    private readonly session: SessionService,
    // Where each cache's key is kept (the desktop app: wrapped by the OS keychain).
    private readonly keys: SecretStore,
    private readonly now: () => Date = () => new Date(),
  ) {
    this.events.setMaxListeners(0);
    // Caches past the offline lease's wipe period go before anything opens one.
    this.queue = sweepCaches(path.join(dataDir, 'cache'), keys, now()).then(
      () => undefined,
      (e: unknown) => console.warn('[cache] sweep failed', e),
    );
    this.offSession = session.onChange((ended) => this.follow(ended));
    session.setOfflineUser((profile) => this.offlineUser(profile));
    this.follow();
  }

  // Who a profile's user was when the server last confirmed them, from their cache, if that
  // cache may still serve (the offline lease): a restart without the server then goes on
  // offline. A locked cache answers null, and the user must sign in online.
  private async offlineUser(profile: ServerProfile): Promise<SessionUser | null> {
    if (!profile.lastUserId) return null;
    const file = cacheFileFor(this.dataDir, profile.url, profile.lastUserId);
    await this.queue;
    if (!fs.existsSync(file)) return null;
    const { db, opening } = await openEncryptedCache(file, this.keys);
    try {
      if (opening === 'rebuilt' || leaseState(db, this.now()) !== 'ok') return null;
      const row = db.prepare('SELECT value FROM sync_state WHERE key = ?').get(ME_KEY) as { value: string } | undefined;
      return row ? (JSON.parse(row.value) as SessionUser) : null;
    } finally {
      db.close();
    }
  }

  // Resolves once the cache follows the current session (opened, closed or wiped).
  settled(): Promise<void> {
    return this.queue;
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

  // Tells status listeners about a change made outside a sync round (a conflict resolved, a
  // refused edit dismissed), so the counts they show follow.
  changed(): void {
    this.events.emit('status');
  }

  // The signed-in user's engine and cache, if any (tests; later the cache-backed data source).
  engine(): SyncEngine | null {
    return this.current?.engine ?? null;
  }

  cache(): CacheStore | null {
    return this.current?.cache ?? null;
  }

  // The cache for reads on the user's behalf: refused (CACHE_LOCKED) past the offline lease.
  // Locked means signed out (the cache and its outbox stay): the next sign-in, online, unlocks.
  readableCache(): CacheStore | null {
    const cache = this.current?.cache ?? null;
    try {
      if (cache) assertReadable(cache.db, this.now());
    } catch (e) {
      void this.session.logout('CACHE_LOCKED');
      throw e;
    }
    return cache;
  }

  close(): void {
    this.offSession();
    this.wanted = null;
    this.enqueue(() => this.end(false));
  }

  private follow(ended?: SessionEnd): void {
    const url = this.session.serverUrl();
    // A user who must first change their password or enrol in two-factor gets every other
    // call refused, the change feed included: the cache starts once they may work, or its
    // live feed would stay refused and only the slow poll would bring their changes.
    const signedIn = this.session.user();
    const user = signedIn && !signedIn.mustChangePassword && !signedIn.mustEnrollTwoFactor ? signedIn : null;
    const key = url && user ? `${url}\n${user.id}` : null;
    if (key === this.wanted && !ended?.wipe) return;
    this.wanted = key;
    const wipe = ended?.wipe ?? false;
    const restored = ended?.restored;
    this.enqueue(async () => {
      // Nobody's cache is open for a session refused at start: wipe it by its file.
      if (wipe && restored && this.current?.key !== `${restored.serverUrl}\n${restored.userId}`) {
        await wipeCache(cacheFileFor(this.dataDir, restored.serverUrl, restored.userId), this.keys);
        return;
      }
      if (key === this.current?.key && !wipe) return;
      await this.end(wipe);
      // A later change of session already queued its own step.
      if (url && user && this.wanted === key) await this.begin(key!, cacheFileFor(this.dataDir, url, user.id));
      this.events.emit('status');
    });
  }

  private enqueue(step: () => Promise<void>): void {
    this.queue = this.queue.then(step).catch((e: unknown) => console.warn('[cache] cannot open the offline cache', e));
  }

  private async begin(key: string, file: string): Promise<void> {
    const { db } = await openEncryptedCache(file, this.keys);
    const cache = new CacheStore(db);
    const session = this.session;
    // The server has just accepted this user (a sign-in or a restored session), unless the
    // session was resumed offline from this very cache. Who they are is kept for that case.
    if (!session.isOffline()) {
      recordContact(db, this.now());
      db.prepare('INSERT INTO sync_state (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value').run(ME_KEY, JSON.stringify(session.user()));
    }
    const contact = (terms: LeaseTerms | undefined) => {
      if (db.open) recordContact(db, this.now(), terms);
      // A session resumed offline: the server answers again, so have it confirmed.
      if (session.isOffline()) void session.reconnect();
    };
    // Through session.call: a 401 ends the session there, and its onChange (with the reason)
    // brings us back to follow(), which stops the engine and wipes if told to.
    const transport: SyncTransport = {
      pull: async (input) => {
        const page = await session.call((c) => c.sync.pull.query(input));
        contact(page.lease);
        return page;
      },
      push: (input) => session.call((c) => c.sync.push.mutate(input as never)),
    };
    // Small pages: a first sync of a large scope (an administrator) runs beside the user's own
    // work on the same server and, in the dev launcher, the same process; 500-row pages made
    // the admin e2e test's writes wait past its timeout.
    const engine = new SyncEngine(cache, transport, 100);
    const off = engine.onStatus(() => this.events.emit('status'));
    this.current = { key, file, cache, engine, off };
    engine.start((notice) => {
      const { client } = session.connection();
      // The server's change notices say a round is worth running now; a broken feed only
      // leaves the engine's poll and retries.
      // The feed opening or breaking is news too: a round then finds out at once whether the
      // server can be reached, so the indicator follows the connection without waiting for the poll.
      let connected = false;
      const sub = client.changes.onChange.subscribe(undefined, {
        onData: notice,
        onError: () => {},
        onConnectionStateChange: (s: { state: string }) => {
          if (connected === (s.state === 'pending')) return;
          connected = !connected;
          notice();
        },
      }) as { unsubscribe(): void };
      return () => sub.unsubscribe();
    });
  }

  private async end(wipe: boolean): Promise<void> {
    const cur = this.current;
    if (!cur) return;
    this.current = null;
    cur.engine.stop();
    cur.off();
    // A round still running finishes against a closed database and fails; nothing is lost
    // since the outbox only empties on the server's answers, which a closed cache never takes.
    if (wipe) await wipeCache(cur.file, this.keys, cur.cache.db);
    else if (cur.cache.db.open) cur.cache.db.close();
  }
}
