import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { v7 as uuidv7 } from 'uuid';
import { AuditEntity } from '../../server/modules/audit/audit.entity';
import { ChangeLogEntity } from '../../server/modules/changes/change-log.entity';
import { CustomerTagEntity } from '../../server/modules/customers/customer.entity';
import { TEST_DB } from '../support/databases';
import { errorCodeOf, startTestServer, type ServerClient, type TestServer } from '../support/test-server';
import { VALID_CREDIT_CODE, createCustomer, errorOf, uniqueCreditCode, uniqueMobile, uniqueName } from './customers-fixtures';

let ts: TestServer;
let am1: ServerClient;
let am2: ServerClient;
let am3: ServerClient;
beforeAll(async () => {
  ts = await startTestServer();
  [am1, am2, am3] = await Promise.all([ts.as('am1'), ts.as('am2'), ts.as('am3')]);
});
afterAll(async () => ts?.close());

describe(`customers: create and validation (${TEST_DB})`, () => {
  it('creates a customer owned by the caller with all its fields', async () => {
    const name = uniqueName();
    const c = await am1.customers.create.mutate({
      name,
      creditCode: VALID_CREDIT_CODE,
      level: 'A',
      status: 'active',
      industry: 'it',
      source: 'referral',
      province: '31',
      city: '3101',
      district: '310101',
      address: '中山东一路 1 号',
      phone: '021-6888 1234',
      website: 'www.example.cn',
      tags: ['重点', '重点', 'VIP'],
      collaboratorIds: [ts.org.users.am3!.id],
      remarks: '第一次拜访',
    });
    expect(c).toMatchObject({
      name,
      creditCode: VALID_CREDIT_CODE,
      owner: { id: ts.org.users.am1!.id, name: '张伟' },
      createdBy: { name: '张伟' },
      collaborators: [{ id: ts.org.users.am3!.id, name: '刘洋' }],
      tags: ['重点', 'VIP'],
      version: 1,
      maskedFields: [],
      hiddenFields: [],
      deletedAt: null,
      poolSince: null,
    });
    expect(await am1.customers.get.query({ id: c.id })).toEqual(c);
    const tagRows = await ts.server.db.getRepository(CustomerTagEntity).findBy({ customerId: c.id });
    expect(tagRows.map((t) => t.tag).sort()).toEqual(['VIP', '重点'].sort());
  });

  it('refuses a bad credit code with a field error the form can show', async () => {
    const err = await errorOf(am1.customers.create.mutate({ name: uniqueName(), creditCode: '91350100M000100Y44' }));
    expect(err.appCode).toBe('VALIDATION');
    expect(err.fieldErrors).toContainEqual(expect.objectContaining({ path: 'creditCode', message: 'validation.creditCode' }));
  });

  it('refuses a region whose levels do not nest, and a credit code on a person', async () => {
    const region = await errorOf(am1.customers.create.mutate({ name: uniqueName(), province: '31', city: '4401' }));
    expect(region).toMatchObject({ appCode: 'VALIDATION', fieldErrors: [{ path: 'region', message: 'validation.region' }] });
    const person = await errorOf(am1.customers.create.mutate({ name: '张三', kind: 'individual', creditCode: VALID_CREDIT_CODE }));
    expect(person.fieldErrors).toContainEqual(expect.objectContaining({ path: 'creditCode', message: 'validation.creditCodeIndividual' }));
  });

  it('refuses unknown collaborators and an owner the caller may not choose', async () => {
    expect(await errorCodeOf(createCustomer(am1, { collaboratorIds: [uuidv7()] }))).toBe('USER_NOT_FOUND');
    // An account manager cannot create customers for someone else.
    expect(await errorCodeOf(createCustomer(am1, { ownerId: ts.org.users.am3!.id }))).toBe('FORBIDDEN');
    // A team lead can, inside the team, but not for another team.
    const lead1 = await ts.as('lead1');
    const forAm3 = await createCustomer(lead1, { ownerId: ts.org.users.am3!.id });
    expect(forAm3.owner?.name).toBe('刘洋');
    expect(await errorCodeOf(createCustomer(lead1, { ownerId: ts.org.users.am2!.id }))).toBe('FORBIDDEN');
  });

  it('answers a retried create with the same id with the record, once', async () => {
    const id = uuidv7();
    const name = uniqueName();
    const first = await am1.customers.create.mutate({ id, name });
    const again = await am1.customers.create.mutate({ id, name });
    expect(again.id).toBe(first.id);
    expect((await am1.customers.list.query({ search: name })).total).toBe(1);
    // Someone else reusing the id gets nothing of it.
    expect(await errorCodeOf(am2.customers.create.mutate({ id, name: uniqueName() }))).toBe('VALIDATION');
  });
});

