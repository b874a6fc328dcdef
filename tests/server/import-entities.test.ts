import * as XLSX from 'xlsx';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { In, IsNull } from 'typeorm';
import { AuditEntity } from '../../server/modules/audit/audit.entity';
import { ContactEntity } from '../../server/modules/contacts/contact.entity';
import { CustomerEntity } from '../../server/modules/customers/customer.entity';
import { FollowUpEntity } from '../../server/modules/followups/followup.entity';
import { TEST_DB } from '../support/databases';
import { base64, sheetCells, workbookFile } from '../support/excel-fixtures';
import { errorCodeOf, startTestServer, type ServerClient, type TestServer } from '../support/test-server';
import { commitAndWait } from './import-run';
import { createCustomer, uniqueCreditCode, uniqueMobile, uniqueName, userWithRole } from './customers-fixtures';

let ts: TestServer;
let am1: ServerClient;
let am2: ServerClient;
let lead1: ServerClient;
beforeAll(async () => {
  ts = await startTestServer();
  [am1, am2, lead1] = await Promise.all([ts.as('am1'), ts.as('am2'), ts.as('lead1')]);
});
afterAll(async () => ts?.close());

const customers = () => ts.server.db.getRepository(CustomerEntity);
const ownersOf = async (names: string[]) => {
  const rows = await customers().findBy({ name: In(names) });
  return names.map((n) => rows.find((r) => r.name === n)?.ownerId ?? 'missing');
};
const file = (rows: (string | number | null)[][], fileName = 'x.xlsx') => ({ fileName, data: base64(workbookFile(rows)) });

describe(`customer import owners (${TEST_DB})`, () => {
  it('takes each owner from a column, refusing unknown and unreachable names row by row', async () => {
    const names = Array.from({ length: 6 }, () => uniqueName('按列'));
    const input = {
      ...file([
        ['客户名称', '负责人'],
        [names[0]!, 'am1'],
        [names[1]!, '刘洋'],
        [names[2]!, 'am2'],
        [names[3]!, '查无此人'],
        [names[4]!, null],
        [names[5]!, 'LEAD1'],
      ]),
      owner: { kind: 'column' as const },
    };
    const preview = await lead1.imports.preview.mutate(input);
    expect(preview.columns.map((c) => c.field)).toEqual(['customer.name', 'customer.owner']);

    const dry = await lead1.imports.dryRun.mutate(input);
    expect(dry).toMatchObject({ total: 6, created: 3, invalid: 3 });
    expect(dry.errors).toEqual([
      { row: 4, column: '负责人', field: 'customer.owner', reason: 'import.ownerNotAssignable', value: 'am2' },
      { row: 5, column: '负责人', field: 'customer.owner', reason: 'import.ownerUnknown', value: '查无此人' },
      { row: 6, column: '负责人', field: 'customer.owner', reason: 'validation.required', value: '' },
    ]);
    expect(await commitAndWait(lead1, input)).toMatchObject({ status: 'done', created: 3, invalid: 3 });
    const u = ts.org.users;
    expect(await ownersOf(names)).toEqual([u.am1!.id, u.am3!.id, 'missing', 'missing', 'missing', u.lead1!.id]);

    // Without customers.transfer only rows naming the importer go through.
    const own = [uniqueName('按列'), uniqueName('按列')];
    const mine = await am1.imports.dryRun.mutate({ ...file([['客户名称', '负责人'], [own[0]!, '张伟'], [own[1]!, 'am3']]), owner: { kind: 'column' } });
    expect(mine).toMatchObject({ created: 1, invalid: 1, errors: [{ row: 3, reason: 'import.ownerNotAssignable', value: 'am3' }] });

    const noColumn = await errorCodeOf(lead1.imports.dryRun.mutate({ ...file([['客户名称', '备注'], [uniqueName(), 'x']]), owner: { kind: 'column' } }));
    expect(noColumn).toBe('VALIDATION');
  });

  it('deals new customers round the team in username order; skipped rows take no turn', async () => {
    const names = Array.from({ length: 5 }, () => uniqueName('轮流'));
    const east = ts.org.departments.east.id;
    const rows = [['客户名称'], [names[0]!], [names[0]!], [names[1]!], [names[2]!], [names[3]!], [names[4]!]];
    const input = { ...file(rows), owner: { kind: 'roundRobin' as const, departmentId: east } };
    expect(await errorCodeOf(am1.imports.dryRun.mutate(input))).toBe('FORBIDDEN');
    expect(await commitAndWait(lead1, input)).toMatchObject({ created: 5, skipped: 1 });
    const u = ts.org.users;
    expect(await ownersOf(names)).toEqual([u.am1!.id, u.am3!.id, u.lead1!.id, u.am1!.id, u.am3!.id]);
    const finance = await errorCodeOf(lead1.imports.dryRun.mutate({ ...input, owner: { kind: 'roundRobin', departmentId: ts.org.departments.finance.id } }));
    expect(finance).toBe('VALIDATION');
  });
});

