import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { In } from 'typeorm';
import { AuditEntity } from '../../server/modules/audit/audit.entity';
import { v7 as uuidv7 } from 'uuid';
import { ChangeLogEntity } from '../../server/modules/changes/change-log.entity';
import type { SeqSpan } from '../../server/modules/changes/change-log.service';
import { runScripted, runWrite } from '../../server/modules/changes/write-tx';
import { openPgWriter } from '../../server/db/pg-writer';
import { openSqliteWriter } from '../../server/db/sqlite-writer';
import { CustomerRunner } from '../../server/modules/imports/customer-runner';
import { importBatchRows } from '../../server/modules/imports/import.service';
import { ContactEntity } from '../../server/modules/contacts/contact.entity';
import { CustomerEntity } from '../../server/modules/customers/customer.entity';
import { LOCK_ROWS } from '../../server/db/locking';
import { SettingEntity } from '../../server/modules/settings/setting.entity';
import { TEST_DB } from '../support/databases';
import { base64, workbookFile } from '../support/excel-fixtures';
import { errorCodeOf, startTestServer, type ServerClient, type TestServer } from '../support/test-server';
import { commitAndWait } from './import-run';
import { createCustomer, uniqueCreditCode, uniqueMobile, uniqueName } from './customers-fixtures';

// Rows per transaction on the engine under test.
const BATCH = importBatchRows(TEST_DB);

let ts: TestServer;
let am1: ServerClient;
let am2: ServerClient;
beforeAll(async () => {
  ts = await startTestServer();
  [am1, am2] = await Promise.all([ts.as('am1'), ts.as('am2')]);
});
afterAll(async () => ts?.close());

const customersNamed = (names: string[]) => ts.server.db.getRepository(CustomerEntity).findBy({ name: In(names) });