describe(`customers: parent links (${TEST_DB})`, () => {
  it('accepts a parent in scope and refuses self, cycles and out-of-scope parents', async () => {
    const group = await createCustomer(am1);
    const sub = await createCustomer(am1, { parentId: group.id });
    expect(sub.parent).toEqual({ id: group.id, name: group.name });
    const subsub = await createCustomer(am1, { parentId: sub.id });
    expect(await errorCodeOf(am1.customers.update.mutate({ id: group.id, patch: { parentId: subsub.id } }))).toBe('INVALID_PARENT');
    expect(await errorCodeOf(am1.customers.update.mutate({ id: group.id, patch: { parentId: group.id } }))).toBe('INVALID_PARENT');
    const others = await createCustomer(am2);
    expect(await errorCodeOf(createCustomer(am1, { parentId: others.id }))).toBe('INVALID_PARENT');
    expect(await errorCodeOf(createCustomer(am1, { parentId: uuidv7() }))).toBe('INVALID_PARENT');
  });
});

describe(`customers: update (${TEST_DB})`, () => {
  it('changes only what the patch names, bumps the version and refuses a stale one', async () => {
    const c = await createCustomer(am1, { status: 'key', kind: 'company', tags: ['a'], level: 'B', collaboratorIds: [ts.org.users.am3!.id] });
    const u = await am1.customers.update.mutate({ id: c.id, version: 1, patch: { remarks: '改了备注' } });
    expect(u).toMatchObject({ version: 2, remarks: '改了备注', status: 'key', level: 'B', tags: ['a'], collaborators: [{ name: '刘洋' }] });
    expect(await errorCodeOf(am1.customers.update.mutate({ id: c.id, version: 1, patch: { level: 'A' } }))).toBe('VERSION_CONFLICT');
    expect((await am1.customers.get.query({ id: c.id })).level).toBe('B');
  });

  it('keeps tags and collaborators tables in step with the record', async () => {
    const tag = `t${Date.now() % 100000}`;
    const c = await createCustomer(am1, { tags: [tag] });
    expect((await am1.customers.list.query({ tags: [tag] })).items.map((i) => i.id)).toEqual([c.id]);
    expect(await am1.customers.tags.query()).toContain(tag);
    await am1.customers.update.mutate({ id: c.id, patch: { tags: ['other'], collaboratorIds: [ts.org.users.am3!.id] } });
    expect((await am1.customers.list.query({ tags: [tag] })).total).toBe(0);
    // The collaborator now finds it in their own list.
    expect((await am3.customers.list.query({ search: c.name })).items.map((i) => i.id)).toEqual([c.id]);
    await am1.customers.update.mutate({ id: c.id, patch: { collaboratorIds: [] } });
    expect(await errorCodeOf(am3.customers.get.query({ id: c.id }))).toBe('NOT_FOUND');
  });

  it('logs the change and audits field-level before/after in the same write', async () => {
    const c = await createCustomer(am1, { level: 'C' });
    await am1.customers.update.mutate({ id: c.id, patch: { level: 'A', remarks: 'x' } });
    const log = await ts.server.db.getRepository(ChangeLogEntity).findBy({ entity: 'customer', entityId: c.id });
    expect(log.map((l) => l.op)).toEqual(['create', 'update']);
    expect(log[1]!.fields?.sort()).toEqual(['level', 'remarks']);
    expect(log[1]!.userId).toBe(ts.org.users.am1!.id);
    const audit = await ts.server.db.getRepository(AuditEntity).findBy({ action: 'customer.update', entityId: c.id });
    expect(audit).toHaveLength(1);
    expect(audit[0]!.detail).toMatchObject({ changes: { level: { before: 'C', after: 'A' }, remarks: { before: null, after: 'x' } } });
    expect((await ts.server.services.audit.verify(ts.server.db.manager)).ok).toBe(true);
  });
});

