import { spawn, type ChildProcess } from 'node:child_process';
import http from 'node:http';
import type net from 'node:net';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { In, Like } from 'typeorm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openEncryptedCache } from '../../src/main/core/cache/cache-key';
import { CacheStore } from '../../src/main/core/cache/cache-store';
import { FileSecretStore } from '../../src/main/core/secrets/secret-store';
import { cacheFileFor } from '../../src/main/core/sync/sync-runner';
import { CustomerEntity } from '../../server/modules/customers/customer.entity';
import { SyncMutationEntity } from '../../server/modules/sync/sync-mutation.entity';
import { TEST_DB } from '../support/databases';
import { startTestServer, type TestServer } from '../support/test-server';
import { coreIn, tempDir } from './core-support';

const here = path.dirname(fileURLToPath(import.meta.url));
const CREATES = 250;
const UPDATES = 5;

let ts: TestServer;
beforeAll(async () => {
  ts = await startTestServer();
});
afterAll(async () => ts?.close());

async function until(what: () => boolean | Promise<boolean>, ms = 30_000): Promise<void> {
  const end = Date.now() + ms;
  while (!(await what())) {
    if (Date.now() > end) throw new Error('timed out waiting');
    await new Promise((r) => setTimeout(r, 25));
  }
}

// An HTTP relay in front of the server that, on the n-th push, lets the server apply it and
// then kills the client before the answer gets back: the worst moment, since the client cannot
// know which of its mutations the server already holds.
async function killingRelay(target: string) {
  const t = new URL(target);
  let pushes = 0;
  let killAt = 0;
  let victim: ChildProcess | null = null;
  let killed: Promise<void> | null = null;
  const sockets = new Set<net.Socket>();
  const server = http.createServer((req, res) => {
    const isPush = (req.url ?? '').includes('sync.push');
    const n = isPush ? ++pushes : 0;
    const up = http.request({ host: t.hostname, port: t.port, path: req.url, method: req.method, headers: req.headers }, (answer) => {
      if (n === 0 || n !== killAt || !victim) {
        res.writeHead(answer.statusCode ?? 502, answer.headers);
        answer.pipe(res);
        return;
      }
      // Read the whole answer: the server has committed the batch by then.
      answer.resume();
      answer.on('end', () => {
        const child = victim!;
        killed = new Promise((resolve) => child.once('exit', () => resolve()));
        child.kill('SIGKILL');
        res.destroy();
      });
    });
    up.on('error', () => res.destroy());
    req.pipe(up);
  });
  server.on('connection', (s) => {
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  return {
    url: `http://127.0.0.1:${(server.address() as net.AddressInfo).port}`,
    pushes: () => pushes,
    killOnPush(n: number, child: ChildProcess) {
      killAt = n;
      victim = child;
    },
    killed: () => killed,
    async close() {
      for (const s of sockets) s.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

describe(`client core killed in the middle of a push (${TEST_DB})`, () => {
  it('a restarted core replays the outbox: every mutation lands on the server exactly once, none is lost', async () => {
    const relay = await killingRelay(ts.url);
    const dir = tempDir();
    try {
      const existing = await (await ts.as('am1')).customers.create.mutate({ name: `断电重放老客户${Date.now()}有限公司` });
      // A signed-in user with a synced cache, then the core stops (the token stays on the disk).
      const first = await coreIn(dir);
      const user = await first.caller.session.login({ serverUrl: relay.url, username: 'am1', password: 'demo1234' });
      await until(async () => (await first.caller.sync.status()).state === 'online');
      await first.close();

      // Offline edits: many new customers, and a run of edits to one existing customer in the
      // middle of them (so some fall in the batch whose answer is lost).
      const file = cacheFileFor(dir, relay.url, user.id);
      const keys = new FileSecretStore(path.join(dir, 'cache-keys.json'));
      const { db } = await openEncryptedCache(file, keys);
      const cache = new CacheStore(db);
      const target = cache.get('customer', existing.id)!;
      expect(target).toMatchObject({ name: existing.name });
      const prefix = `断电重放${Date.now()}-`;
      const created: string[] = [];
      for (let i = 0; i < CREATES; i++) {
        created.push(cache.create('customer', { name: `${prefix}${String(i).padStart(3, '0')}有限公司` }).entityId);
        if (i === 140) for (let u = 1; u <= UPDATES; u++) cache.update('customer', target.id, { phone: `1390000000${u}` });
      }
      const mutationIds = cache.outbox(1000).map((p) => p.mutation.id);
      expect(mutationIds).toHaveLength(CREATES + UPDATES);
      db.close();
      const versionBefore = (await ts.server.db.getRepository(CustomerEntity).findOneByOrFail({ id: target.id })).version;

      // A core in its own process starts pushing (batches of 100) and dies once the server has
      // applied the second batch, before the answer reaches it.
      const child = spawn(process.execPath, ['--import', 'tsx', path.join(here, 'support', 'push-crash-child.ts'), dir], { stdio: ['ignore', 'pipe', 'pipe'] });
      let childErr = '';
      child.stderr!.on('data', (d: Buffer) => (childErr += d.toString()));
      relay.killOnPush(2, child);
      await until(() => relay.killed() !== null, 60_000).catch((e: unknown) => {
        child.kill('SIGKILL');
        throw new Error(`the child never reached its second push: ${String(e)}\n${childErr}`);
      });
      await relay.killed();
      expect(child.signalCode).toBe('SIGKILL');

      // What the server holds at the moment of the crash: the first two batches, not all.
      const applied = await ts.server.db.getRepository(SyncMutationEntity).countBy({ mutationId: In(mutationIds) } as never);
      expect(applied).toBe(200);

      // A new core on the same data directory: it opens the same cache and syncs.
      const second = await coreIn(dir);
      try {
        expect(second.session.isSignedIn()).toBe(true);
        await until(async () => {
          const s = await second.caller.sync.status();
          return s.state === 'online' && s.pending === 0;
        });
        expect(await second.caller.sync.status()).toMatchObject({ pending: 0, conflicts: 0, rejected: 0 });

        const rows = await ts.server.db.getRepository(CustomerEntity).findBy({ name: Like(`${prefix}%`) });
        // Exactly once: as many customers as were created, each id once, each name once.
        expect(rows).toHaveLength(CREATES);
        expect(new Set(rows.map((r) => r.id))).toEqual(new Set(created));
        expect(new Set(rows.map((r) => r.name)).size).toBe(CREATES);
        // Each edit applied once: one version step per edit, and the last value won.
        const after = await ts.server.db.getRepository(CustomerEntity).findOneByOrFail({ id: target.id });
        expect(after.version).toBe(versionBefore + UPDATES);
        expect(after.phone).toBe(`1390000000${UPDATES}`);
        // And the cache agrees with the server.
        expect(second.sync.cache()!.get('customer', target.id)).toMatchObject({ phone: `1390000000${UPDATES}`, version: after.version });
        expect(created.every((id) => second.sync.cache()!.get('customer', id) !== null)).toBe(true);
      } finally {
        await second.close();
      }
      expect(relay.pushes()).toBeGreaterThanOrEqual(4);
    } finally {
      await relay.close();
    }
  }, 120_000);
});
