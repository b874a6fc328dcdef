import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ChangeLogEntity } from '../../server/modules/changes/change-log.entity';
import { ContactEntity } from '../../server/modules/contacts/contact.entity';
import { TEST_DB } from '../support/databases';
import { errorCodeOf, startTestServer, type ServerClient, type TestServer } from '../support/test-server';
import { createCustomer, errorOf, uniqueMobile } from './customers-fixtures';

let ts: TestServer;
let am1: ServerClient;
let am2: ServerClient;
beforeAll(async () => {
  ts = await startTestServer();
  [am1, am2] = await Promise.all([ts.as('am1'), ts.as('am2')]);
});
afterAll(async () => ts?.close());

describe(`contacts (${TEST_DB})`, () => {
  it('creates, lists primary first, updates and soft-deletes', async () => {
    const c = await createCustomer(am1);
    const mobile = uniqueMobile();
    const a = await am1.contacts.create.mutate({ customerId: c.id, name: '周一', mobile: `+86 ${mobile}`, title: '采购' });
    expect(a).toMatchObject({ customerId: c.id, customerName: c.name, mobile, isPrimary: false, version: 1 });
    const b = await am1.contacts.create.mutate({ customerId: c.id, name: '吴二', isPrimary: true, email: 'WU@Example.CN' });
    expect(b.email).toBe('wu@example.cn');
    const list = await am1.contacts.list.query({ customerId: c.id });
    expect(list.total).toBe(2);
    expect(list.items.map((i) => i.name)).toEqual(['吴二', '周一']);

    const u = await am1.contacts.update.mutate({ id: a.id, version: 1, patch: { title: '采购经理' } });
    expect(u).toMatchObject({ title: '采购经理', version: 2, mobile, isPrimary: false });
    expect(await errorCodeOf(am1.contacts.update.mutate({ id: a.id, version: 1, patch: { title: 'x' } }))).toBe('VERSION_CONFLICT');

    await am1.contacts.delete.mutate({ id: a.id });
    expect(await errorCodeOf(am1.contacts.get.query({ id: a.id }))).toBe('NOT_FOUND');
    expect((await am1.contacts.list.query({ customerId: c.id })).items.map((i) => i.id)).toEqual([b.id]);
    expect((await ts.server.db.getRepository(ContactEntity).findOneByOrFail({ id: a.id })).deletedAt).not.toBeNull();
    const log = await ts.server.db.getRepository(ChangeLogEntity).findBy({ entity: 'contact', entityId: a.id });
    expect(log.map((l) => [l.op, l.customerId])).toEqual([
      ['create', c.id],
      ['update', c.id],
      ['delete', c.id],
    ]);
  });

  it('keeps a single primary contact per customer', async () => {
    const c = await createCustomer(am1);
    const a = await am1.contacts.create.mutate({ customerId: c.id, name: '甲', isPrimary: true });
    const b = await am1.contacts.create.mutate({ customerId: c.id, name: '乙', isPrimary: true });
    expect((await am1.contacts.get.query({ id: a.id })).isPrimary).toBe(false);
    await am1.contacts.update.mutate({ id: a.id, patch: { isPrimary: true } });
    const all = (await am1.contacts.list.query({ customerId: c.id })).items;
    expect(all.filter((x) => x.isPrimary).map((x) => x.id)).toEqual([a.id]);
    expect(all.find((x) => x.id === b.id)!.isPrimary).toBe(false);
    // Editing another field of the primary contact keeps it primary.
    await am1.contacts.update.mutate({ id: a.id, patch: { remarks: '常联系' } });
    expect((await am1.contacts.get.query({ id: a.id })).isPrimary).toBe(true);
  });

  it('validates mobile numbers and e-mail addresses', async () => {
    const c = await createCustomer(am1);
    const err = await errorOf(am1.contacts.create.mutate({ customerId: c.id, name: '丙', mobile: '12345' }));
    expect(err).toMatchObject({ appCode: 'VALIDATION', fieldErrors: [{ path: 'mobile', message: 'validation.mobile' }] });
    const mail = await errorOf(am1.contacts.create.mutate({ customerId: c.id, name: '丙', email: 'not-an-email' }));
    expect(mail.fieldErrors).toContainEqual(expect.objectContaining({ path: 'email', message: 'validation.email' }));
  });

  it('searches by name or mobile, only within the caller scope', async () => {
    const mine = await createCustomer(am1);
    const theirs = await createCustomer(am2);
    const mobile = uniqueMobile();
    const k = await am1.contacts.create.mutate({ customerId: mine.id, name: '欧阳检索', mobile });
    await am2.contacts.create.mutate({ customerId: theirs.id, name: '欧阳检索' });
    expect((await am1.contacts.list.query({ search: '欧阳检' })).items.map((i) => i.id)).toEqual([k.id]);
    expect((await am1.contacts.list.query({ search: mobile.slice(-6) })).items.map((i) => i.id)).toEqual([k.id]);
    expect((await am2.contacts.list.query({ search: '欧阳检' })).items.map((i) => i.customerId)).toEqual([theirs.id]);
    expect(await errorCodeOf(am2.contacts.list.query({ customerId: mine.id }))).toBe('NOT_FOUND');
    expect(await errorCodeOf(am2.contacts.create.mutate({ customerId: mine.id, name: '混入' }))).toBe('NOT_FOUND');
  });
});