describe(`customers: list, search, filters, paging (${TEST_DB})`, () => {
  const prefix = `检索${Date.now() % 100000}`;
  const m = uniqueMobile();
  const landline = `021-${m.slice(3, 7)} ${m.slice(7)}`;
  const made: Record<string, string> = {};
  beforeAll(async () => {
    const rows = [
      { key: 'alpha', name: `${prefix}Alpha贸易有限公司`, status: 'active', level: 'A', industry: 'retail', source: 'website', province: '31', city: '3101', district: '310101', phone: landline, tags: ['展会'] },
      { key: 'beta', name: `${prefix}Beta科技有限公司`, status: 'potential', level: 'B', industry: 'it', source: 'referral', province: '44', city: '4401', district: '440106', creditCode: uniqueCreditCode() },
      { key: 'gamma', name: `${prefix}Gamma制造有限公司`, status: 'active', level: null, industry: 'manufacturing', source: 'website', province: '31', city: '3101', district: '310104' },
    ] as const;
    for (const { key, ...r } of rows) made[key] = (await am1.customers.create.mutate({ ...r, tags: 'tags' in r ? [...r.tags] : [] })).id;
  });
  const ids = (r: { items: { id: string }[] }) => r.items.map((i) => i.id);

  it('finds by part of the name, ignoring case and full-width letters', async () => {
    expect(ids(await am1.customers.list.query({ search: `${prefix}alpha` }))).toEqual([made.alpha]);
    expect(ids(await am1.customers.list.query({ search: 'ｂｅｔａ科技' }))).toContain(made.beta);
  });

  it('finds by phone typed with dashes or spaces, and by credit code', async () => {
    expect(ids(await am1.customers.list.query({ search: `${m.slice(3, 7)}-${m.slice(7)}` }))).toEqual([made.alpha]);
    expect(ids(await am1.customers.list.query({ search: `021 ${m.slice(3)}` }))).toEqual([made.alpha]);
    const beta = await am1.customers.get.query({ id: made.beta! });
    expect(ids(await am1.customers.list.query({ search: beta.creditCode!.toLowerCase() }))).toEqual([made.beta]);
  });

  it('filters by status, level, industry, source, region prefix, owner and tags', async () => {
    const q = (f: object) => am1.customers.list.query({ search: prefix, sort: 'name', order: 'asc', ...f }).then(ids);
    expect(await q({ status: ['active'] })).toEqual([made.alpha, made.gamma]);
    expect(await q({ level: ['A', 'B'] })).toEqual([made.alpha, made.beta]);
    expect(await q({ industry: ['it'] })).toEqual([made.beta]);
    expect(await q({ source: ['website'], status: ['active'] })).toEqual([made.alpha, made.gamma]);
    expect(await q({ region: '31' })).toEqual([made.alpha, made.gamma]);
    expect(await q({ region: '310104' })).toEqual([made.gamma]);
    expect(await q({ region: '4401' })).toEqual([made.beta]);
    expect(await q({ ownerIds: [ts.org.users.am1!.id] })).toHaveLength(3);
    expect(await q({ ownerIds: [ts.org.users.am3!.id] })).toEqual([]);
    expect(await q({ tags: ['展会'] })).toEqual([made.alpha]);
  });

  it('pages on the server and sorts either way, empty values last', async () => {
    const p1 = await am1.customers.list.query({ search: prefix, sort: 'name', order: 'asc', page: 1, pageSize: 2 });
    const p2 = await am1.customers.list.query({ search: prefix, sort: 'name', order: 'asc', page: 2, pageSize: 2 });
    expect(p1.total).toBe(3);
    expect(p2.total).toBe(3);
    expect([...ids(p1), ...ids(p2)]).toEqual([made.alpha, made.beta, made.gamma]);
    const desc = await am1.customers.list.query({ search: prefix, sort: 'name', order: 'desc' });
    expect(ids(desc)).toEqual([made.gamma, made.beta, made.alpha]);
    for (const order of ['asc', 'desc'] as const) {
      const byLevel = await am1.customers.list.query({ search: prefix, sort: 'level', order });
      expect(ids(byLevel).at(-1)).toBe(made.gamma);
    }
  });
});

