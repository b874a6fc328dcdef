import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3-multiple-ciphers';
import { startServer } from '../../server/app';
import type { DatabaseKind } from '../../server/config';
import { DEMO_PASSWORD, seedDemoOrg } from '../../server/modules/demo/demo-org';
import { demoOwners, generateDemoCustomers, insertDemoData } from '../../server/modules/demo/demo-customers';
import { openEncryptedCache } from '../../src/main/core/cache/cache-key';
import { listCustomers } from '../../src/main/core/cache/cached-lists';
import { CacheStore } from '../../src/main/core/cache/cache-store';
import { MemorySecretStore } from '../../src/main/core/secrets/secret-store';
import { createServerClient, type ServerClient } from '../../src/main/core/session/server-client';
import { SyncEngine, type SyncTransport } from '../../src/main/core/sync/sync-engine';
import { customerListInput } from '../../src/shared/domain/customer.schema';
import { freshDatabase } from '../support/databases';
import type { BenchRow } from './customer-list.bench';
import { ms, percentile, time } from './stats';

// The offline client's sync, through the real path (HTTP, tRPC, the server's feed, the engine,
// the encrypted cache): a first sync into an empty cache beside the bare cost of inserting the
// same rows into SQLite; N clients online receiving each commit; local search and list pages.
// The server runs in this process too, so the memory figure is the process's growth, server
// included. BENCH_SYNC_CUSTOMERS (100,000), BENCH_SYNC_CLIENTS (50), BENCH_SYNC_COMMITS (20)
// and BENCH_RUNS scale it.

const RUNS = Number(process.env.BENCH_RUNS ?? 100);
const CLIENTS = Number(process.env.BENCH_SYNC_CLIENTS ?? 50);
const COMMITS = Number(process.env.BENCH_SYNC_COMMITS ?? 20);
// The engine's own default page; the desktop runner uses smaller pages to share the server.
const PAGE = 500;

// Peak RSS over a stretch of work, sampled (Node keeps no resettable high-water mark).
function rssWatch(): { stop(): number } {
  const base = process.memoryUsage().rss;
  let peak = base;
  const t = setInterval(() => (peak = Math.max(peak, process.memoryUsage().rss)), 20);
  return {
    stop() {
      clearInterval(t);
      peak = Math.max(peak, process.memoryUsage().rss);
      return peak - base;
    },
  };
}

// Keys in memory, saying they persist: the bench's caches never outlive the run, and the
// warning for a real in-memory store would fill the output.
class BenchKeys extends MemorySecretStore {
  override async set(key: string, value: string): Promise<boolean> {
    await super.set(key, value);
    return true;
  }
}

