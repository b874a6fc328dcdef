// `npm run bench`: speed figures, each printed beside its floor measured in the same run
// (raw SQL through the bare driver, raw SheetJS, ...). Not part of `npm test`: timings on
// shared 2-core machines are too noisy to assert. BENCH_CUSTOMERS and BENCH_RUNS scale it
// down for a quick look; BENCH_DBS=sqlite,postgres chooses engines.
import type { DatabaseKind } from '../../server/config';
import { benchCustomerList, type BenchRow } from './customer-list.bench';
import { benchExcel } from './excel.bench';
import { benchSync } from './sync.bench';

const count = Number(process.env.BENCH_CUSTOMERS ?? 100_000);
const engines = (process.env.BENCH_DBS ?? 'sqlite,postgres').split(',') as DatabaseKind[];
const log = (s: string) => console.log(s);

const rows: BenchRow[] = [];
// BENCH_CUSTOMERS=0 leaves the list figures out.
for (const kind of count > 0 ? engines : []) {
  log(`\n== customer list and search, ${count.toLocaleString()} customers on ${kind} ==`);
  rows.push(...(await benchCustomerList(kind, count, log)));
}
// BENCH_EXCEL_ROWS=0 leaves the spreadsheet figures out.
const excelRows = Number(process.env.BENCH_EXCEL_ROWS ?? 100_000);
for (const kind of excelRows > 0 ? engines : []) {
  log(`\n== Excel import and export, ${excelRows.toLocaleString()} rows × 15 columns on ${kind} ==`);
  rows.push(...(await benchExcel(kind, excelRows, log)));
}
// The offline client's sync: BENCH_SYNC_CUSTOMERS=0 leaves it out; BENCH_SYNC_DBS chooses the
// server's engines (default sqlite only: the client side is the same whatever the server runs).
const syncCustomers = Number(process.env.BENCH_SYNC_CUSTOMERS ?? 100_000);
for (const kind of syncCustomers > 0 ? ((process.env.BENCH_SYNC_DBS ?? 'sqlite').split(',') as DatabaseKind[]) : []) {
  log(`\n== offline sync, ${syncCustomers.toLocaleString()} customers from ${kind} ==`);
  rows.push(...(await benchSync(kind, syncCustomers, log)));
}

const widths = [0, 1, 2, 3].map((i) => Math.max(...[['figure', 'value', 'floor', 'ratio'], ...rows.map((r) => [r.figure, r.value, r.floor, r.ratio])].map((r) => r[i]!.length)));
const line = (cells: string[]) => cells.map((c, i) => c.padEnd(widths[i]!)).join(' | ');
console.log(`\n${line(['figure', 'value', 'floor', 'ratio'])}`);
console.log(widths.map((w) => '-'.repeat(w)).join('-|-'));
for (const r of rows) console.log(line([r.figure, r.value, r.floor, r.ratio]));
