import { v7 as uuidv7 } from 'uuid';
import { In } from 'typeorm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bulkInsert, prepareBulkInsert } from '../../server/db/bulk-insert';
import { openPgWriter } from '../../server/db/pg-writer';
import { openSqliteWriter } from '../../server/db/sqlite-writer';
import { ChangeLogEntity } from '../../server/modules/changes/change-log.entity';
import { ContactEntity, type Contact } from '../../server/modules/contacts/contact.entity';
import { CustomerEntity } from '../../server/modules/customers/customer.entity';
import { selectEntitiesIn } from '../../server/db/select-in';
import { TEST_DB } from '../support/databases';
import { startTestServer, type TestServer } from '../support/test-server';
import { createCustomer, uniqueName } from './customers-fixtures';

// Imports, demo data and benchmarks load rows through bulk-insert.ts, which on PostgreSQL sends
// a column as one value when every row holds the same one. What comes back must be what went in.
let ts: TestServer;
let customerId: string;
beforeAll(async () => {
  ts = await startTestServer();
  customerId = (await createCustomer(await ts.as('am1'), { name: uniqueName('批量') })).id;
});
afterAll(async () => ts?.close());

const contact = (over: Partial<Contact>): Contact => ({
  id: uuidv7(), customerId, name: '张三', title: null, department: null, mobile: null, phone: null, email: null, wechat: null, birthday: null,
  isPrimary: false, decisionRole: null, remarks: null, createdById: null, createdAt: '2026-12-06T10:00:00.000Z', updatedAt: '2026-12-06T10:00:00.000Z',
  deletedAt: null, version: 1, ...over,
});
const stored = async (rows: Contact[]) => {
  const found = await ts.server.db.getRepository(ContactEntity).findBy({ id: In(rows.map((r) => r.id)) });
  return rows.map((r) => found.find((f) => f.id === r.id));
};

describe(`bulk insert (${TEST_DB})`, () => {
  it('stores every value of rows that share most of them, and of a single row', async () => {
    const shared = Array.from({ length: 30 }, (_, i) => contact({ name: `联系人${i}`, isPrimary: true, version: 3, title: '经理', remarks: "it's \"quoted\", {braced}\\" }));
    // Columns that differ in one row only, a NULL among values, a value among NULLs.
    shared[7] = { ...shared[7]!, isPrimary: false, version: 4, title: null, email: 'a@b.cn' };
    const single = [contact({ name: '独行', mobile: '13900000000', isPrimary: true })];
    for (const rows of [shared, single]) {
      await bulkInsert(ts.server.db.manager, ContactEntity, rows);
      expect(await stored(rows)).toEqual(rows);
    }
  });

  it('keeps the order of the rows in a serial column across chunks', async () => {
    const entityIds = Array.from({ length: 5_003 }, () => uuidv7());
    const at = new Date().toISOString();
    await bulkInsert(ts.server.db.manager, ChangeLogEntity, entityIds.map((entityId) => ({ entity: 'bulk-test', entityId, op: 'create', customerId: null, userId: null, at, fields: ['name'] })) as never);
    const rows = await ts.server.db.getRepository(ChangeLogEntity).find({ where: { entity: 'bulk-test' }, order: { seq: 'ASC' } });
    expect(rows.map((r) => r.entityId)).toEqual(entityIds);
    expect(rows.every((r) => r.op === 'create' && r.at === at && r.fields?.[0] === 'name')).toBe(true);
  });

  // An import's batches go to a writer thread, on PostgreSQL with their columns turned into
  // array literals first (pg-array-literal.mjs).
  it('stores the same values when an import\'s writer thread sends them', async (ctx) => {
    const { db } = ts.server;
    const writer = openSqliteWriter(db) ?? openPgWriter(db);
    // MySQL/MariaDB imports write on the pool.
    if (!writer) return ctx.skip();
    try {
      const awkward = [
        '', 'NULL', '\\N', '\\', '\\\\N', 'a,b', '{x}', 'say "hi"', 'C:\\temp\\', '\\"', 'line\nbreak', 'cr\rlf\r\n', 'tab\there', 'a\\tb\\n',
        '上海某某科技有限公司', '😀', "it's", '  padded  ',
      ];
      const rows = awkward.map((text, i) => contact({ name: `怪值${i}`, title: text, remarks: i % 2 ? null : text, mobile: i % 3 ? text : null, version: i + 1 }));
      await writer.script(prepareBulkInsert(db.manager, ContactEntity, rows).statements);
      expect(await stored(rows)).toEqual(rows);
      // A serial column follows the rows' order there too, across chunks.
      const entityIds = Array.from({ length: 5_003 }, () => uuidv7());
      const at = new Date().toISOString();
      const log = entityIds.map((entityId) => ({ entity: 'bulk-writer', entityId, op: 'create', customerId: null, userId: null, at, fields: ['name'] }));
      await writer.script(prepareBulkInsert(db.manager, ChangeLogEntity, log as never).statements);
      const back = await db.getRepository(ChangeLogEntity).find({ where: { entity: 'bulk-writer' }, order: { seq: 'ASC' } });
      expect(back.map((r) => r.entityId)).toEqual(entityIds);
    } finally {
      await writer.close();
    }
  });

  // Exports read their rows through selectEntitiesIn rather than TypeORM's find: the same
  // entity must come back, booleans and JSON included, on every engine.
  it('reads rows by key as TypeORM\'s find does', async () => {
    const { db } = ts.server;
    const tagged = await createCustomer(await ts.as('am1'), { name: uniqueName('读回'), tags: ['华东', '展会'] });
    const rows = [contact({ name: '主联系人', isPrimary: true, customerId: tagged.id }), contact({ name: '其他', customerId: tagged.id, version: 2, birthday: '1990-05-01' })];
    await bulkInsert(db.manager, ContactEntity, rows);
    const byFind = await db.getRepository(ContactEntity).findBy({ customerId: tagged.id });
    const bySelect = await selectEntitiesIn(db.manager, ContactEntity, 'customerId', [tagged.id]);
    const byId = <T extends { id: string }>(list: T[]) => [...list].sort((a, b) => a.id.localeCompare(b.id));
    expect(byId(bySelect)).toEqual(byId(byFind));
    expect(bySelect.find((c) => c.name === '主联系人')?.isPrimary).toBe(true);
    expect(bySelect.find((c) => c.name === '其他')?.isPrimary).toBe(false);
    // Keys past the first chunk of 1,000 are looked up too; unknown keys find nothing.
    const keys = Array.from({ length: 1_500 }, () => uuidv7());
    keys[1_200] = tagged.id;
    keys[3] = customerId;
    const customers = await selectEntitiesIn(db.manager, CustomerEntity, 'id', keys);
    expect(byId(customers)).toEqual(byId(await db.getRepository(CustomerEntity).findBy({ id: In([tagged.id, customerId]) })));
    expect(customers.find((c) => c.id === tagged.id)?.tags).toEqual(['华东', '展会']);
  });
});
