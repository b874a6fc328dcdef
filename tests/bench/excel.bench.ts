import { runInNewContext } from 'node:vm';
import { setFlagsFromString } from 'node:v8';
import { Worker } from 'node:worker_threads';
import * as XLSX from 'xlsx';
import type { RunningServer } from '../../server/app';
import type { DatabaseKind } from '../../server/config';
import { demoOwners, generateDemoCustomers, insertDemoData } from '../../server/modules/demo/demo-customers';
import { DEMO_PASSWORD, seedDemoOrg } from '../../server/modules/demo/demo-org';
import { creditCodeCheckChar } from '../../src/shared/domain/credit-code';
import { clientFor } from '../support/test-server';
import type { BenchRow } from './customer-list.bench';
import type { Actor } from '../../server/modules/customers/actor';
import type { ImportRun } from '../../server/modules/imports/import.service';
import { sampleRss } from './rss-sampler';
import { seededCopies, type SeededCopies } from './seeded-copies';
import { batchInserts, batchTransactions, rawSession, recordQueries, type RecordedQuery } from './sql-recorder';
import { ms, percentile, secs } from './stats';

const HEADER = ['客户名称', '类型', '统一社会信用代码', '客户级别', '客户状态', '行业', '客户来源', '详细地址', '电话', '网址', '标签', '备注', '联系人', '职务', '手机'];
const LEVELS = ['A类', 'B', 'C类（一般）', 'D'];
const STATUSES = ['潜在', '成交', '重点客户', 'Dormant'];

// 15 columns as staff lists have them: labels in either language, phones with spaces.
function sheetRows(count: number): (string | number)[][] {
  const rows: (string | number)[][] = [HEADER];
  for (let i = 0; i < count; i++) {
    const body = `91310000${String(i).padStart(9, '0')}`;
    const mobile = `139${String(i).padStart(8, '0')}`;
    rows.push([
      `基准导入客户${i}有限公司`, '企业', body + creditCodeCheckChar(body)!, LEVELS[i % 4]!, STATUSES[i % 4]!, '制造业', '展会',
      `上海市浦东新区张江路 ${i} 号`, `021-${String(50000000 + i)}`, `www.c${i}.cn`, '华东, 展会', '来自 2025 年展会名单',
      `联系人${i}`, '采购经理', `${mobile.slice(0, 3)} ${mobile.slice(3, 7)} ${mobile.slice(7)}`,
    ]);
  }
  return rows;
}

// The bench's workbook of `count` customer rows, saved with shared strings as Excel saves it
// (scripts/profile-import.ts imports the same file).
export function benchWorkbook(count: number): Buffer {
  const wb = XLSX.utils.book_new();
  XLSX.utils.book_append_sheet(wb, XLSX.utils.aoa_to_sheet(sheetRows(count), { dense: true } as XLSX.AOA2SheetOpts), '客户');
  return XLSX.write(wb, { type: 'buffer', bookType: 'xlsx', compression: true, bookSST: true }) as Buffer;
}

const mb = (b: number) => `${(b / 1024 / 1024).toFixed(0)} MB`;
async function timed<T>(fn: () => Promise<T> | T): Promise<{ ms: number; value: T }> {
  const t0 = performance.now();
  const value = await fn();
  return { ms: performance.now() - t0, value };
}

// Memory figures are peaks above a baseline: collect garbage first so that what the previous
// step left behind does not count against the next.
setFlagsFromString('--expose-gc');
const gc = runInNewContext('gc') as () => void;
async function settledRss(): Promise<number> {
  gc();
  await new Promise((r) => setTimeout(r, 50));
  gc();
  return process.memoryUsage.rss();
}

// Peak RSS above the baseline while fn runs.
async function withPeak<T>(fn: () => Promise<T>): Promise<{ ms: number; value: T; peak: number }> {
  const base = await settledRss();
  const sampler = sampleRss();
  const t = await timed(fn);
  return { ...t, peak: (await sampler.stop()) - base };
}