describe(`customer import (${TEST_DB})`, () => {
  it('reads a list made by hand: title rows, merged header, blank and totals rows, mixed formats', async () => {
    const [a, b, c, d] = [uniqueName('星辰'), uniqueName('云帆'), uniqueName('坏行'), uniqueName('公式')];
    const [code, mobileA, mobileB] = [uniqueCreditCode(), uniqueMobile(), uniqueMobile()];
    const file = workbookFile(
      [
        ['2026 年华东区客户名单'],
        ['说明：带 * 为必填'],
        [],
        ['*公司名称', '税号', '客户等级', '状态', '联系人', null, '生日'],
        [null, null, null, null, '姓名', '手机', null],
        [a, code, 'A类', '重点客户', '张三', `+86 ${mobileA.slice(0, 3)}-${mobileA.slice(3, 7)}-${mobileA.slice(7)}`, '1990年2月3日'],
        [],
        [b, null, 'B级', 'Key', '李四', Number(mobileB), { t: 'n', v: 32874, z: 'yyyy-mm-dd' }],
        [c, 'NOT-A-CODE', 'Z', null, '王五', '12345', '2026-02-30'],
        [`＝${d}`, null, null, null, null, null, null],
        [a, null, null, null, null, null, null],
        [{ f: 'SUM(1,2)', v: 3 }, null, null, null, null, null, null],
        ['合计', null, null, null, null, null, null],
        [uniqueName('不应导入'), null, null, null, null, null, null],
      ],
      {
        extraSheetFirst: true,
        merges: [
          { s: { r: 0, c: 0 }, e: { r: 0, c: 6 } },
          { s: { r: 3, c: 4 }, e: { r: 3, c: 5 } },
          ...[0, 1, 2, 3, 6].map((col) => ({ s: { r: 3, c: col }, e: { r: 4, c: col } })),
        ],
      },
    );
    const input = { fileName: '客户.xlsx', data: base64(file) };
    const preview = await am1.imports.preview.mutate(input);
    expect(preview).toMatchObject({ sheets: ['说明', '客户'], sheet: 1, headerRow: 5, totalRows: 6 });
    expect(preview.columns.map((col) => col.field)).toEqual([
      'customer.name', 'customer.creditCode', 'customer.level', 'customer.status', 'contact.name', 'contact.mobile', 'contact.birthday',
    ]);

    const dry = await am1.imports.dryRun.mutate({ ...input, onDuplicate: 'skip' });
    // a, b, ＝d and the formula's cached value "3" are new; c is invalid; the second a repeats row 6.
    expect(dry).toMatchObject({ total: 6, created: 4, updated: 0, skipped: 1, invalid: 1 });
    expect(dry.errors).toEqual(
      expect.arrayContaining([
        { row: 9, column: '税号', field: 'customer.creditCode', reason: 'validation.creditCode' },
        { row: 9, column: '客户等级', field: 'customer.level', reason: 'validation.enum' },
        { row: 9, column: '联系人手机', field: 'contact.mobile', reason: 'validation.mobile' },
        { row: 9, column: '生日', field: 'contact.birthday', reason: 'validation.date' },
      ]),
    );
    expect(await customersNamed([a, b])).toHaveLength(0);

    const done = await commitAndWait(am1, { ...input, onDuplicate: 'skip' });
    expect(done).toMatchObject({ created: 4, updated: 0, skipped: 1, invalid: 1 });
    const rows = await customersNamed([a, b, `=${d}`, '3']);
    expect(rows.map((r) => r.name).sort()).toEqual([a, b, `=${d}`, '3'].sort());
    expect(rows.find((r) => r.name === b)).toMatchObject({ level: 'B', status: 'key' });
    const ra = rows.find((r) => r.name === a)!;
    expect(ra).toMatchObject({ creditCode: code, level: 'A', status: 'key', ownerId: ts.org.users.am1!.id });
    const contacts = await ts.server.db.getRepository(ContactEntity).findBy({ customerId: In(rows.map((r) => r.id)) });
    expect(contacts.map((k) => [k.name, k.mobile, k.birthday, k.isPrimary]).sort()).toEqual([
      ['张三', mobileA, '1990-02-03', true],
      ['李四', mobileB, '1990-01-01', true],
    ]);
    const audit = await ts.server.db.getRepository(AuditEntity).findBy({ action: 'customer.import' });
    expect(audit.at(-1)?.detail).toMatchObject({ fileName: '客户.xlsx', created: 4 });

    // The same file again with 'skip' creates nothing.
    const again = await commitAndWait(am1, { ...input, onDuplicate: 'skip' });
    expect(again).toMatchObject({ created: 0, skipped: 5, invalid: 1 });
    expect(await customersNamed([a, b, `=${d}`])).toHaveLength(3);

    const report = await am1.imports.errorReport.mutate({ ...input, lang: 'zh-CN' });
    const XLSX = await import('xlsx');
    const aoa = XLSX.utils.sheet_to_json<string[]>(XLSX.read(Buffer.from(report.data, 'base64')).Sheets['错误']!, { header: 1 });
    expect(aoa).toHaveLength(2);
    expect(aoa[1]![0]).toBe(9);
    expect(aoa[1]![1]).toBe(c);
    expect(String(aoa[1]!.at(-1))).toContain('统一社会信用代码无效');
  });

  it('reads GB18030 and UTF-8 BOM CSV (quoted newlines), UTF-16 tab-separated text and legacy .xls', async () => {
    const [x, y, z] = [uniqueName('国标'), uniqueName('带BOM'), uniqueName('老格式')];
    // Node has no GB18030 encoder: 客户名称 / 备注 / 上海 as the GBK bytes WPS writes.
    const gbk = Buffer.concat([
      Buffer.from('\xbf\xcd\xbb\xa7\xc3\xfb\xb3\xc6,\xb1\xb8\xd7\xa2\r\n', 'latin1'),
      Buffer.from(`GB-${x.length}`),
      Buffer.from(',\xc9\xcf\xba\xa3\r\n', 'latin1'),
    ]);
    const p1 = await am1.imports.preview.mutate({ fileName: 'gbk.csv', data: base64(gbk) });
    expect(p1.columns.map((col) => [col.header, col.field])).toEqual([
      ['客户名称', 'customer.name'],
      ['备注', 'customer.remarks'],
    ]);
    expect(p1.sample).toEqual([[`GB-${x.length}`, '上海']]);

    const bom = Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(`客户名称,备注\n"${y}","第一行\n第二行"\n`)]);
    await commitAndWait(am1, { fileName: 'bom.csv', data: base64(bom) });
    expect((await customersNamed([y]))[0]?.remarks).toBe('第一行\n第二行');

    // Excel's "Unicode Text" (Unicode 文本): UTF-16LE with its BOM, tab-separated.
    const w = uniqueName('制表符');
    const utf16 = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(`客户名称\t备注\r\n${w}\t第二列\r\n`, 'utf16le')]);
    expect(await commitAndWait(am1, { fileName: 'unicode.txt', data: base64(utf16) })).toMatchObject({ created: 1, invalid: 0 });
    expect((await customersNamed([w]))[0]?.remarks).toBe('第二列');

    const xls = workbookFile([['单位名称', '级别'], [z, 'B类']], { bookType: 'biff8' });
    const r = await commitAndWait(am1, { fileName: 'old.xls', data: base64(xls) });
    expect(r).toMatchObject({ created: 1, invalid: 0 });
    expect((await customersNamed([z]))[0]?.level).toBe('B');
  });

  it('refuses a zip whose entries declare more than the unpacked limit, and non-spreadsheets', async () => {
    const file = workbookFile([['客户名称'], [uniqueName()]]);
    // Patch the first central-directory entry to declare 3 GB uncompressed.
    const eocd = file.lastIndexOf(Buffer.from([0x50, 0x4b, 0x05, 0x06]));
    const cd = file.readUInt32LE(eocd + 16);
    file.writeUInt32LE(3_000_000_000, cd + 24);
    expect(await errorCodeOf(am1.imports.preview.mutate({ fileName: 'bomb.xlsx', data: base64(file) }))).toBe('IMPORT_FILE_REJECTED');
    expect(await errorCodeOf(am1.imports.preview.mutate({ fileName: 'x.csv', data: base64(Buffer.from('a,b\n1,2\n')) }))).toBe('IMPORT_NO_HEADER');
  });

  it("never lets 'update' touch a customer outside the caller's scope", async () => {
    const theirs = await createCustomer(am1, { level: 'C', creditCode: uniqueCreditCode() });
    const mine = await createCustomer(am2, { level: 'C' });
    const file = workbookFile([['客户名称', '信用代码', '级别'], [theirs.name, theirs.creditCode, 'A'], [mine.name, null, 'A']]);
    const input = { fileName: 'u.xlsx', data: base64(file), onDuplicate: 'update' as const };
    expect(await am2.imports.dryRun.mutate(input)).toMatchObject({ created: 0, updated: 1, skipped: 1 });
    expect(await commitAndWait(am2, input)).toMatchObject({ created: 0, updated: 1, skipped: 1 });
    expect((await am1.customers.get.query({ id: theirs.id })).level).toBe('C');
    expect((await am2.customers.get.query({ id: mine.id })).level).toBe('A');
  });

  it('requires customers.import, and customers.transfer to give the import to someone else', async () => {
    const file = { fileName: 'p.xlsx', data: base64(workbookFile([['客户名称'], [uniqueName()]])) };
    expect(await errorCodeOf((await ts.as('finance1')).imports.preview.mutate(file))).toBe('FORBIDDEN');
    expect(await errorCodeOf(am1.imports.commit.mutate({ ...file, owner: { kind: 'pool' } }))).toBe('FORBIDDEN');
  });
});