describe(`contact and follow-up import (${TEST_DB})`, () => {
  it('adds contacts to customers named by name or credit code, deduping by customer and mobile', async () => {
    const a = await createCustomer(am1);
    const c = await createCustomer(am1, { creditCode: uniqueCreditCode() });
    const theirs = await createCustomer(am2);
    const pooled = await createCustomer(am1);
    await customers().update({ id: pooled.id }, { ownerId: null, ownerDeptId: null });
    const [m1, m2, m3] = [uniqueMobile(), uniqueMobile(), uniqueMobile()];
    const existing = await am1.contacts.create.mutate({ customerId: a.id, name: '老联系人', mobile: m3 });
    const rows = [
      ['客户名称', '统一社会信用代码', '姓名', '手机', '职务'],
      [a.name, null, '张三', m1, '经理'],
      [a.name, null, '张三（重复）', m1, null],
      [a.name, null, '李四', null, null],
      [null, c.creditCode, '王五', m2, null],
      [theirs.name, null, '越权', uniqueMobile(), null],
      [uniqueName('不存在'), null, '无主', null, null],
      [a.name, null, null, uniqueMobile(), null],
      [a.name, null, '赵六', m3, '新职务'],
      [pooled.name, null, '公海', null, null],
    ];
    const input = { ...file(rows, '联系人.xlsx'), entity: 'contacts' as const };
    const dry = await am1.imports.dryRun.mutate(input);
    expect(dry).toMatchObject({ total: 9, created: 3, updated: 0, skipped: 2, invalid: 4 });
    expect(dry.errors).toEqual(
      expect.arrayContaining([
        { row: 6, column: '客户名称', field: 'customer.name', reason: 'import.customerUnknown', value: theirs.name },
        expect.objectContaining({ row: 7, reason: 'import.customerUnknown' }),
        { row: 8, column: '姓名', field: 'contact.name', reason: 'validation.required' },
        { row: 10, column: '客户名称', field: 'customer.name', reason: 'import.customerNotEditable', value: pooled.name },
      ]),
    );
    expect(await commitAndWait(am1, input)).toMatchObject({ status: 'done', created: 3, skipped: 2, invalid: 4 });
    const contacts = ts.server.db.getRepository(ContactEntity);
    const ofA = await contacts.findBy({ customerId: a.id });
    expect(ofA.map((k) => [k.name, k.mobile, k.title]).sort()).toEqual([
      ['张三', m1, '经理'],
      ['李四', null, null],
      ['老联系人', m3, null],
    ]);
    expect((await contacts.findBy({ customerId: c.id })).map((k) => k.name)).toEqual(['王五']);
    expect(await contacts.countBy({ customerId: In([theirs.id, pooled.id]) })).toBe(0);

    // 'update' changes the existing contact with that mobile, only in the cells the file filled.
    const upd = await commitAndWait(am1, { ...input, onDuplicate: 'update' });
    expect(upd).toMatchObject({ created: 1, updated: 3, skipped: 1, invalid: 4 });
    expect(await am1.contacts.get.query({ id: existing.id })).toMatchObject({ name: '赵六', title: '新职务', mobile: m3 });
  });

  it('always creates follow-ups, links a named contact and keeps the customer dates right', async () => {
    const a = await createCustomer(am1);
    const zhang = await am1.contacts.create.mutate({ customerId: a.id, name: '张三' });
    const rows = [
      ['客户名称', '跟进方式', '跟进时间', '跟进内容', '联系人', '下次跟进'],
      [a.name, '电话', '2026-01-05 14:30', '确认报价', '张三', '2026-01-12'],
      [a.name, '拜访', '2026/1/6', '上门演示', null, null],
      [a.name, '电话', '2026-01-05 14:30', '确认报价', '张三', '2026-01-12'],
      [a.name, null, '2026-01-04', '无方式', null, null],
      [a.name, '电话', '2026-01-07', '找错人', '不存在', null],
      [a.name, '电话', '2026-01-07', null, null, null],
      [a.name, '电话', '明天', '坏时间', null, null],
      [uniqueName('不存在'), '电话', '2026-01-07', '无客户', null, null],
    ];
    const input = { ...file(rows, '跟进.xlsx'), entity: 'followups' as const };
    expect(await am1.imports.dryRun.mutate(input)).toMatchObject({ total: 8, created: 4, invalid: 4 });
    const done = await commitAndWait(am1, input);
    expect(done).toMatchObject({ status: 'done', created: 4, invalid: 4 });
    const made = await ts.server.db.getRepository(FollowUpEntity).find({ where: { customerId: a.id }, order: { at: 'ASC' } });
    expect(made.map((f) => [f.type, f.at, f.contactId, f.nextAt])).toEqual([
      ['other', '2026-01-03T16:00:00.000Z', null, null],
      ['call', '2026-01-05T06:30:00.000Z', zhang.id, '2026-01-12'],
      ['call', '2026-01-05T06:30:00.000Z', zhang.id, '2026-01-12'],
      ['visit', '2026-01-05T16:00:00.000Z', null, null],
    ]);
    expect(await customers().findOneBy({ id: a.id })).toMatchObject({ lastFollowUpAt: '2026-01-05T16:00:00.000Z', nextFollowUpAt: null });
    const audit = await ts.server.db.getRepository(AuditEntity).findBy({ action: 'followUp.import' });
    expect(audit.at(-1)?.detail).toMatchObject({ fileName: '跟进.xlsx', entity: 'followups', created: 4 });

    // Undo removes them and gives the customer its dates back.
    expect(await am1.imports.undo.mutate({ id: done.jobId })).toEqual({ removed: 4, kept: 0 });
    expect(await ts.server.db.getRepository(FollowUpEntity).countBy({ customerId: a.id, deletedAt: IsNull() })).toBe(0);
    expect(await customers().findOneBy({ id: a.id })).toMatchObject({ lastFollowUpAt: null, nextFollowUpAt: null });
  });

  it('needs the entity create right besides customers.import', async () => {
    const { client } = await userWithRole(ts, {
      username: `importer${Date.now() % 1_000_000}`,
      dept: 'marketing',
      grant: { permissions: ['customers.import'], dataScopes: { customers: 'own' }, fieldRules: {} },
    });
    const contacts = { ...file([['客户名称', '姓名'], ['x', 'y']]), entity: 'contacts' as const };
    expect(await errorCodeOf(client.imports.preview.mutate(contacts))).toBe('FORBIDDEN');
    expect(await errorCodeOf(client.imports.dryRun.mutate({ ...contacts, entity: 'followups' }))).toBe('FORBIDDEN');
    expect((await client.imports.preview.mutate({ ...contacts, entity: 'customers' })).entity).toBe('customers');
  });
});