// SheetJS alone reading the file, in a worker like the server's own parse.
export function parseAlone(file: Buffer): Promise<number> {
  return new Promise((resolve, reject) => {
    const worker = new Worker(new URL('./parse-floor.mjs', import.meta.url), { workerData: { bytes: file } });
    worker.once('message', (m: { rows: number }) => {
      void worker.terminate();
      resolve(m.rows);
    });
    worker.once('error', reject);
  });
}

// A person paging their list, about five requests a second: requests back to back with no
// pause would take half the server from the import and time each other as much. stop() (any
// number of times) ends it and gives each request's time in ms, sorted.
export function pagingLister(list: () => Promise<unknown>): { stop(): Promise<number[]> } {
  const latencies: number[] = [];
  let going = true;
  const running = (async () => {
    while (going) {
      const s = performance.now();
      await list();
      latencies.push(performance.now() - s);
      await new Promise((r) => setTimeout(r, Math.max(0, 200 - (performance.now() - s))));
    }
  })();
  let stopped: Promise<number[]> | null = null;
  return {
    stop: () =>
      (stopped ??= (async () => {
        going = false;
        await running;
        return latencies.sort((a, b) => a - b);
      })()),
  };
}

const ratioOf = (a: number, b: number, target: number) => `${(a / b).toFixed(2)}× (target ≤ ${target}×)`;

// The run whose ratio is the median (the lower middle of an even count), and every run's ratio
// in the order run.
function medianRun<T>(runs: readonly T[], ratio: (run: T) => number): { median: T; ratios: string } {
  const median = [...runs].sort((a, b) => ratio(a) - ratio(b))[(runs.length - 1) >> 1]!;
  return { median, ratios: runs.map((r) => ratio(r).toFixed(2)).join(', ') };
}

// How many times the import is timed, each time on its own copy of the seeded database: this
// machine's speed drifts by a fifth or more within minutes (SheetJS alone took 4.5 s and 5.5 s
// for the same file an hour apart), and one commit against its parses said more about that
// drift than about the import. The figures are the run with the median ratio (all ratios
// shown), the largest peak, and the list latencies of every run together. BENCH_EXCEL_RUNS.
const IMPORT_RUNS = Math.max(1, Number(process.env.BENCH_EXCEL_RUNS ?? 3));

interface CommitRun {
  commitMs: number;
  floorMs: number;
  floor: string;
  peak: number;
  parsePeak: number;
  latencies: number[];
}