describe(`import history and undo (${TEST_DB})`, () => {
  it('undoes only the customers nobody changed since, and only for whoever imported', async () => {
    const [x, y] = [uniqueName('撤销'), uniqueName('撤销')];
    const res = await commitAndWait(am1, { fileName: '撤销.xlsx', data: base64(workbookFile([['客户名称'], [x], [y]])) });
    expect(res.created).toBe(2);
    const [cx] = await customersNamed([x]);
    await am1.customers.update.mutate({ id: cx!.id, patch: { level: 'A' } });
    expect(await errorCodeOf(am2.imports.undo.mutate({ id: res.jobId! }))).toBe('NOT_FOUND');
    expect(await am1.imports.undo.mutate({ id: res.jobId! })).toEqual({ removed: 1, kept: 1 });
    const after = await customersNamed([x, y]);
    expect(after.find((c) => c.name === x)?.deletedAt).toBeNull();
    expect(after.find((c) => c.name === y)?.deletedAt).not.toBeNull();
    const history = await am1.imports.history.query();
    expect(history[0]).toMatchObject({ id: res.jobId, fileName: '撤销.xlsx', status: 'undone', created: 2 });
    expect((await am2.imports.history.query()).some((j) => j.id === res.jobId)).toBe(false);
    expect(await errorCodeOf(am1.imports.undo.mutate({ id: res.jobId! }))).toBe('VERSION_CONFLICT');
  });
});