describe(`mapping templates (${TEST_DB})`, () => {
  it('applies a saved mapping to a file with the same headers, for its owner only, until deleted', async () => {
    const a = await createCustomer(am1);
    const mobile = uniqueMobile();
    const rows = [['客户名称', '姓名', '号码', '杂项'], [a.name, '模板联系人', mobile, '忽略我']];
    const input = { ...file(rows), entity: 'contacts' as const };
    const before = await am1.imports.preview.mutate(input);
    expect(before.template).toBeNull();
    expect(before.columns.map((c) => c.field)).toEqual(['customer.name', 'contact.name', null, null]);

    const saved = await am1.imports.saveTemplate.mutate({
      entity: 'contacts',
      name: '月度联系人',
      columns: [
        { header: '客户名称', field: 'customer.name' },
        { header: '姓名', field: 'contact.name' },
        { header: '号码', field: 'contact.mobile' },
        { header: '杂项', field: null },
      ],
    });
    expect((await am1.imports.templates.query({ entity: 'contacts' })).map((t) => t.name)).toEqual(['月度联系人']);
    expect(await am1.imports.templates.query({ entity: 'customers' })).toEqual([]);
    expect(await am2.imports.templates.query({ entity: 'contacts' })).toEqual([]);

    const after = await am1.imports.preview.mutate(input);
    expect(after.template).toEqual({ id: saved.id, name: '月度联系人' });
    expect(after.columns.map((c) => c.field)).toEqual(['customer.name', 'contact.name', 'contact.mobile', null]);
    expect((await am2.imports.preview.mutate(input)).template).toBeNull();

    await commitAndWait(am1, input);
    const made = await ts.server.db.getRepository(ContactEntity).findOneBy({ customerId: a.id, name: '模板联系人' });
    expect(made?.mobile).toBe(mobile);

    expect(await errorCodeOf(am2.imports.deleteTemplate.mutate({ id: saved.id }))).toBe('NOT_FOUND');
    await am1.imports.deleteTemplate.mutate({ id: saved.id });
    expect((await am1.imports.preview.mutate(input)).template).toBeNull();
    expect(await errorCodeOf(am1.imports.saveTemplate.mutate({ entity: 'contacts', name: ' ', columns: [{ header: 'a', field: null }] }))).toBe('VALIDATION');
  });

  it('finds the header row of a file whose headers only a saved template names, and imports it', async () => {
    const [x, y] = [uniqueName('模板甲'), uniqueName('模板乙')];
    const [mx, my] = [uniqueMobile(), uniqueMobile()];
    // None of these headers is in the catalog: without a template there is no header row.
    const rows = [['2026 年 3 月 展会名单'], [], ['签约主体', '手机号码1', '对接人', '跟进备注'], [x, mx, '周一', '展会认识'], [y, my, '吴二', null]];
    const input = { ...file(rows, '展会.xlsx'), entity: 'customers' as const };
    expect(await errorCodeOf(am1.imports.preview.mutate(input))).toBe('IMPORT_NO_HEADER');

    const saved = await am1.imports.saveTemplate.mutate({
      entity: 'customers',
      name: '展会名单',
      columns: [
        { header: '签约主体', field: 'customer.name' },
        { header: '手机号码1', field: 'contact.mobile' },
        { header: '对接人', field: 'contact.name' },
        { header: '跟进备注', field: null },
      ],
    });
    const preview = await am1.imports.preview.mutate(input);
    expect(preview).toMatchObject({ headerRow: 3, totalRows: 2, template: { id: saved.id, name: '展会名单' } });
    expect(preview.columns.map((c) => [c.header, c.field])).toEqual([
      ['签约主体', 'customer.name'],
      ['手机号码1', 'contact.mobile'],
      ['对接人', 'contact.name'],
      ['跟进备注', null],
    ]);
    // Another user's templates are theirs: the file is still refused to them.
    expect(await errorCodeOf(am2.imports.preview.mutate(input))).toBe('IMPORT_NO_HEADER');

    expect(await commitAndWait(am1, input)).toMatchObject({ status: 'done', created: 2, invalid: 0 });
    const made = await customers().findBy({ name: In([x, y]) });
    expect(made.map((c) => c.ownerId)).toEqual([ts.org.users.am1!.id, ts.org.users.am1!.id]);
    const contacts = await ts.server.db.getRepository(ContactEntity).findBy({ customerId: In(made.map((c) => c.id)) });
    expect(contacts.map((c) => [c.name, c.mobile]).sort()).toEqual([['周一', mx], ['吴二', my]].sort());
    await am1.imports.deleteTemplate.mutate({ id: saved.id });
  });

  it('hands out a blank template per entity whose headers the import recognises', async () => {
    for (const entity of ['customers', 'contacts', 'followups'] as const) {
      const blank = await am1.imports.blankTemplate.query({ entity, lang: 'zh-CN' });
      const wb = XLSX.read(Buffer.from(blank.data, 'base64'));
      expect(wb.SheetNames).toEqual(['数据', '填写说明']);
      const preview = await am1.imports.preview.mutate({ fileName: blank.fileName, data: blank.data, entity });
      expect(preview).toMatchObject({ sheet: 0, headerRow: 1, totalRows: 1 });
      expect(preview.columns.every((c) => c.field)).toBe(true);
      expect(preview.columns.filter((c) => c.header.startsWith('*')).map((c) => c.field)).toEqual(preview.fields.filter((f) => f.required).map((f) => f.field));
    }
    const en = await am1.imports.blankTemplate.query({ entity: 'followups', lang: 'en' });
    const notes = XLSX.utils.sheet_to_json<string[]>(XLSX.read(Buffer.from(en.data, 'base64')).Sheets['Notes']!, { header: 1 });
    expect(notes.find((r) => r[0] === 'Type')?.[2]).toContain('Visit');
    const dry = await am1.imports.dryRun.mutate({ fileName: en.fileName, data: en.data, entity: 'followups' });
    expect(dry).toMatchObject({ total: 1, created: 0, invalid: 1, errors: [{ reason: 'import.customerUnknown', value: 'Example Tech Ltd' }] });
  });
});

