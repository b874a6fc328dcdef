import type { DatabaseKind } from '../../server/config';
import { startServer } from '../../server/app';
import { DEMO_PASSWORD, seedDemoOrg } from '../../server/modules/demo/demo-org';
import { demoOwners, generateDemoCustomers, insertDemoData } from '../../server/modules/demo/demo-customers';
import type { CustomerListInput } from '../../src/shared/domain/customer.schema';
import { freshDatabase } from '../support/databases';
import { clientFor, type ServerClient } from '../support/test-server';
import { rawRunner, recordQueries } from './sql-recorder';
import { ms, time } from './stats';

export interface BenchRow {
  figure: string;
  value: string;
  floor: string;
  ratio: string;
}

const RUNS = Number(process.env.BENCH_RUNS ?? 100);

// Customer list and search through the whole API (HTTP, tRPC, auth, scope, masking, DTOs)
// beside the very SQL those calls sent, replayed straight through the driver.
export async function benchCustomerList(kind: DatabaseKind, count: number, log: (s: string) => void): Promise<BenchRow[]> {
  const { config, drop } = await freshDatabase(kind);
  const server = await startServer(config);
  // Timing hundreds of searches back to back is exactly what the search rate limit refuses.
  server.services.rateLimits.enabled = false;
  const rows: BenchRow[] = [];
  try {
    const org = await seedDemoOrg(server.db);
    const data = generateDemoCustomers(count, demoOwners(org), 42);
    const t0 = Date.now();
    let lastPct = -1;
    await insertDemoData(server.db, data, (done, total) => {
      const pct = Math.floor((done / total) * 10);
      if (pct !== lastPct) log(`  ${kind}: loading ${done.toLocaleString()} / ${total.toLocaleString()} customers`);
      lastPct = pct;
    });
    log(`  ${kind}: loaded ${count.toLocaleString()} customers, ${data.contacts.length.toLocaleString()} contacts in ${((Date.now() - t0) / 1000).toFixed(1)} s`);
    if (kind === 'postgres') await server.db.query('VACUUM ANALYZE');

    const login = async (username: string): Promise<ServerClient> =>
      clientFor(server.url, (await clientFor(server.url).auth.login.mutate({ username, password: DEMO_PASSWORD })).token);
    const director = await login('director');
    const am1 = await login('am1');
    const sample = data.customers[Math.floor(count / 2)]!;
    const am1Sample = data.customers.find((c) => c.ownerId === org.users.am1!.id && c.phone)!;
    const nameFragment = [...sample.name].filter((ch) => /\p{Script=Han}/u.test(ch)).slice(2, 4).join('');
    const phoneFragment = (am1Sample.phoneDigits ?? '').slice(-6);

    const cases: { name: string; client: ServerClient; input: CustomerListInput }[] = [
      { name: 'list, all (director), page 1', client: director, input: { page: 1, pageSize: 50 } },
      { name: 'list, own (am1), page 1', client: am1, input: { page: 1, pageSize: 50 } },
      { name: 'list, filtered status+industry', client: director, input: { page: 1, pageSize: 50, status: ['active'], industry: ['manufacturing', 'it'] } },
      { name: 'list, page 100 sorted by name', client: director, input: { page: 100, pageSize: 50, sort: 'name', order: 'asc' } },
      { name: `search name "${nameFragment}" (director)`, client: director, input: { page: 1, pageSize: 50, search: nameFragment } },
      { name: `search phone "${phoneFragment}" (am1)`, client: am1, input: { page: 1, pageSize: 50, search: phoneFragment } },
      { name: 'search credit code (director)', client: director, input: { page: 1, pageSize: 50, search: sample.creditCode ?? sample.name } },
    ];
    const raw = rawRunner(server.db);
    for (const c of cases) {
      const result = await c.client.customers.list.query(c.input);
      const api = await time(() => c.client.customers.list.query(c.input), RUNS);
      const queries = await recordQueries(server.db, () => c.client.customers.list.query(c.input));
      const floor = await time(async () => {
        for (const q of queries) await raw(q);
      }, RUNS);
      rows.push({
        figure: `${kind} ${c.name} [${result.total.toLocaleString()} rows] p50`,
        value: ms(api.p50),
        floor: `${ms(floor.p50)} (${queries.length} SQL)`,
        ratio: `${(api.p50 / floor.p50).toFixed(1)}x`,
      });
      rows.push({ figure: `${kind} ${c.name} p95`, value: ms(api.p95), floor: ms(floor.p95), ratio: `${(api.p95 / floor.p95).toFixed(1)}x` });
      log(`  ${kind}: ${c.name}: api p50 ${ms(api.p50)} p95 ${ms(api.p95)} | raw SQL p50 ${ms(floor.p50)} p95 ${ms(floor.p95)}`);
    }
  } finally {
    await server.close();
    await drop();
  }
  return rows;
}