describe(`duplicates against the database (${TEST_DB})`, () => {
  it('treats a customer in the recycle bin as gone, and logs each created customer and contact for sync', async () => {
    const [gone, live] = [uniqueName('回收'), uniqueName('在用')];
    const code = uniqueCreditCode();
    const binned = await createCustomer(am1, { name: gone, creditCode: code });
    await createCustomer(am1, { name: live });
    await am1.customers.delete.mutate({ ids: [binned.id] });
    const file = workbookFile([['客户名称', '统一社会信用代码', '联系人', '手机'], [gone, code, '李四', uniqueMobile()], [live, '', '', '']]);
    const res = await commitAndWait(am1, { fileName: '回收.xlsx', data: base64(file), onDuplicate: 'skip' });
    expect(res).toMatchObject({ created: 1, skipped: 1 });
    const created = (await customersNamed([gone])).find((c) => c.deletedAt === null)!;
    expect(created.id).not.toBe(binned.id);
    const log = await ts.server.db.getRepository(ChangeLogEntity).find({ where: { customerId: created.id }, order: { seq: 'ASC' } });
    expect(log.map((l) => `${l.entity}.${l.op}`)).toEqual(['customer.create', 'contact.create']);
    expect(log[0]!.fields).toEqual(expect.arrayContaining(['name', 'creditCode']));
  });
});

describe(`rows checked on a worker thread (${TEST_DB})`, () => {
  it('reports and imports exactly what checking on the main thread does, across several slices', async () => {
    // 1,200 rows: three slices, with bad rows, repeats within the file and a repeat of an existing customer.
    const existing = uniqueName('已有');
    await createCustomer(am1, { name: existing });
    const names = Array.from({ length: 1200 }, (_, i) => (i === 700 ? existing : i % 97 === 5 ? uniqueName('重复') : uniqueName('线程')));
    const rows = names.map((n, i) => [i % 151 === 3 ? names[i - 1]! : n, i % 89 === 7 ? 'Z级' : 'A类', '张三', i % 113 === 9 ? '12345' : uniqueMobile()]);
    const input = { fileName: '线程.xlsx', data: base64(workbookFile([['客户名称', '客户级别', '联系人', '手机'], ...rows])), onDuplicate: 'skip' as const };
    const limits = ts.server.services.imports.limits;
    const inline = await am1.imports.dryRun.mutate(input);
    limits.workerRows = 0;
    try {
      const onWorker = await am1.imports.dryRun.mutate(input);
      expect({ ...onWorker, jobId: null }).toEqual({ ...inline, jobId: null });
      expect(inline.total).toBe(1200);
      expect(inline.skipped).toBeGreaterThan(5);
      expect(inline.invalid).toBeGreaterThan(20);
      expect(inline.created).toBe(1200 - inline.skipped - inline.invalid);
      // The checker and the writer started with the parse, before the header was found.
      limits.earlyThreadsBytes = 0;
      const early = await am1.imports.dryRun.mutate(input);
      expect({ ...early, jobId: null }).toEqual({ ...inline, jobId: null });
      const done = await commitAndWait(am1, input);
      expect(done).toMatchObject({ created: inline.created, skipped: inline.skipped, invalid: inline.invalid });
      expect(await customersNamed(names.filter((n) => n.includes('线程')).slice(0, 50))).not.toHaveLength(0);
      // A file refused after they started: the refusal as ever, and the next import goes on.
      const refused = await errorCodeOf(am1.imports.commit.mutate({ ...input, data: base64(Buffer.from('PK\u0003\u0004 not a workbook')) }));
      expect(refused).toBe('IMPORT_FILE_REJECTED');
      const again = uniqueName('之后');
      expect(await commitAndWait(am1, { ...input, data: base64(workbookFile([['客户名称'], [again]])) })).toMatchObject({ created: 1 });
    } finally {
      limits.workerRows = 5000;
      limits.earlyThreadsBytes = 1024 * 1024;
    }
  });
});