describe(`contact and follow-up export (${TEST_DB})`, () => {
  it('exports the contacts list as filtered, masked for the caller, with localised headers', async () => {
    const c = await createCustomer(am1);
    const tag = `导出联系人${Date.now() % 100000}`;
    const mobile = uniqueMobile();
    await am1.contacts.create.mutate({ customerId: c.id, name: `=${tag}`, mobile, wechat: 'wx_secret', isPrimary: true });
    await am1.contacts.create.mutate({ customerId: c.id, name: `${tag}乙` });
    await am2.contacts.create.mutate({ customerId: (await createCustomer(am2)).id, name: `${tag}丙` });
    const res = await am1.exports.contacts.mutate({ search: tag, format: 'xlsx' });
    expect(res.rows).toBe(2);
    const cells = sheetCells(res.data);
    const header = cells[0]!.map((x) => x.v);
    expect(header.slice(0, 3)).toEqual(['客户名称', '联系人', '职务']);
    const byName = new Map(cells.slice(1).map((r) => [String(r[header.indexOf('联系人')]?.v), r]));
    expect(byName.get(`'=${tag}`)?.[header.indexOf('手机')]?.v).toBe(mobile);
    expect(byName.get(`'=${tag}`)?.[header.indexOf('客户名称')]?.v).toBe(c.name);

    expect(cells.some((r) => String(r[header.indexOf('联系人')]?.v).endsWith('丙'))).toBe(false);

    // Marketing sees every team's contacts, with the channels masked or hidden.
    const marketing = await ts.as('marketing1');
    const mres = await marketing.exports.contacts.mutate({ search: tag, format: 'csv', lang: 'en' });
    expect(mres.rows).toBe(3);
    const csv = Buffer.from(mres.data, 'base64').toString('utf8');
    expect(csv.startsWith('\ufeffCustomer name,Contact,')).toBe(true);
    expect(csv).toContain(`${mobile.slice(0, 3)}****${mobile.slice(-4)}`);
    expect(csv).not.toContain(mobile);
    expect(csv).not.toContain('wx_secret');
    const audit = await ts.server.db.getRepository(AuditEntity).findBy({ action: 'contact.export' });
    expect(audit.at(-1)).toMatchObject({ username: 'marketing1', detail: { rows: 3, format: 'csv', filter: { search: tag } } });
  });

  it("exports one customer's follow-ups for whoever may see them, and nobody else", async () => {
    const c = await createCustomer(am1);
    await am1.followUps.create.mutate({ customerId: c.id, type: 'visit', at: '2026-02-01T02:00:00.000Z', content: '第一次拜访' });
    await am1.followUps.create.mutate({ customerId: c.id, type: 'call', at: '2026-02-03T02:00:00.000Z', content: '+回访', nextAt: '2026-02-10' });
    const res = await am1.exports.followUps.mutate({ customerId: c.id, format: 'xlsx', lang: 'en' });
    const cells = sheetCells(res.data);
    const header = cells[0]!.map((x) => x.v);
    expect(cells.slice(1).map((r) => [r[header.indexOf('Type')]?.v, r[header.indexOf('Time')]?.v, r[header.indexOf('Content')]?.v])).toEqual([
      ['Call', '2026-02-03 10:00', "'+回访"],
      ['Visit', '2026-02-01 10:00', '第一次拜访'],
    ]);
    expect(await errorCodeOf(am2.exports.followUps.mutate({ customerId: c.id }))).toBe('NOT_FOUND');
    expect(await errorCodeOf((await ts.as('service1')).exports.followUps.mutate({}))).toBe('FORBIDDEN');
    expect(await errorCodeOf((await ts.as('finance1')).exports.contacts.mutate({}))).toBe('FORBIDDEN');
  });
});