// Import and export of `count` rows × 15 columns against BENCH_EXCEL_EXISTING (default 100,000)
// customers already in the database, each beside raw SheetJS on the same data: the import
// (a commit, from file bytes to committed rows) against the parse of its file (its time the
// mean of a parse just before the commit and one just after; its peak memory), another user's
// list p95 while the import runs, the export against SheetJS writing the very rows it
// exported.
export async function benchExcel(kind: DatabaseKind, count: number, log: (s: string) => void): Promise<BenchRow[]> {
  const existing = Number(process.env.BENCH_EXCEL_EXISTING ?? 100_000);
  const t0 = Date.now();
  const copies = await seededCopies(kind, async (server) => {
    const org = await seedDemoOrg(server.db);
    await insertDemoData(server.db, generateDemoCustomers(existing, demoOwners(org), 42));
    // As autovacuum leaves a database that has been in use: statistics, and the visibility map
    // that lets PostgreSQL count from an index alone.
    if (kind === 'postgres') await server.db.query('VACUUM ANALYZE');
    return { directorId: org.users.director!.id };
  });
  try {
    log(`  ${kind}: ${existing.toLocaleString()} existing customers loaded in ${secs(Date.now() - t0)}`);
    const file = benchWorkbook(count);
    log(`  ${kind}: ${count.toLocaleString()} rows × 15 columns = ${mb(file.length)} .xlsx (shared strings)`);
    const input = { entity: 'customers' as const, fileName: 'bench.xlsx', data: file.toString('base64'), onDuplicate: 'skip' as const, owner: { kind: 'me' as const } };
    const runs: CommitRun[] = [];
    let dryRow: BenchRow | null = null;
    let idle: number[] = [];
    let exportRow: BenchRow | null = null;
    for (let n = 1; n <= IMPORT_RUNS; n++) {
      const { server, seeded, close } = await copies.open();
      try {
        // The list requests timed during the import come faster than any person's.
        server.services.rateLimits.enabled = false;
        const caller = (await server.services.org.loadCaller(seeded.directorId, 'bench'))!;
        const actor = { caller, ip: null };
        const am1 = clientFor(server.url, (await clientFor(server.url).auth.login.mutate({ username: 'am1', password: DEMO_PASSWORD })).token);
        const listPage = () => am1.customers.list.query({ page: 1, pageSize: 50 });
        if (n === 1) {
          const dry = await timed(() => server.services.imports.dryRun(actor, input));
          log(`  ${kind}: dry run ${secs(dry.ms)}: ${JSON.stringify({ ...dry.value, errors: dry.value.errors.length })}`);
          const parse = await timed(() => parseAlone(file));
          dryRow = { figure: `${kind}: import dry run ${count} rows vs ${existing}`, value: secs(dry.ms), floor: `SheetJS parse ${secs(parse.ms)}`, ratio: `${(dry.ms / parse.ms).toFixed(2)}×` };
          for (let i = 0; i < 25; i++) idle.push((await timed(listPage)).ms);
          idle = idle.sort((a, b) => a - b);
        }
        const parse = await withPeak(() => parseAlone(file));
        const lister = pagingLister(listPage);
        // Stopped however the commit ends.
        const commit = await withPeak(() => server.services.imports.commitAndWait(actor, input)).finally(lister.stop);
        const latencies = await lister.stop();
        // The parse again, just after the commit: the time figures are held against the mean of the two.
        const parseAfter = await timed(() => parseAlone(file));
        const floorMs = (parse.ms + parseAfter.ms) / 2;
        runs.push({ commitMs: commit.ms, floorMs, floor: `SheetJS parse ${secs(floorMs)} (${secs(parse.ms)} before, ${secs(parseAfter.ms)} after)`, peak: commit.peak, parsePeak: parse.peak, latencies });
        log(
          `  ${kind}: run ${n}: commit ${secs(commit.ms)} (created ${commit.value.created}, skipped ${commit.value.skipped}), SheetJS parse ${secs(parse.ms)} before and ${secs(parseAfter.ms)} after = ${(commit.ms / floorMs).toFixed(2)}×; ` +
            `peak +${mb(commit.peak)} (parse +${mb(parse.peak)}); am1 list ${latencies.length} requests, p50 ${ms(percentile(latencies, 50))} p95 ${ms(percentile(latencies, 95))} max ${ms(latencies.at(-1) ?? NaN)}`,
        );
        if (n === IMPORT_RUNS) exportRow = await benchExport(kind, server, actor, log);
      } finally {
        await close();
      }
    }
    const replay = await importWritesFloor(kind, copies, input, log);
    const { median, ratios } = medianRun(runs, (r) => r.commitMs / r.floorMs);
    const peak = runs.reduce((a, b) => (b.peak > a.peak ? b : a));
    const latencies = runs.flatMap((r) => r.latencies).sort((a, b) => a - b);
    const p95 = percentile(latencies, 95);
    log(`  ${kind}: am1 list before the import: p50 ${ms(percentile(idle, 50))} p95 ${ms(percentile(idle, 95))}`);
    return [
      dryRow!,
      { figure: `${kind}: import commit ${count} rows vs ${existing} (median of ${runs.length})`, value: secs(median.commitMs), floor: median.floor, ratio: `${ratioOf(median.commitMs, median.floorMs, 1.5)}; runs ${ratios}` },
      { figure: `${kind}: import commit's writes alone`, value: secs(replay), floor: median.floor, ratio: `${(replay / median.floorMs).toFixed(2)}× (commit ${(median.commitMs / replay).toFixed(2)}× of this)` },
      { figure: `${kind}: import peak RSS (largest of ${runs.length})`, value: `+${mb(peak.peak)}`, floor: `SheetJS parse +${mb(peak.parsePeak)}`, ratio: ratioOf(peak.peak, peak.parsePeak, 1.5) },
      { figure: `${kind}: am1 list p95 during import (${latencies.length} requests over ${runs.length} imports)`, value: ms(p95), floor: `idle p95 ${ms(percentile(idle, 95))}; target 200 ms`, ratio: `${(p95 / 200).toFixed(2)}× of target` },
      exportRow!,
    ];
  } finally {
    await copies.drop();
  }
}