describe(`text as written (${TEST_DB})`, () => {
  it('stores backslashes, line breaks, quotes and a literal \\N exactly as the file has them', async () => {
    // A batch's columns reach PostgreSQL as array literals (pg-array-literal.mjs), where a
    // backslash and a quote mean something. (Cleaning has already made tabs spaces and \r\n a
    // line break; bulk-insert.test.ts sends those.)
    const names = [uniqueName('转义'), uniqueName('转义')];
    const remarks = ['C:\\客户\\N 目录\\t第二列\\', '第一行\n第二行\n第三行 "引号" \'单引号\''];
    const addresses = ['\\N', 'a\\tb\\nc'];
    const file = workbookFile([['客户名称', '地址', '备注'], ...names.map((n, i) => [n, addresses[i]!, remarks[i]!])]);
    const res = await commitAndWait(am1, { fileName: '转义.xlsx', data: base64(file), onDuplicate: 'skip' });
    expect(res).toMatchObject({ created: 2, invalid: 0 });
    const rows = await customersNamed(names);
    expect(names.map((n) => rows.find((r) => r.name === n)).map((r) => [r?.address, r?.remarks])).toEqual(names.map((_, i) => [addresses[i], remarks[i]]));
  });
});

describe(`rows sent from the parse worker straight to the row checker (${TEST_DB})`, () => {
  it('finds blank rows and a totals row far down the file there, and imports exactly what checking here does', async () => {
    // The parse worker sends 2,000 rows at a time: everything after the first slice goes to
    // the checker once the header is found. Blank rows and a totals row lie well past it; the
    // rows below the totals row must not be imported.
    const names = Array.from({ length: 4500 }, () => uniqueName('直送'));
    const after = Array.from({ length: 300 }, () => uniqueName('合计后'));
    // Mobiles of this run only, more than uniqueMobile() has left.
    const prefix = `137${String(Math.floor(Math.random() * 1000)).padStart(3, '0')}`;
    const row = (n: string, i: number) => [n, '张三', i % 500 === 11 ? '12345' : `${prefix}${String(i).padStart(5, '0')}`];
    const body: string[][] = names.map(row);
    body.splice(3100, 0, ['', '', ''], []);
    body.splice(4000, 0, ['']);
    const aoa = [['客户名单（内部）'], ['客户名称', '联系人', '手机'], ...body, ['合计', '', ''], ...after.map((n, i) => row(n, 4500 + i))];
    const input = { fileName: '直送.xlsx', data: base64(workbookFile(aoa)), onDuplicate: 'skip' as const };
    const limits = ts.server.services.imports.limits;
    limits.workerRows = Number.MAX_SAFE_INTEGER;
    try {
      const here = await am1.imports.dryRun.mutate(input);
      expect(here).toMatchObject({ total: 4500, invalid: 9, created: 4491, skipped: 0 });
      limits.workerRows = 5000;
      limits.earlyThreadsBytes = 0;
      const routed = await am1.imports.dryRun.mutate(input);
      expect({ ...routed, jobId: null }).toEqual({ ...here, jobId: null });
      // Row numbers as the sheet counts them: the bad mobiles below the blank rows moved down.
      expect(routed.errors.map((e) => e.row)).toEqual(here.errors.map((e) => e.row));
      expect(routed.errors.at(-1)!.row).toBe(4011 + 3 + 3);
      const done = await commitAndWait(am1, input);
      expect(done).toMatchObject({ total: 4500, created: 4491, invalid: 9 });
      expect(await customersNamed(after)).toHaveLength(0);
      expect(await customersNamed([names[0]!, names[3100]!, names[4499]!])).toHaveLength(3);
    } finally {
      limits.workerRows = 5000;
      limits.earlyThreadsBytes = 1024 * 1024;
    }
  });
});