const mb = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(0)} MB`;
const sec = (msValue: number) => `${(msValue / 1000).toFixed(1)} s`;

function transportOf(client: ServerClient): SyncTransport {
  return { pull: (input) => client.sync.pull.query(input), push: (input) => client.sync.push.mutate(input as never) };
}

export async function benchSync(kind: DatabaseKind, count: number, log: (s: string) => void): Promise<BenchRow[]> {
  const { config, drop } = await freshDatabase(kind);
  const server = await startServer(config);
  server.services.rateLimits.enabled = false;
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'crm-bench-sync-'));
  const keys = new BenchKeys();
  const rows: BenchRow[] = [];
  const stops: (() => void)[] = [];
  try {
    const org = await seedDemoOrg(server.db);
    const data = generateDemoCustomers(count, demoOwners(org), 42);
    // The demo data has about 1.8 contacts and 2.4 follow-ups a customer; all of them sync.
    log(`  ${kind}: loading ${count.toLocaleString()} customers, ${data.contacts.length.toLocaleString()} contacts`);
    await insertDemoData(server.db, data);
    if (kind === 'postgres') await server.db.query('ANALYZE');

    const login = async (username: string) => {
      const { token } = await createServerClient({ url: server.url, token: () => null }).auth.login.mutate({ username, password: DEMO_PASSWORD, device: 'bench' });
      return createServerClient({ url: server.url, token: () => token });
    };
    const director = await login('director');

    // 1. First sync into an empty, encrypted cache.
    const first = await openEncryptedCache(path.join(dir, 'first.sqlite'), keys);
    const cache = new CacheStore(first.db);
    const engine = new SyncEngine(cache, transportOf(director), PAGE);
    const watch = rssWatch();
    const t0 = performance.now();
    await engine.sync();
    const firstMs = performance.now() - t0;
    const firstMem = watch.stop();
    const counts = first.db.prepare('SELECT entity, COUNT(*) AS n FROM records GROUP BY entity').all() as { entity: string; n: number }[];
    const total = counts.reduce((s, c) => s + c.n, 0);
    log(`  ${kind}: first sync ${counts.map((c) => `${c.n.toLocaleString()} ${c.entity}`).join(', ')} in ${sec(firstMs)}, process grew ${mb(firstMem)}`);

    // Its floor: the same rows (as the cache stores them) inserted straight into SQLite, one
    // prepared statement, one transaction, with and without the cipher.
    const dump = first.db.prepare('SELECT entity, id, data FROM records').all() as { entity: string; id: string; data: string }[];
    const floor = (encrypted: boolean) => {
      const file = path.join(dir, `floor-${encrypted}.sqlite`);
      const db = new Database(file);
      if (encrypted) db.pragma(`key = "x'${'ab'.repeat(32)}'"`);
      db.pragma('journal_mode = WAL');
      db.exec('CREATE TABLE records (entity TEXT NOT NULL, id TEXT NOT NULL, data TEXT NOT NULL, PRIMARY KEY (entity, id))');
      const insert = db.prepare('INSERT INTO records (entity, id, data) VALUES (?, ?, ?)');
      const s = performance.now();
      db.transaction(() => {
        for (const r of dump) insert.run(r.entity, r.id, r.data);
      })();
      const took = performance.now() - s;
      db.close();
      return took;
    };
    const floorPlain = floor(false);
    const floorCipher = floor(true);
    rows.push({
      figure: `${kind} first sync, ${total.toLocaleString()} rows into an empty cache`,
      value: sec(firstMs),
      floor: `${sec(floorCipher)} raw insert, cipher (${sec(floorPlain)} plain)`,
      ratio: `${(firstMs / floorCipher).toFixed(1)}x`,
    });
    rows.push({ figure: `${kind} first sync, peak process growth (server in-process)`, value: mb(firstMem), floor: '-', ratio: '-' });
    rows.push({
      figure: `${kind} first sync throughput`,
      value: `${Math.round(total / (firstMs / 1000)).toLocaleString()} rows/s`,
      floor: `${Math.round(total / (floorCipher / 1000)).toLocaleString()} rows/s`,
      ratio: `${(firstMs / floorCipher).toFixed(1)}x`,
    });

    // 2. Local search and list pages over the full cache.
    const sample = data.customers[Math.floor(count / 2)]!;
    const fragment = [...sample.name].filter((ch) => /\p{Script=Han}/u.test(ch)).slice(2, 4).join('');
    const digits = (data.customers.find((c) => c.phoneDigits)?.phoneDigits ?? '138').slice(-6);
    const search = await time(async () => cache.searchCustomers(fragment), RUNS);
    const searchPhone = await time(async () => cache.searchCustomers(digits), RUNS);
    const pageInputs = [1, 50, 500].map((page) => customerListInput.parse({ page, pageSize: 50 }));
    let i = 0;
    const list = await time(async () => listCustomers(first.db, pageInputs[i++ % pageInputs.length]!), RUNS);
    const listSearch = await time(async () => listCustomers(first.db, customerListInput.parse({ page: 1, pageSize: 50, search: fragment })), RUNS);
    for (const [name, t] of [
      [`local search name "${fragment}" (CacheStore.searchCustomers)`, search],
      [`local search phone "${digits}"`, searchPhone],
      ['local list page (pages 1/50/500, 50 rows)', list],
      [`local list page searching "${fragment}"`, listSearch],
    ] as const) {
      rows.push({ figure: `${kind} ${name}, ${count.toLocaleString()} cached, p95`, value: ms(t.p95), floor: `p50 ${ms(t.p50)}`, ratio: '-' });
      log(`  ${kind}: ${name}: p50 ${ms(t.p50)} p95 ${ms(t.p95)}`);
    }
    first.db.close();

    // 3. N clients online, each at the head of the feed (an empty cache holding the first
    // client's cursor stands in for an up-to-date one), each following the change notices as
    // the desktop client does. A commit's latency: from sending the write to each cache holding it.
    const cursor = new CacheStore((await openEncryptedCache(path.join(dir, 'first.sqlite'), keys)).db);
    const head = cursor.state('cursor');
    cursor.db.close();
    const clients: { cache: CacheStore; engine: SyncEngine; waiting: ((c: CacheStore) => void) | null }[] = [];
    for (let n = 0; n < CLIENTS; n++) {
      const client = await login('director');
      const { db } = await openEncryptedCache(path.join(dir, `client-${n}.sqlite`), keys);
      db.prepare("INSERT INTO sync_state (key, value) VALUES ('cursor', ?)").run(head);
      const c = new CacheStore(db);
      const e = new SyncEngine(c, transportOf(client), PAGE);
      e.retry.pollMs = 600_000;
      const entry: (typeof clients)[number] = { cache: c, engine: e, waiting: null };
      e.onStatus(() => entry.waiting?.(c));
      e.start((notice) => {
        const sub = client.changes.onChange.subscribe(undefined, { onData: notice, onError: () => {} }) as { unsubscribe(): void };
        return () => sub.unsubscribe();
      });
      stops.push(() => {
        e.stop();
        db.close();
      });
      clients.push(entry);
    }
    // Let every feed connect and every first round settle.
    await new Promise((r) => setTimeout(r, 2000));
    // The director's connection idled through the local measurements above, which block this
    // process (server included) for seconds at a time: the server may have closed it unseen.
    // One call that may fail on it, so the timed commits start on a live connection.
    await director.auth.me.query().catch(() => undefined);
    const target = data.customers[0]!;
    const each: number[] = [];
    const all: number[] = [];
    for (let k = 0; k < COMMITS; k++) {
      const phone = `139${String(10_000_000 + k).slice(-8)}`;
      const arrived = clients.map(
        (c) =>
          new Promise<number>((resolve) => {
            const check = (cache: CacheStore) => {
              if (cache.get('customer', target.id)?.phone === phone) {
                c.waiting = null;
                resolve(performance.now());
              }
            };
            c.waiting = check;
          }),
      );
      const sent = performance.now();
      await director.customers.update.mutate({ id: target.id, patch: { phone } } as never);
      const times = (await Promise.all(arrived)).map((t) => t - sent);
      each.push(...times);
      all.push(Math.max(...times));
    }
    each.sort((a, b) => a - b);
    all.sort((a, b) => a - b);
    rows.push({ figure: `${kind} commit → one of ${CLIENTS} online caches, p50`, value: ms(percentile(each, 50)), floor: '-', ratio: '-' });
    rows.push({ figure: `${kind} commit → one of ${CLIENTS} online caches, p95`, value: ms(percentile(each, 95)), floor: '-', ratio: '-' });
    rows.push({ figure: `${kind} commit → all ${CLIENTS} caches, p50`, value: ms(percentile(all, 50)), floor: '-', ratio: '-' });
    rows.push({ figure: `${kind} commit → all ${CLIENTS} caches, p95`, value: ms(percentile(all, 95)), floor: '-', ratio: '-' });
    log(`  ${kind}: ${COMMITS} commits to ${CLIENTS} clients: each p50 ${ms(percentile(each, 50))} p95 ${ms(percentile(each, 95))}; all p50 ${ms(percentile(all, 50))} p95 ${ms(percentile(all, 95))}`);
  } finally {
    for (const stop of stops) stop();
    await server.close();
    await drop();
    fs.rmSync(dir, { recursive: true, force: true });
  }
  return rows;
}