describe(`background export (${TEST_DB})`, () => {
  it('runs as a job only its starter can follow, and hands over the file once done', async () => {
    const tag = `后台导出${Date.now() % 100000}`;
    const names = Array.from({ length: 1200 }, () => uniqueName('后台'));
    await commitAndWait(am1, { fileName: 'bg.xlsx', data: base64(workbookFile([['客户名称', '标签'], ...names.map((n) => [n, tag])])) });
    const { jobId } = await am1.exports.start.mutate({ list: 'customers', input: { tags: [tag], format: 'csv' } });
    expect(await errorCodeOf(am2.exports.progress.query({ jobId }))).toBe('NOT_FOUND');
    expect(await errorCodeOf(am2.exports.result.mutate({ jobId }))).toBe('NOT_FOUND');
    let p = await am1.exports.progress.query({ jobId });
    while (p.status === 'running') {
      await new Promise((r) => setTimeout(r, 20));
      p = await am1.exports.progress.query({ jobId });
    }
    expect(p).toMatchObject({ status: 'done', done: 1200, total: 1200, rows: 1200, error: null });
    const file = await am1.exports.result.mutate({ jobId });
    const lines = Buffer.from(file.data, 'base64').toString('utf8').trim().split(/\r?\n/);
    expect(lines).toHaveLength(1201);
    expect(new Set(lines.slice(1).map((l) => l.split(',')[0]))).toEqual(new Set(names));

    // Refusals found while gathering the rows end the job, with the reason.
    const other = await createCustomer(am2);
    const failed = await am1.exports.start.mutate({ list: 'followUps', input: { customerId: other.id } });
    let f = await am1.exports.progress.query({ jobId: failed.jobId });
    while (f.status === 'running') {
      await new Promise((r) => setTimeout(r, 20));
      f = await am1.exports.progress.query({ jobId: failed.jobId });
    }
    expect(f).toMatchObject({ status: 'failed', error: 'NOT_FOUND' });
    expect(await errorCodeOf(am1.exports.result.mutate({ jobId: failed.jobId }))).toBe('NOT_FOUND');
    expect(await errorCodeOf((await ts.as('service1')).exports.start.mutate({ list: 'followUps', input: {} }))).toBe('FORBIDDEN');
  });

  it('stops at the next chunk when cancelled, writing and auditing nothing', async () => {
    const caller = (await ts.server.services.org.loadCaller(ts.org.users.am1!.id, 'test'))!;
    const audits = () => ts.server.db.getRepository(AuditEntity).countBy({ action: 'contact.export' });
    const before = await audits();
    const seen: number[] = [];
    const run = { onProgress: (done: number) => seen.push(done), shouldStop: () => seen.length > 0 };
    await expect(ts.server.services.exports.contacts({ caller, ip: null }, { format: 'xlsx', lang: 'zh-CN' }, run)).rejects.toThrow('export cancelled');
    expect(seen).toHaveLength(1);
    expect(await audits()).toBe(before);
  });
});
