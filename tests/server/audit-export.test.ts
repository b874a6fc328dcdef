import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AuditEntity } from '../../server/modules/audit/audit.entity';
import { TEST_DB } from '../support/databases';
import { sheetCells } from '../support/excel-fixtures';
import { errorCodeOf, startTestServer, type ServerClient, type TestServer } from '../support/test-server';

let ts: TestServer;
let admin: ServerClient;
beforeAll(async () => {
  ts = await startTestServer();
  admin = await ts.as('admin');
});
afterAll(async () => ts?.close());

describe(`audit log export (${TEST_DB})`, () => {
  it('exports the filtered entries newest first, attacker-typed text neutralised, and audits the export', async () => {
    const from = new Date(Date.now() - 1000).toISOString();
    // Whatever someone types as a user name at sign-in ends up in the audit log.
    const evil = '=HYPERLINK("http://evil.example","点我")';
    for (const username of [evil, 'nobody-here']) {
      await ts.raw('/trpc/auth.login', { method: 'POST', body: JSON.stringify({ username, password: 'wrong-password' }) });
    }
    await ts.as('am1');
    const filter = { action: 'auth.login_failed', from };
    const listed = await admin.admin.audit.list.query(filter);
    expect(listed.total).toBe(2);

    const res = await admin.admin.audit.export.mutate({ ...filter, format: 'xlsx' });
    expect(res.rows).toBe(2);
    expect(res.fileName).toMatch(/^审计日志-\d{4}-\d{2}-\d{2}\.xlsx$/);
    const cells = sheetCells(res.data);
    const header = cells[0]!.map((c) => c.v);
    expect(header.slice(0, 4)).toEqual(['序号', '时间（UTC）', '用户', '操作']);
    expect(cells).toHaveLength(3);
    const col = (h: string) => cells.slice(1).map((r) => r[header.indexOf(h)]!);
    expect(col('序号').map((c) => c.v)).toEqual(listed.items.map((e) => e.seq));
    expect(col('操作').every((c) => c.v === 'auth.login_failed')).toBe(true);
    const evilCell = col('用户').find((c) => String(c.v).includes('HYPERLINK'))!;
    expect(evilCell).toMatchObject({ t: 's', v: `'${evil}` });
    expect(evilCell.f).toBeUndefined();
    expect(col('详情').map((c) => JSON.parse(String(c.v)))).toEqual(listed.items.map((e) => e.detail));

    // English CSV; the export itself is in the log, with its filter, and was not in its own file.
    const csv = await admin.admin.audit.export.mutate({ ...filter, format: 'csv', lang: 'en' });
    expect(Buffer.from(csv.data, 'base64').toString('utf8').startsWith('\ufeffSeq,Time (UTC),User,Action')).toBe(true);
    const exports = await ts.server.db.getRepository(AuditEntity).find({ where: { action: 'audit.export' }, order: { seq: 'ASC' } });
    expect(exports.map((e) => [e.username, e.detail])).toEqual([
      ['admin', { filter, format: 'xlsx', rows: 2 }],
      ['admin', { filter, format: 'csv', rows: 2 }],
    ]);
    expect((await admin.admin.audit.verify.query()).ok).toBe(true);
  });

  it('is for administrators only', async () => {
    expect(await errorCodeOf((await ts.as('director')).admin.audit.export.mutate({}))).toBe('FORBIDDEN');
  });
});
