import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AuditEntity } from '../../server/modules/audit/audit.entity';
import { TEST_DB } from '../support/databases';
import { base64, sheetCells, workbookFile } from '../support/excel-fixtures';
import { errorCodeOf, startTestServer, type ServerClient, type TestServer } from '../support/test-server';
import { createCustomer, uniqueName, userWithRole } from './customers-fixtures';
import { commitAndWait } from './import-run';

let ts: TestServer;
let am1: ServerClient;
let am2: ServerClient;
beforeAll(async () => {
  ts = await startTestServer();
  [am1, am2] = await Promise.all([ts.as('am1'), ts.as('am2')]);
});
afterAll(async () => ts?.close());

describe(`customer export (${TEST_DB})`, () => {
  it('exports what the caller sees, as text cells, with formula-looking values neutralised', async () => {
    const tag = `导出${Date.now() % 100000}`;
    const evil = `=HYPERLINK("http://evil.example","${uniqueName()}")`;
    const mine = await createCustomer(am1, { name: evil, tags: [tag], level: 'A', phone: '13812345678' });
    await am1.contacts.create.mutate({ customerId: mine.id, name: '@张三', mobile: '13912345678', isPrimary: true });
    await createCustomer(am2, { tags: [tag] });
    const res = await am1.exports.customers.mutate({ tags: [tag], format: 'xlsx' });
    expect(res.rows).toBe(1);
    const cells = sheetCells(res.data);
    const header = cells[0]!.map((c) => c.v);
    expect(header.slice(0, 3)).toEqual(['客户名称', '类型', '统一社会信用代码']);
    const row = cells[1]!;
    const at = (h: string) => row[header.indexOf(h)]!;
    expect(at('客户名称')).toMatchObject({ t: 's', v: `'${evil}` });
    expect(at('客户名称').f).toBeUndefined();
    expect(at('联系人')).toMatchObject({ t: 's', v: "'@张三" });
    expect(at('客户级别').v).toBe('A类（重要）');
    expect(at('手机').v).toBe('13912345678');
    const audit = await ts.server.db.getRepository(AuditEntity).findBy({ action: 'customer.export' });
    expect(audit.at(-1)).toMatchObject({ username: 'am1', detail: { rows: 1, format: 'xlsx', filter: { tags: [tag] } } });
  });

  it('exports a list longer than one slice whole, each customer once, as .xlsx and CSV', async () => {
    const tag = `批量${Date.now() % 100000}`;
    const names = Array.from({ length: 2345 }, () => uniqueName('批量'));
    const imported = await commitAndWait(am1, { fileName: '批量.xlsx', data: base64(workbookFile([['客户名称', '标签'], ...names.map((n) => [n, tag])])) });
    expect(imported.created).toBe(names.length);
    const res = await am1.exports.customers.mutate({ tags: [tag], format: 'xlsx' });
    expect(res.rows).toBe(names.length);
    const cells = sheetCells(res.data);
    expect(cells).toHaveLength(names.length + 1);
    expect(new Set(cells.slice(1).map((r) => r[0]!.v))).toEqual(new Set(names));
    const csv = await am1.exports.customers.mutate({ tags: [tag], format: 'csv' });
    expect(Buffer.from(csv.data, 'base64').toString('utf8').trim().split(/\r?\n/)).toHaveLength(names.length + 1);
  });

  it('applies field masks and writes CSV with a BOM and English headers', async () => {
    const tag = `掩码${Date.now() % 100000}`;
    const c = await createCustomer(am1, { tags: [tag], phone: '13800005678' });
    await am1.contacts.create.mutate({ customerId: c.id, name: '李四', mobile: '13900005678', wechat: 'li_wx', isPrimary: true });
    const marketing = await ts.as('marketing1');
    const res = await marketing.exports.customers.mutate({ tags: [tag], format: 'csv', lang: 'en' });
    const text = Buffer.from(res.data, 'base64').toString('utf8');
    expect(text.startsWith('\ufeffCustomer name,')).toBe(true);
    expect(text).toContain('138****5678');
    expect(text).toContain('139****5678');
    expect(text).not.toContain('13900005678');
    expect(text).not.toContain('13800005678');
    expect(text).not.toContain('li_wx');
  });

  it('requires customers.export', async () => {
    expect(await errorCodeOf((await ts.as('finance1')).exports.customers.mutate({}))).toBe('FORBIDDEN');
  });
});