describe(`customers: duplicates (${TEST_DB})`, () => {
  it('refuses the same credit code, name (any case/width) or phone, naming the existing customer', async () => {
    const code = uniqueCreditCode();
    const phone = uniqueMobile();
    const existing = await createCustomer(am1, { name: uniqueName('ACME'), creditCode: code, phone });
    const byCode = await errorOf(createCustomer(am1, { creditCode: code }));
    expect(byCode).toMatchObject({ appCode: 'DUPLICATE_CUSTOMER', params: { field: 'creditCode', name: existing.name, owner: '张伟' } });
    const wide = existing.name.replace('ACME', 'ａｃｍｅ');
    expect((await errorOf(createCustomer(am1, { name: ` ${wide} ` }))).params).toMatchObject({ field: 'name', name: existing.name });
    const dashed = `${phone.slice(0, 3)}-${phone.slice(3, 7)}-${phone.slice(7)}`;
    expect((await errorOf(createCustomer(am1, { phone: dashed }))).params).toMatchObject({ field: 'phone' });
    // Updating another customer onto the same code is refused too; the record itself is not its own duplicate.
    const other = await createCustomer(am1);
    expect(await errorCodeOf(am1.customers.update.mutate({ id: other.id, patch: { creditCode: code } }))).toBe('DUPLICATE_CUSTOMER');
    await am1.customers.update.mutate({ id: existing.id, patch: { name: existing.name, remarks: 'same name is fine' } });
  });

  it('masks the name and owner of a duplicate outside the caller scope', async () => {
    const name = uniqueName('星辰');
    await createCustomer(am1, { name });
    const err = await errorOf(createCustomer(am2, { name }));
    expect(err.appCode).toBe('DUPLICATE_CUSTOMER');
    expect(err.params?.owner).toBe('***');
    expect(err.params?.name).not.toBe(name);
    expect(String(err.params?.name)).toContain('****');
    const warn = await am2.customers.checkDuplicates.query({ name });
    expect(warn).toEqual([{ field: 'name', id: null, name: err.params?.name, owner: '***' }]);
    // Inside the scope the form gets the real record.
    const own = await am1.customers.checkDuplicates.query({ name });
    expect(own).toEqual([expect.objectContaining({ field: 'name', name, owner: '张伟' })]);
    expect(own[0]!.id).toBeTruthy();
  });

  it('ignores deleted customers', async () => {
    const name = uniqueName();
    const c = await createCustomer(am1, { name });
    await am1.customers.delete.mutate({ ids: [c.id] });
    const again = await createCustomer(am1, { name });
    expect(again.name).toBe(name);
    // ...but a restore that would make two of them is refused.
    expect(await errorCodeOf(am1.customers.restore.mutate({ ids: [c.id] }))).toBe('DUPLICATE_CUSTOMER');
  });
});