// The export of the customer list after an import (100,000 of the 200,000 customers then held),
// against SheetJS writing exactly the rows it exported, with the same options: export and write
// in turn IMPORT_RUNS times, for the same reason as the import; the pair with the median ratio.
async function benchExport(kind: DatabaseKind, server: RunningServer, actor: Actor, log: (s: string) => void): Promise<BenchRow> {
  const pairs: { exportMs: number; writeMs: number; rows: number }[] = [];
  let aoa: (string | number)[][] | null = null;
  for (let n = 0; n < IMPORT_RUNS; n++) {
    await settledRss();
    const exp = await timed(() => server.services.exports.customers(actor, { format: 'xlsx', lang: 'zh-CN', sort: 'updatedAt', order: 'desc' }));
    if (!aoa) {
      const exported = XLSX.read(Buffer.from(exp.value.data, 'base64'), { type: 'buffer', dense: true });
      aoa = XLSX.utils.sheet_to_json<(string | number)[]>(exported.Sheets[exported.SheetNames[0]!]!, { header: 1, raw: true });
    }
    const rows = aoa;
    await settledRss();
    const write = await timed(() => {
      const out = XLSX.utils.book_new();
      XLSX.utils.book_append_sheet(out, XLSX.utils.aoa_to_sheet(rows, { dense: true } as XLSX.AOA2SheetOpts), '客户');
      return XLSX.write(out, { type: 'buffer', bookType: 'xlsx', compression: true }) as Buffer;
    });
    pairs.push({ exportMs: exp.ms, writeMs: write.ms, rows: exp.value.rows });
    log(`  ${kind}: export ${secs(exp.ms)}: ${exp.value.rows.toLocaleString()} rows; SheetJS write alone ${secs(write.ms)} = ${(exp.ms / write.ms).toFixed(2)}×`);
  }
  const { median, ratios } = medianRun(pairs, (p) => p.exportMs / p.writeMs);
  return { figure: `${kind}: export ${median.rows} rows .xlsx (median of ${pairs.length})`, value: secs(median.exportMs), floor: `SheetJS write ${secs(median.writeMs)}`, ratio: `${ratioOf(median.exportMs, median.writeMs, 1.3)}; runs ${ratios}` };
}

// What the database alone costs an import: the INSERTs a commit of `input` sends, recorded on one
// copy of the seeded database and replayed through the bare driver, in the same transactions,
// on another (both fresh, so the recording does not weigh on the timed import's memory).
async function importWritesFloor(kind: DatabaseKind, copies: SeededCopies<{ directorId: string }>, input: ImportRun, log: (s: string) => void): Promise<number> {
  const a = await copies.open();
  let inserts: RecordedQuery[];
  try {
    const caller = (await a.server.services.org.loadCaller(a.seeded.directorId, 'bench'))!;
    const recorded = await recordQueries(a.server.db, () => a.server.services.imports.commitAndWait({ caller, ip: null }, input));
    inserts = batchInserts(recorded);
  } finally {
    await a.close();
  }
  const b = await copies.open();
  try {
    const { run, release } = await rawSession(b.server.db);
    const begin = kind === 'sqlite' ? 'BEGIN IMMEDIATE' : 'BEGIN';
    const batches = batchTransactions(inserts);
    const t = await timed(async () => {
      for (const batch of batches) {
        await run({ sql: begin, params: [] });
        for (const q of batch) await run(q);
        await run({ sql: 'COMMIT', params: [] });
      }
    }).finally(release);
    log(`  ${kind}: the commit's ${inserts.length} INSERTs in ${batches.length} transactions, replayed through the bare driver: ${secs(t.ms)}`);
    return t.ms;
  } finally {
    await b.close();
  }
}
