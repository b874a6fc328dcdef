// Where a large import's time goes, for whoever tunes it: `npm run profile:import -- --db postgres`.
// The bench (tests/bench/excel.bench.ts) says whether the targets hold; this says why not.
// It seeds the bench's 100,000 customers once into a template (a PostgreSQL template database,
// or a SQLite file), then for each run imports the bench's workbook into a fresh copy and
// prints the commit beside a SheetJS parse of the same file, the main thread's stalls, CPU by
// thread (Linux /proc) and the database server's CPU; with --lister, another user's list
// p50/p95 meanwhile; with --replay, the last run's INSERTs replayed through the bare driver,
// timed table by table.
// Runs are seconds apart and alike, so an A/B of a change is a few runs of each, interleaved.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { startServer } from '../server/app';
import type { DatabaseKind, ServerConfig } from '../server/config';
import { demoOwners, generateDemoCustomers, insertDemoData } from '../server/modules/demo/demo-customers';
import { DEMO_PASSWORD, seedDemoOrg } from '../server/modules/demo/demo-org';
import { benchWorkbook, pagingLister, parseAlone } from '../tests/bench/excel.bench';
import { ms, percentile, secs } from '../tests/bench/stats';
import { batchInserts, batchTransactions, rawSession, recordQueries, type RecordedQuery } from '../tests/bench/sql-recorder';
import { clientFor } from '../tests/support/test-server';
import { PG_ADMIN_URL, pgAdmin, withDatabase } from './test-databases';

const { values: opts } = parseArgs({
  options: {
    db: { type: 'string', default: 'postgres' },
    rows: { type: 'string', default: '100000' },
    existing: { type: 'string', default: '100000' },
    runs: { type: 'string', default: '2' },
    lister: { type: 'boolean', default: false },
    replay: { type: 'boolean', default: false },
    reseed: { type: 'boolean', default: false },
  },
});
const kind = opts.db as DatabaseKind;
if (kind !== 'postgres' && kind !== 'sqlite') throw new Error('--db postgres|sqlite');
const rows = Number(opts.rows);
const existing = Number(opts.existing);
const work = path.join(os.tmpdir(), 'crm-profile-import');
fs.mkdirSync(work, { recursive: true });
const TEMPLATE = `crm_profile_tpl_${existing}`;
const RUN_DB = 'crm_profile_run';

function configFor(database: string): ServerConfig {
  const dataDir = path.join(work, database);
  fs.mkdirSync(dataDir, { recursive: true });
  const base = { port: 0, host: '127.0.0.1', dataDir, tls: null, logLevel: 'silent' as const };
  return kind === 'postgres'
    ? { ...base, databaseKind: 'postgres', databaseUrl: withDatabase(PG_ADMIN_URL, database) }
    : { ...base, databaseKind: 'sqlite', databaseUrl: 'sqlite:crm.sqlite' };
}

// The seeded template, made once per size (or again with --reseed).
async function ensureTemplate(): Promise<void> {
  const marker = path.join(work, `${kind}-${TEMPLATE}.seeded`);
  if (fs.existsSync(marker) && !opts.reseed) return;
  if (kind === 'postgres') {
    await pgAdmin(`DROP DATABASE IF EXISTS ${TEMPLATE} WITH (FORCE)`);
    await pgAdmin(`CREATE DATABASE ${TEMPLATE}`);
  } else fs.rmSync(path.join(work, TEMPLATE), { recursive: true, force: true });
  const server = await startServer(configFor(TEMPLATE));
  const org = await seedDemoOrg(server.db);
  await insertDemoData(server.db, generateDemoCustomers(existing, demoOwners(org), 42));
  if (kind === 'postgres') await server.db.query('VACUUM ANALYZE');
  await server.close();
  fs.writeFileSync(marker, new Date().toISOString());
  console.log(`seeded ${existing.toLocaleString()} customers into ${TEMPLATE}`);
}

// A fresh copy of the template, migrated to this checkout's schema when the server starts.
async function freshCopy(): Promise<ServerConfig> {
  if (kind === 'postgres') {
    await pgAdmin(`DROP DATABASE IF EXISTS ${RUN_DB} WITH (FORCE)`);
    await pgAdmin(`CREATE DATABASE ${RUN_DB} TEMPLATE ${TEMPLATE}`);
  } else {
    fs.rmSync(path.join(work, RUN_DB), { recursive: true, force: true });
    fs.cpSync(path.join(work, TEMPLATE), path.join(work, RUN_DB), { recursive: true });
  }
  return configFor(RUN_DB);
}

async function parseFloor(file: Buffer): Promise<number> {
  const t0 = performance.now();
  await parseAlone(file);
  return performance.now() - t0;
}