describe(`customers: recycle bin (${TEST_DB})`, () => {
  it('deletes into the bin, restores, and purges with everything attached', async () => {
    const c = await createCustomer(am1, { tags: ['bin'], collaboratorIds: [ts.org.users.am3!.id] });
    const contact = await am1.contacts.create.mutate({ customerId: c.id, name: '李四' });
    await am1.followUps.create.mutate({ customerId: c.id, type: 'call', at: new Date().toISOString(), content: '电话沟通', contactId: contact.id });
    await am1.customers.delete.mutate({ ids: [c.id] });
    expect(await errorCodeOf(am1.customers.get.query({ id: c.id }))).toBe('NOT_FOUND');
    expect(await errorCodeOf(am1.contacts.get.query({ id: contact.id }))).toBe('NOT_FOUND');
    expect((await am1.customers.list.query({ search: c.name })).total).toBe(0);
    expect((await am1.customers.recycleBin.query({ search: c.name })).items.map((i) => i.id)).toEqual([c.id]);
    // Not in another account manager's bin.
    expect((await am2.customers.recycleBin.query({ search: c.name })).total).toBe(0);
    expect(await errorCodeOf(am2.customers.restore.mutate({ ids: [c.id] }))).toBe('NOT_FOUND');

    await am1.customers.restore.mutate({ ids: [c.id] });
    expect((await am1.customers.get.query({ id: c.id })).deletedAt).toBeNull();
    await am1.customers.delete.mutate({ ids: [c.id] });
    expect(await errorCodeOf(am1.customers.purge.mutate({ ids: [c.id] }))).toBe('FORBIDDEN');
    const director = await ts.as('director');
    await director.customers.purge.mutate({ ids: [c.id] });
    const db = ts.server.db;
    for (const table of ['customers', 'contacts', 'follow_ups', 'customer_tags', 'customer_collaborators', 'customer_owner_history']) {
      const col = table === 'customers' ? 'id' : 'customer_id';
      const p = TEST_DB === 'postgres' ? '$1' : '?';
      const [row] = await db.query(`SELECT COUNT(*) AS n FROM ${table} WHERE ${col} = ${p}`, [c.id]);
      expect(Number(row.n ?? row.N), table).toBe(0);
    }
    const audit = await db.getRepository(AuditEntity).findBy({ entityId: c.id });
    expect(audit.map((a) => a.action)).toEqual(expect.arrayContaining(['customer.delete', 'customer.restore', 'customer.purge']));
  });
});

describe(`customers: transfer and owner history (${TEST_DB})`, () => {
  it('lets a team lead hand a customer to someone in the team, with history and a notification', async () => {
    const lead1 = await ts.as('lead1');
    const c = await createCustomer(am1);
    const before = (await am3.notifications.list.query()).unread;
    await lead1.customers.transfer.mutate({ ids: [c.id], toUserId: ts.org.users.am3!.id, reason: '调岗' });
    expect((await am3.customers.get.query({ id: c.id })).owner?.name).toBe('刘洋');
    expect(await errorCodeOf(am1.customers.get.query({ id: c.id }))).toBe('NOT_FOUND');
    const history = await am3.customers.ownerHistory.query({ id: c.id });
    expect(history[0]).toMatchObject({ reason: 'transfer', from: { name: '张伟' }, to: { name: '刘洋' }, by: { name: '李明' }, note: '调岗' });
    expect(history.at(-1)).toMatchObject({ reason: 'create', to: { name: '张伟' } });
    const notes = await am3.notifications.list.query();
    expect(notes.unread).toBe(before + 1);
    expect(notes.items[0]).toMatchObject({ kind: 'customersTransferred', params: { count: 1, names: [c.name], by: '李明' } });
    const audit = await ts.server.db.getRepository(AuditEntity).findOneByOrFail({ action: 'customer.transfer', entityId: c.id });
    expect(audit.detail).toMatchObject({ from: { id: ts.org.users.am1!.id }, to: { id: ts.org.users.am3!.id } });
    await am3.notifications.markRead.mutate({ all: true });
    expect((await am3.notifications.list.query()).unread).toBe(0);
  });

  it('refuses targets outside the lead tree, disabled users, and people without the permission', async () => {
    const lead1 = await ts.as('lead1');
    const c = await createCustomer(am1);
    expect(await errorCodeOf(lead1.customers.transfer.mutate({ ids: [c.id], toUserId: ts.org.users.am2!.id }))).toBe('FORBIDDEN');
    expect(await errorCodeOf(am1.customers.transfer.mutate({ ids: [c.id], toUserId: ts.org.users.am3!.id }))).toBe('FORBIDDEN');
    expect(await errorCodeOf(lead1.customers.transfer.mutate({ ids: [c.id], toUserId: uuidv7() }))).toBe('USER_NOT_FOUND');
    // lead2 cannot reach a customer of the other team at all.
    const lead2 = await ts.as('lead2');
    expect(await errorCodeOf(lead2.customers.transfer.mutate({ ids: [c.id], toUserId: ts.org.users.am2!.id }))).toBe('NOT_FOUND');
    expect((await am1.customers.get.query({ id: c.id })).owner?.name).toBe('张伟');
  });
});
