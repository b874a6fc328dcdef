import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AuditEntity } from '../../server/modules/audit/audit.entity';
import { TEST_DB } from '../support/databases';
import { base64, sheetCells, workbookFile } from '../support/excel-fixtures';
import { errorCodeOf, startTestServer, type ServerClient, type TestServer } from '../support/test-server';
import { createCustomer, uniqueName } from './customers-fixtures';
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