describe(`import racing another writer (${TEST_DB})`, () => {
  it('plans a batch before its transaction, and plans again when someone created a duplicate in between', async () => {
    const [racer, other] = [uniqueName('抢先'), uniqueName('照常')];
    const db = ts.server.db;
    const transaction = db.transaction.bind(db) as (...args: unknown[]) => Promise<unknown>;
    let raced = false;
    // The batch has read and planned; before its transaction opens, a colleague creates the
    // same customer.
    const race = async () => {
      if (raced) return;
      raced = true;
      await createCustomer(am2, { name: racer });
    };
    db.transaction = (async (...args: unknown[]) => {
      await race();
      return transaction(...args);
    }) as typeof db.transaction;
    // On SQLite and PostgreSQL a batch goes whole to a writer thread (db/sqlite-writer.ts,
    // pg-writer.ts) instead.
    const runner = CustomerRunner.prototype as unknown as { writeAsPlanned: (...args: unknown[]) => { done: Promise<boolean> } };
    const writeAsPlanned = runner.writeAsPlanned;
    runner.writeAsPlanned = function (this: unknown, ...args: unknown[]) {
      return { done: race().then(() => writeAsPlanned.apply(this, args).done) };
    };
    try {
      const file = workbookFile([['客户名称'], [racer], [other]]);
      const res = await commitAndWait(am1, { fileName: '抢先.xlsx', data: base64(file), onDuplicate: 'skip' });
      expect(res).toMatchObject({ created: 1, skipped: 1 });
    } finally {
      db.transaction = transaction as typeof db.transaction;
      runner.writeAsPlanned = writeAsPlanned;
    }
    expect(raced).toBe(true);
    const rows = (await customersNamed([racer, other])).filter((c) => c.deletedAt === null);
    expect(rows.map((r) => r.name).sort()).toEqual([racer, other].sort());
  });
});

describe(`an import without the change_log lock row (${TEST_DB})`, () => {
  // A batch sent whole to a writer thread takes the lock row there; should someone have deleted
  // it, the batch must go the ordinary way (which recreates it), not append unlocked.
  it('still imports every row, with its change_log entries, and the lock row is back', async () => {
    const { db } = ts.server;
    await db.getRepository(SettingEntity).delete({ key: LOCK_ROWS.changeLog });
    const names = [uniqueName('无锁'), uniqueName('无锁')];
    const res = await commitAndWait(am1, { fileName: '无锁.xlsx', data: base64(workbookFile([['客户名称'], ...names.map((n) => [n])])) });
    expect(res).toMatchObject({ created: 2, invalid: 0 });
    const rows = await customersNamed(names);
    expect(rows).toHaveLength(2);
    expect(await db.getRepository(ChangeLogEntity).countBy({ entity: 'customer', entityId: In(rows.map((r) => r.id)) })).toBe(2);
    // SQLite serialises writers and needs no lock row.
    if (TEST_DB !== 'sqlite') expect(await db.getRepository(SettingEntity).countBy({ key: LOCK_ROWS.changeLog })).toBe(1);
  });
});

describe(`an import's own batches (${TEST_DB})`, () => {
  // Batches are planned while the batch before commits. That batch's change_log rows are the
  // import's own and must not send every later batch to plan again; anyone else's must.
  it('do not count as changes since its reads; a colleague\'s write does', async () => {
    const { db, services } = ts.server;
    const { changes } = services;
    const seen = await changes.latestSeq(db.manager);
    const own: SeqSpan[] = [];
    const entry = () => ({ entity: 'customer', entityId: uuidv7(), op: 'create' as const, customerId: null, userId: null, fields: null });
    await runWrite(db, changes, async (tx) => tx.changeMany([entry(), entry()], [[], []]), own);
    expect(own).toHaveLength(1);
    expect(own[0]!.upTo - own[0]!.after).toBeGreaterThanOrEqual(2);
    expect(await changes.changedSince(db.manager, seen, ['customer', 'contact'], own)).toBe(false);
    expect(await changes.changedSince(db.manager, seen, ['customer', 'contact'])).toBe(true);
    await createCustomer(am2, { name: uniqueName('同事') });
    expect(await changes.changedSince(db.manager, seen, ['customer', 'contact'], own)).toBe(true);
  });
});