type StartInput = Parameters<ServerClient['exports']['start']['mutate']>[0];

// Starts a background export and waits for its file, as the app's export button does.
async function exportJob(client: ServerClient, req: StartInput) {
  const { jobId } = await client.exports.start.mutate(req);
  let p = await client.exports.progress.query({ jobId });
  while (p.status === 'running') {
    await new Promise((r) => setTimeout(r, 20));
    p = await client.exports.progress.query({ jobId });
  }
  expect(p).toMatchObject({ status: 'done', error: null });
  return client.exports.result.mutate({ jobId });
}

// Rows of an exported sheet as objects keyed by header.
function recordsOf(data: string): Record<string, unknown>[] {
  const [head, ...rows] = sheetCells(data);
  const header = head!.map((c) => String(c.v));
  return rows.map((r) => Object.fromEntries(header.map((h, i) => [h, r[i]?.v ?? null])));
}

const lastAudit = async (action: string) =>
  (await ts.server.db.getRepository(AuditEntity).find({ where: { action }, order: { seq: 'DESC' }, take: 1 }))[0];

describe(`pool and recycle-bin export (${TEST_DB})`, () => {
  it('exports the pool as its list shows it to the caller: every pool customer, masked, filtered, audited', async () => {
    const tag = `公海导出${Date.now() % 100000}`;
    const mine = await createCustomer(am1, { tags: [tag], level: 'A', phone: '13800001111' });
    await am1.contacts.create.mutate({ customerId: mine.id, name: '王五', mobile: '13900002222', isPrimary: true });
    const theirs = await createCustomer(am2, { tags: [tag], level: 'B' });
    const kept = await createCustomer(am1, { tags: [tag], level: 'A' });
    const gone = await createCustomer(am1, { tags: [tag], level: 'A' });
    await am1.pool.release.mutate({ ids: [mine.id] });
    await am2.pool.release.mutate({ ids: [theirs.id] });
    await am1.pool.release.mutate({ ids: [gone.id] });
    await (await ts.as('admin')).customers.delete.mutate({ ids: [gone.id] });

    // Marketing may look at the pool and export, with phones masked.
    const marketing = await ts.as('marketing1');
    const file = await exportJob(marketing, { list: 'pool', input: { tags: [tag], sort: 'name', order: 'asc' } });
    const listed = await marketing.pool.list.query({ tags: [tag], sort: 'name', order: 'asc', pageSize: 100 });
    const rows = recordsOf(file.data);
    expect(rows.map((r) => r['客户名称'])).toEqual(listed.items.map((c) => c.name));
    expect(new Set(rows.map((r) => r['客户名称']))).toEqual(new Set([mine.name, theirs.name]));
    expect(file.fileName).toMatch(/^公海客户-.*\.xlsx$/);
    const row = rows.find((r) => r['客户名称'] === mine.name)!;
    expect(row).toMatchObject({ 电话: '138****1111', 手机: '139****2222', 联系人: '王五', 负责人: null });
    expect(String(row['进入公海时间'])).toMatch(/^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d$/);
    expect(await lastAudit('pool.export')).toMatchObject({ username: 'marketing1', entity: 'customer', detail: { rows: 2, format: 'xlsx', filter: { tags: [tag] } } });

    // The filters on screen apply; an account manager sees the numbers in clear.
    const onlyA = await exportJob(am1, { list: 'pool', input: { tags: [tag], level: ['A'], format: 'csv', lang: 'en' } });
    const csv = Buffer.from(onlyA.data, 'base64').toString('utf8');
    expect(csv.split(/\r?\n/)[0]).toMatch(/,In the pool since$/);
    expect(csv).toContain(mine.name);
    expect(csv).toContain('13800001111');
    expect(csv).not.toContain(theirs.name);
    expect(csv).not.toContain(kept.name);
    expect(onlyA.rows).toBe(1);
    expect(await lastAudit('pool.export')).toMatchObject({ username: 'am1', detail: { rows: 1, format: 'csv', filter: { tags: [tag], level: ['A'] } } });
  });

  it('needs the pool view besides customers.export', async () => {
    const { client } = await userWithRole(ts, {
      username: 'exportnopool',
      dept: 'east',
      grant: { permissions: ['customers.export'], dataScopes: { customers: 'all' }, fieldRules: {} },
    });
    expect(await errorCodeOf(client.exports.start.mutate({ list: 'pool', input: {} }))).toBe('FORBIDDEN');
    expect(await errorCodeOf((await ts.as('finance1')).exports.start.mutate({ list: 'pool', input: {} }))).toBe('FORBIDDEN');
    // Permission refused at the start: no job ran, nothing audited.
    expect(await ts.server.db.getRepository(AuditEntity).countBy({ action: 'pool.export', username: 'exportnopool' })).toBe(0);
  });

  it('exports only the deleted customers the caller may see in the recycle bin, to those who may open it', async () => {
    const tag = `回收站导出${Date.now() % 100000}`;
    const a = await createCustomer(am1, { tags: [tag], level: 'A', phone: '13800003333' });
    const b = await createCustomer(am1, { tags: [tag], level: 'B' });
    const live = await createCustomer(am1, { tags: [tag], level: 'A' });
    const other = await createCustomer(am2, { tags: [tag], level: 'A' });
    await am1.customers.delete.mutate({ ids: [a.id, b.id] });
    await am2.customers.delete.mutate({ ids: [other.id] });

    const file = await exportJob(am1, { list: 'recycleBin', input: { tags: [tag] } });
    const rows = recordsOf(file.data);
    const listed = await am1.customers.recycleBin.query({ tags: [tag], pageSize: 100 });
    expect(rows.map((r) => r['客户名称'])).toEqual(listed.items.map((c) => c.name));
    expect(new Set(rows.map((r) => r['客户名称']))).toEqual(new Set([a.name, b.name]));
    expect(rows.map((r) => r['客户名称'])).not.toContain(live.name);
    const rowA = rows.find((r) => r['客户名称'] === a.name)!;
    expect(rowA).toMatchObject({ 负责人: '张伟', 电话: '13800003333' });
    expect(String(rowA['删除时间'])).toMatch(/^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d$/);
    expect(await lastAudit('recycleBin.export')).toMatchObject({ username: 'am1', entity: 'customer', detail: { rows: 2, format: 'xlsx', filter: { tags: [tag] } } });

    const filtered = await exportJob(am1, { list: 'recycleBin', input: { tags: [tag], level: ['A'], search: a.name } });
    expect(recordsOf(filtered.data).map((r) => r['客户名称'])).toEqual([a.name]);
    expect(await lastAudit('recycleBin.export')).toMatchObject({ detail: { rows: 1, filter: { tags: [tag], level: ['A'], search: a.name } } });

    // Whoever may restore across all teams, with the company phone masked by their role.
    const { client: auditor } = await userWithRole(ts, {
      username: 'binexporter',
      dept: 'east',
      grant: { permissions: ['customers.restore', 'customers.export'], dataScopes: { customers: 'all' }, fieldRules: { 'customers.phone': 'masked' } },
    });
    const all = recordsOf((await exportJob(auditor, { list: 'recycleBin', input: { tags: [tag] } })).data);
    expect(new Set(all.map((r) => r['客户名称']))).toEqual(new Set([a.name, b.name, other.name]));
    expect(all.find((r) => r['客户名称'] === a.name)?.['电话']).toBe('138****3333');

    // Marketing may export but not open the recycle bin; finance may do neither.
    expect(await errorCodeOf((await ts.as('marketing1')).exports.start.mutate({ list: 'recycleBin', input: {} }))).toBe('FORBIDDEN');
    expect(await errorCodeOf((await ts.as('finance1')).exports.start.mutate({ list: 'recycleBin', input: {} }))).toBe('FORBIDDEN');
  });
});