// CPU-seconds (user + system) of a /proc stat file, whose times count USER_HZ ticks: 100 a
// second on Linux.
function cpuOf(statPath: string): { name: string; cpu: number } | null {
  try {
    const st = fs.readFileSync(statPath, 'utf8');
    const close = st.lastIndexOf(')');
    const f = st.slice(close + 2).split(' ');
    return { name: st.slice(st.indexOf('(') + 1, close), cpu: (Number(f[11]) + Number(f[12])) / 100 };
  } catch {
    return null;
  }
}

// Samples CPU every 50 ms so that threads and database backends that end before the run
// does (the writer's connection, a worker) still count.
function cpuSampler(): { stop(): { threads: [string, number][]; names: Map<string, string>; database: number; byKind: [string, number][] } } {
  const threads = new Map<string, [number, number]>();
  // Each thread's name: the import's worker threads name themselves (background-priority.mjs).
  const names = new Map<string, string>();
  const backends = new Map<string, [number, number]>();
  const postgres = new Set<string>();
  // Each backend's kind from its title ("postgres: walwriter", "postgres: autovacuum worker",
  // "postgres: root crm_profile_run 127.0.0.1(5432) idle" = a connection).
  const kinds = new Map<string, string>();
  const kindOf = (pid: string) => {
    try {
      const title = fs.readFileSync(`/proc/${pid}/cmdline`, 'utf8').replace(/\0/g, ' ').replace(/^postgres:\s*/, '');
      return / \d+\.\d+\.\d+\.\d+\(| \[local\]/.test(title) ? 'connections' : title.split(/\s+/).slice(0, 2).join(' ').trim() || 'postmaster';
    } catch {
      return '?';
    }
  };
  let scanned = -Infinity;
  let first = true;
  const note = (into: Map<string, [number, number]>, key: string, cpu: number) => {
    const seen = into.get(key);
    if (seen) seen[1] = cpu;
    else into.set(key, [first ? cpu : 0, cpu]);
  };
  const sample = () => {
    if (process.platform !== 'linux') return;
    for (const tid of fs.readdirSync('/proc/self/task')) {
      const s = cpuOf(`/proc/self/task/${tid}/stat`);
      if (s) {
        note(threads, tid, s.cpu);
        names.set(tid, s.name);
      }
    }
    if (kind !== 'postgres') return;
    // Every process is looked at once a second, for new backends; the ones known, every time.
    // Reading all of /proc 20 times a second cost this thread about 0.8 CPU-s per run.
    const now = performance.now();
    if (now - scanned >= 1000) {
      scanned = now;
      for (const pid of fs.readdirSync('/proc')) if (/^\d+$/.test(pid) && !postgres.has(pid) && cpuOf(`/proc/${pid}/stat`)?.name === 'postgres') {
        postgres.add(pid);
        kinds.set(pid, kindOf(pid));
      }
    }
    for (const pid of postgres) {
      const s = cpuOf(`/proc/${pid}/stat`);
      if (s?.name === 'postgres') note(backends, pid, s.cpu);
      else postgres.delete(pid);
    }
  };
  sample();
  first = false;
  const timer = setInterval(sample, 50);
  return {
    stop() {
      clearInterval(timer);
      sample();
      const used = (m: Map<string, [number, number]>) => [...m].map(([k, [a, b]]) => [k, b - a] as [string, number]);
      const busiest = (list: [string, number][]) => list.filter(([, cpu]) => cpu >= 0.05).sort((a, b) => b[1] - a[1]);
      const byKind = new Map<string, number>();
      let database = 0;
      for (const [pid, cpu] of used(backends)) {
        database += cpu;
        const k = kinds.get(pid) ?? '?';
        byKind.set(k, (byKind.get(k) ?? 0) + cpu);
      }
      return { threads: busiest(used(threads)), names, database, byKind: busiest([...byKind]) };
    },
  };
}

// Where the main thread, which answers everyone's requests, ran something for STALL_MS or
// more without a break, as "at 2.31 s: 111 ms": a list request that arrives then waits that
// long, and an import's few such stalls are what another user's p95 meets.
const STALL_MS = 60;
function stallWatch(t0: number): { stop(): string[] } {
  const seen: string[] = [];
  let last = performance.now();
  const timer = setInterval(() => {
    const now = performance.now();
    if (now - last >= STALL_MS) seen.push(`at ${secs(last - t0)}: ${ms(now - last)}`);
    last = now;
  }, 10);
  return {
    stop() {
      clearInterval(timer);
      return seen;
    },
  };
}

// `record`: also keep the commit's INSERTs (which slows the run a little: --replay records the last).
async function oneRun(file: Buffer, n: number, record: boolean): Promise<RecordedQuery[] | null> {
  const floor = await parseFloor(file);
  const server = await startServer(await freshCopy());
  server.services.rateLimits.enabled = false;
  let lister: ReturnType<typeof pagingLister> | null = null;
  try {
    const [director] = (await server.db.query(`SELECT id FROM users WHERE username = 'director'`)) as { id: string }[];
    const caller = (await server.services.org.loadCaller(director!.id, 'profile'))!;
    const input = { entity: 'customers' as const, fileName: 'profile.xlsx', data: file.toString('base64'), onDuplicate: 'skip' as const, owner: { kind: 'me' as const } };
    const am1 = clientFor(server.url, (await clientFor(server.url).auth.login.mutate({ username: 'am1', password: DEMO_PASSWORD })).token);
    lister = opts.lister ? pagingLister(() => am1.customers.list.query({ page: 1, pageSize: 50 })) : null;
    const cpu = cpuSampler();
    const t0 = performance.now();
    const stalls = stallWatch(t0);
    let recorded: RecordedQuery[] | null = null;
    if (record) recorded = await recordQueries(server.db, () => server.services.imports.commitAndWait({ caller, ip: null }, input));
    else await server.services.imports.commitAndWait({ caller, ip: null }, input);
    const took = performance.now() - t0;
    const stalled = stalls.stop();
    const latencies = (await lister?.stop()) ?? [];
    const used = cpu.stop();
    const node = used.threads.reduce((sum, [, c]) => sum + c, 0);
    console.log(`run ${n}: commit ${secs(took)}, SheetJS parse ${secs(floor)} = ${(took / floor).toFixed(2)}×`);
    // The main thread is the one whose id is the process's; V8's and libuv's helpers are "node".
    const main = used.threads.find(([tid]) => tid === String(process.pid))?.[1] ?? 0;
    const others = used.threads.filter(([tid]) => tid !== String(process.pid)).map(([tid, c]) => `${used.names.get(tid) === 'node' ? '' : `${used.names.get(tid)} `}${c.toFixed(2)}`);
    console.log(`  main thread stalls of ${STALL_MS} ms or more: ${stalled.length ? stalled.join(', ') : 'none'}`);
    console.log(`  CPU-s: this process ${node.toFixed(2)} (main thread ${main.toFixed(2)}; other threads ${others.join(', ')})${kind === 'postgres' ? `; PostgreSQL ${used.database.toFixed(2)} (${used.byKind.map(([k, c]) => `${k} ${c.toFixed(2)}`).join(', ')})` : ''}`);
    if (latencies.length) console.log(`  am1's list during the import: ${latencies.length} requests, p50 ${ms(percentile(latencies, 50))}, p95 ${ms(percentile(latencies, 95))}`);
    return recorded && batchInserts(recorded);
  } finally {
    await lister?.stop();
    await server.close();
  }
}

// The recorded INSERTs on a fresh copy, batch by batch in transactions, timed by table.
async function replay(inserts: RecordedQuery[]): Promise<void> {
  const server = await startServer(await freshCopy());
  try {
    const { run, release } = await rawSession(server.db);
    const byTable = new Map<string, number>();
    const t0 = performance.now();
    try {
      for (const batch of batchTransactions(inserts)) {
        await run({ sql: kind === 'sqlite' ? 'BEGIN IMMEDIATE' : 'BEGIN', params: [] });
        for (const q of batch) {
          const s = performance.now();
          await run(q);
          const table = /INSERT INTO ["`]?(\w+)/i.exec(q.sql)?.[1] ?? '?';
          byTable.set(table, (byTable.get(table) ?? 0) + performance.now() - s);
        }
        await run({ sql: 'COMMIT', params: [] });
      }
    } finally {
      await release();
    }
    console.log(`replayed ${inserts.length} INSERTs in ${secs(performance.now() - t0)}: ${[...byTable].map(([t, ms]) => `${t} ${secs(ms)}`).join(', ')}`);
  } finally {
    await server.close();
  }
}

await ensureTemplate();
const file = benchWorkbook(rows);
console.log(`${kind}: ${rows.toLocaleString()} rows into ${existing.toLocaleString()} customers, ${opts.runs} run(s)`);
let inserts: RecordedQuery[] | null = null;
const runs = Number(opts.runs);
for (let n = 1; n <= runs; n++) inserts = (await oneRun(file, n, opts.replay && n === runs)) ?? inserts;
if (inserts) await replay(inserts);
if (kind === 'postgres') await pgAdmin(`DROP DATABASE IF EXISTS ${RUN_DB} WITH (FORCE)`);
process.exit(0);