describe(`a batch sent behind another (${TEST_DB})`, () => {
  // The next batch goes to the writer thread before the one ahead of it has been answered: its
  // check for changes since its reads must take that batch's change_log rows as the import's
  // own, and nothing else: not a colleague's write, and not a batch that did not commit.
  it('counts the batch ahead as its own, still sees a colleague\'s write, and never runs behind a batch that did not commit', async (ctx) => {
    const { db, services } = ts.server;
    const { changes } = services;
    const writer = openSqliteWriter(db) ?? openPgWriter(db);
    // MySQL/MariaDB imports write on the pool, one batch after another.
    if (!writer) return ctx.skip();
    try {
      const em = db.manager;
      const own: SeqSpan[] = [];
      const entry = () => ({ entity: 'customer', entityId: uuidv7(), op: 'create' as const, customerId: null, userId: null, fields: null });
      const ids: string[] = [];
      const send = (seen: number, behind = false) => {
        const batch = [entry(), entry()];
        ids.push(...batch.map((b) => b.entityId));
        const { done } = runScripted(writer, em, changes, { unless: changes.changedSinceQuery(em, seen, ['customer'], own, behind), statements: [], changes: batch, audiences: [[], []] }, own);
        return done.then((ran) => ({ ran, ids: batch.map((b) => b.entityId) }));
      };
      const logged = async (list: string[]) => (list.length ? db.getRepository(ChangeLogEntity).countBy({ entityId: In(list) }) : 0);

      // Both read before either was written: the second, sent behind, commits too.
      let seen = await changes.latestSeq(em);
      const [a, b] = await Promise.all([send(seen), send(seen, true)]);
      expect([a.ran, b.ran]).toEqual([true, true]);
      // Sent the ordinary way, the second would have taken the first's rows for someone else's.
      seen = await changes.latestSeq(em);
      const [c, d] = await Promise.all([send(seen), send(seen)]);
      expect([c.ran, d.ran]).toEqual([true, false]);

      // A colleague's customer after the second batch's reads (and before the first's): the
      // first commits, the one behind it does not.
      seen = await changes.latestSeq(em);
      await createCustomer(am2, { name: uniqueName('同事') });
      const [e, f] = await Promise.all([send(await changes.latestSeq(em)), send(seen, true)]);
      expect([e.ran, f.ran]).toEqual([true, false]);

      // Behind a batch that was rolled back, nothing runs, though nothing changed since its reads.
      const [g, h] = await Promise.all([send(0), send(await changes.latestSeq(em), true)]);
      expect([g.ran, h.ran]).toEqual([false, false]);

      const committed = [a, b, c, e].flatMap((x) => x.ids);
      expect(await logged(committed)).toBe(committed.length);
      expect(await logged([d, f, g, h].flatMap((x) => x.ids))).toBe(0);
    } finally {
      await writer.close();
    }
  });
});

describe(`an import's batches written two at a time (${TEST_DB})`, () => {
  // The next batch goes to the writer thread before the one ahead of it is answered. A colleague's duplicate must still be caught, and every batch
  // written once, in file order.
  it('writes a batch behind another, and still finds the duplicate a colleague created meanwhile', async (ctx) => {
    // MySQL/MariaDB imports write on the pool, one batch after another.
    if (TEST_DB === 'mysql') return ctx.skip();
    const { services, db } = ts.server;
    const { foreground, changes } = services;
    // Where the import's threads cannot run at a lower priority, only a quiet server gets two
    // batches at once (background-priority.mjs).
    const quietFor = foreground.quietFor.bind(foreground);
    foreground.quietFor = () => true;
    const changedSinceQuery = changes.changedSinceQuery.bind(changes);
    const runner = CustomerRunner.prototype as unknown as { writeAsPlanned: (...args: unknown[]) => { done: Promise<boolean> } };
    const writeAsPlanned = runner.writeAsPlanned;
    let behind = 0;
    let raced = false;
    const racer = uniqueName('并行');
    const names = Array.from({ length: 3 * BATCH }, (_, i) => (i === 2 * BATCH + 5 ? racer : uniqueName('并行')));
    changes.changedSinceQuery = (...args: Parameters<typeof changes.changedSinceQuery>) => {
      if (args[4]) behind++;
      return changedSinceQuery(...args);
    };
    // The first batch has been planned (the third too, two slices ahead) when a colleague
    // creates a customer of the third batch.
    runner.writeAsPlanned = function (this: unknown, ...args: unknown[]) {
      if (raced) return writeAsPlanned.apply(this, args);
      raced = true;
      return { done: createCustomer(am2, { name: racer }).then(() => writeAsPlanned.apply(this, args).done) };
    };
    try {
      const caller = (await services.org.loadCaller(ts.org.users.am1!.id, 'test'))!;
      const input = { entity: 'customers' as const, fileName: '并行.xlsx', data: base64(workbookFile([['客户名称'], ...names.map((n) => [n])])), onDuplicate: 'skip' as const, owner: { kind: 'me' as const } };
      const res = await services.imports.commitAndWait({ caller, ip: null }, input);
      expect(res).toMatchObject({ created: 3 * BATCH - 1, skipped: 1, invalid: 0 });
      expect(behind).toBeGreaterThan(0);
      const rows = await customersNamed(names);
      expect(rows.filter((r) => r.name === racer)).toHaveLength(1);
      expect(rows).toHaveLength(3 * BATCH);
      expect(await db.getRepository(ChangeLogEntity).countBy({ entity: 'customer', op: 'create', entityId: In(rows.map((r) => r.id)) })).toBe(3 * BATCH);
    } finally {
      foreground.quietFor = quietFor;
      changes.changedSinceQuery = changedSinceQuery;
      runner.writeAsPlanned = writeAsPlanned;
    }
  });
});

