import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CustomerEntity } from '../../server/modules/customers/customer.entity';
import { TEST_DB } from '../support/databases';
import { errorCodeOf, startTestServer, type ServerClient, type TestServer } from '../support/test-server';
import { createCustomer, errorOf } from './customers-fixtures';

let ts: TestServer;
let am1: ServerClient;
beforeAll(async () => {
  ts = await startTestServer();
  am1 = await ts.as('am1');
});
afterAll(async () => ts?.close());

const customerDates = async (id: string) => {
  const c = await am1.customers.get.query({ id });
  return [c.lastFollowUpAt, c.nextFollowUpAt];
};

describe(`follow-ups (${TEST_DB})`, () => {
  it("keeps the customer's last and next follow-up in step with its latest follow-up", async () => {
    const c = await createCustomer(am1);
    const first = await am1.followUps.create.mutate({ customerId: c.id, type: 'visit', at: '2026-03-02T10:00:00+08:00', content: '上门拜访', nextAt: '2026-03-20' });
    expect(first.at).toBe('2026-03-02T02:00:00.000Z');
    expect(await customerDates(c.id)).toEqual(['2026-03-02T02:00:00.000Z', '2026-03-20']);
    // An older one entered later does not move the dates.
    const older = await am1.followUps.create.mutate({ customerId: c.id, type: 'call', at: '2026-02-01T09:00:00Z', content: '电话', nextAt: '2026-02-10' });
    expect(await customerDates(c.id)).toEqual(['2026-03-02T02:00:00.000Z', '2026-03-20']);
    // Moving the latest one before the older one makes the older one the latest.
    await am1.followUps.update.mutate({ id: first.id, patch: { at: '2026-01-15T09:00:00Z' } });
    expect(await customerDates(c.id)).toEqual(['2026-02-01T09:00:00.000Z', '2026-02-10']);
    await am1.followUps.delete.mutate({ id: older.id });
    expect(await customerDates(c.id)).toEqual(['2026-01-15T09:00:00.000Z', '2026-03-20']);
    await am1.followUps.delete.mutate({ id: first.id });
    expect(await customerDates(c.id)).toEqual([null, null]);
    // Derived dates do not bump the customer version: an edit based on version 1 still applies.
    expect((await am1.customers.update.mutate({ id: c.id, version: 1, patch: { remarks: 'ok' } })).version).toBe(2);
    const row = await ts.server.db.getRepository(CustomerEntity).findOneByOrFail({ id: c.id });
    expect(row.lastFollowUpAt).toBeNull();
  });

  it('lists newest first with a time window and paging', async () => {
    const c = await createCustomer(am1);
    for (const day of ['01', '03', '02', '05', '04']) {
      await am1.followUps.create.mutate({ customerId: c.id, type: 'email', at: `2026-04-${day}T08:00:00Z`, content: `第${day}天` });
    }
    const page1 = await am1.followUps.list.query({ customerId: c.id, page: 1, pageSize: 2 });
    expect(page1.total).toBe(5);
    expect(page1.items.map((f) => f.content)).toEqual(['第05天', '第04天']);
    const window = await am1.followUps.list.query({ customerId: c.id, from: '2026-04-02T00:00:00Z', to: '2026-04-03T23:59:59Z' });
    expect(window.items.map((f) => f.content)).toEqual(['第03天', '第02天']);
    expect(window.items[0]).toMatchObject({ customerName: c.name, createdBy: { name: '张伟' }, type: 'email' });
  });

  it('accepts only a contact of the same customer', async () => {
    const a = await createCustomer(am1);
    const b = await createCustomer(am1);
    const contactOfB = await am1.contacts.create.mutate({ customerId: b.id, name: '郑九' });
    const err = await errorOf(am1.followUps.create.mutate({ customerId: a.id, type: 'call', at: new Date().toISOString(), content: 'x', contactId: contactOfB.id }));
    expect(err).toMatchObject({ appCode: 'VALIDATION', fieldErrors: [{ path: 'contactId', message: 'validation.contactOfCustomer' }] });
    const ok = await am1.followUps.create.mutate({ customerId: b.id, type: 'call', at: new Date().toISOString(), content: 'x', contactId: contactOfB.id });
    expect(ok.contactName).toBe('郑九');
    expect(await errorCodeOf(am1.followUps.update.mutate({ id: ok.id, patch: { contactId: (await am1.contacts.create.mutate({ customerId: a.id, name: '冯十' })).id } }))).toBe(
      'VALIDATION',
    );
  });

  it('lets customer service log follow-ups on any customer but not edit them', async () => {
    const c = await createCustomer(am1);
    const service = await ts.as('service1');
    const f = await service.followUps.create.mutate({ customerId: c.id, type: 'call', at: new Date().toISOString(), content: '客户来电咨询' });
    expect(f.createdBy?.name).toBe('孙丽');
    expect(await errorCodeOf(service.followUps.update.mutate({ id: f.id, patch: { content: '改' } }))).toBe('FORBIDDEN');
    expect((await am1.followUps.get.query({ id: f.id })).content).toBe('客户来电咨询');
  });
});
