import * as XLSX from 'xlsx';
import { startServer } from '../../server/app';
import type { DatabaseKind } from '../../server/config';
import { seedDemoOrg } from '../../server/modules/demo/demo-org';
import { creditCodeCheckChar } from '../../src/shared/domain/credit-code';
import { freshDatabase } from '../support/databases';
import type { BenchRow } from './customer-list.bench';

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

const secs = (ms: number) => `${(ms / 1000).toFixed(2)} s`;
const mb = (b: number) => `${(b / 1024 / 1024).toFixed(0)} MB`;
async function timed<T>(fn: () => Promise<T> | T): Promise<{ ms: number; value: T }> {
  const t0 = performance.now();
  const value = await fn();
  return { ms: performance.now() - t0, value };
}

// Import (dry run and commit, in-process through the import service) and export of `count`
// rows × 15 columns, each beside raw SheetJS parse / write of the same data.
export async function benchExcel(kind: DatabaseKind, count: number, log: (s: string) => void): Promise<BenchRow[]> {
  const { config, drop } = await freshDatabase(kind);
  const server = await startServer(config);
  try {
    const org = await seedDemoOrg(server.db);
    const caller = (await server.services.org.loadCaller(org.users.director!.id, 'bench'))!;
    const actor = { caller, ip: null };
    const aoa = sheetRows(count);
    const write = await timed(() => {
      const wb = XLSX.utils.book_new();
      XLSX.utils.book_append_sheet(wb, XLSX.utils.aoa_to_sheet(aoa, { dense: true } as XLSX.AOA2SheetOpts), '客户');
      return XLSX.write(wb, { type: 'buffer', bookType: 'xlsx', compression: true }) as Buffer;
    });
    const file = write.value;
    log(`  ${kind}: ${count.toLocaleString()} rows × 15 columns = ${mb(file.length)} .xlsx`);
    const parse = await timed(() => XLSX.read(file, { type: 'buffer', dense: true, cellFormula: false, cellHTML: false }));
    const input = { entity: 'customers' as const, fileName: 'bench.xlsx', data: file.toString('base64'), onDuplicate: 'skip' as const, owner: { kind: 'me' as const } };
    const dry = await timed(() => server.services.imports.dryRun(actor, input));
    log(`  ${kind}: dry run ${secs(dry.ms)}: ${JSON.stringify({ ...dry.value, errors: dry.value.errors.length })}`);
    const commit = await timed(() => server.services.imports.commitAndWait(actor, input));
    log(`  ${kind}: commit ${secs(commit.ms)}: created ${commit.value.created}`);
    const exp = await timed(() => server.services.exports.customers(actor, { format: 'xlsx', lang: 'zh-CN', sort: 'updatedAt', order: 'desc' }));
    log(`  ${kind}: export ${secs(exp.ms)}: ${exp.value.rows.toLocaleString()} rows`);
    const ratio = (a: number, b: number) => `${(a / b).toFixed(2)}×`;
    return [
      { figure: `${kind}: import dry run ${count} rows`, value: secs(dry.ms), floor: `SheetJS parse ${secs(parse.ms)}`, ratio: ratio(dry.ms, parse.ms) },
      { figure: `${kind}: import commit ${count} rows`, value: secs(commit.ms), floor: `SheetJS parse ${secs(parse.ms)}`, ratio: ratio(commit.ms, parse.ms) },
      { figure: `${kind}: export ${exp.value.rows} rows .xlsx`, value: secs(exp.ms), floor: `SheetJS write ${secs(write.ms)}`, ratio: ratio(exp.ms, write.ms) },
    ];
  } finally {
    await server.close();
    await drop();
  }
}