describe(`import as a background job (${TEST_DB})`, () => {
  it('reports progress to the importer only, and a cancel stops after a batch keeping what was applied', async () => {
    // The second batch is held until the cancel has been asked for, as if the file were huge:
    // the job has applied one batch, is applying the next, and must stop after it.
    const prepareBatch = CustomerRunner.prototype.prepareBatch;
    let prepared = 0;
    let release!: () => void;
    let held!: () => void;
    const cancelAsked = new Promise<void>((r) => (release = r));
    const secondUnderWay = new Promise<void>((r) => (held = r));
    CustomerRunner.prototype.prepareBatch = async function (this: CustomerRunner, ...args: Parameters<CustomerRunner['prepareBatch']>) {
      const apply = await prepareBatch.apply(this, args);
      const n = ++prepared;
      return async (summary) => {
        if (n === 2) {
          held();
          await cancelAsked;
        }
        return apply(summary);
      };
    };
    try {
      const names = Array.from({ length: 3 * BATCH + 100 }, () => uniqueName('批量'));
      const input = { fileName: '大文件.xlsx', data: base64(workbookFile([['客户名称'], ...names.map((n) => [n])])) };
      const { jobId, total } = await am1.imports.commit.mutate(input);
      expect(total).toBe(names.length);
      await secondUnderWay;
      await am1.imports.cancel.mutate({ jobId });
      release();
      expect(await errorCodeOf(am2.imports.progress.query({ jobId }))).toBe('NOT_FOUND');
      expect(await errorCodeOf(am2.imports.cancel.mutate({ jobId }))).toBe('NOT_FOUND');
      let p = await am1.imports.progress.query({ jobId });
      while (p.status === 'running') {
        await new Promise((r) => setTimeout(r, 20));
        p = await am1.imports.progress.query({ jobId });
      }
      expect(p.status).toBe('cancelled');
      // The batch under way when the cancel came is finished; nothing after it is started.
      expect(p.created).toBe(2 * BATCH);
      expect(p.done).toBe(p.created);
      const imported = await customersNamed(names);
      expect(imported).toHaveLength(p.created);
      expect((await am1.imports.history.query()).find((j) => j.id === jobId)).toMatchObject({ status: 'cancelled', created: p.created });
      expect(await am1.imports.undo.mutate({ id: jobId })).toEqual({ removed: p.created, kept: 0 });
    } finally {
      CustomerRunner.prototype.prepareBatch = prepareBatch;
    }
  });

  it('runs to the end with rows done equal to the rows of the file', async () => {
    const names = Array.from({ length: 700 }, () => uniqueName('进度'));
    const done = await commitAndWait(am1, { fileName: '进度.xlsx', data: base64(workbookFile([['客户名称'], ...names.map((n) => [n]), ['']])) });
    expect(done).toMatchObject({ status: 'done', total: 700, done: 700, created: 700, etaSeconds: null });
    expect(await customersNamed(names)).toHaveLength(700);
  });
});
