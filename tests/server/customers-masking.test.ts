import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BUILT_IN_ROLES } from '../../src/shared/permissions/roles';
import { AuditEntity } from '../../server/modules/audit/audit.entity';
import { ContactEntity } from '../../server/modules/contacts/contact.entity';
import { CustomerEntity } from '../../server/modules/customers/customer.entity';
import { TEST_DB } from '../support/databases';
import { errorCodeOf, startTestServer, type ServerClient, type TestServer } from '../support/test-server';
import { createCustomer, uniqueName, userWithRole } from './customers-fixtures';

let ts: TestServer;
let am1: ServerClient;
let marketing: ServerClient;
beforeAll(async () => {
  ts = await startTestServer();
  [am1, marketing] = await Promise.all([ts.as('am1'), ts.as('marketing1')]);
});
afterAll(async () => ts?.close());

// An account manager whose role masks phones and addresses: someone who may edit a record
// they cannot fully read, the case where a masked value could be written back.
function maskedEditor() {
  const am = BUILT_IN_ROLES.account_manager;
  return userWithRole(ts, {
    username: 'maskedit',
    dept: 'east',
    grant: {
      permissions: am.permissions,
      dataScopes: am.dataScopes,
      fieldRules: { 'customers.phone': 'masked', 'customers.address': 'masked', 'contacts.mobile': 'masked', 'contacts.wechat': 'hidden' },
    },
  });
}

describe(`field masking (${TEST_DB})`, () => {
  it('shows marketing masked phones in get and list, and hides WeChat', async () => {
    const c = await createCustomer(am1, { phone: '13812345678', address: '南京西路 100 号' });
    const contact = await am1.contacts.create.mutate({
      customerId: c.id,
      name: '钱七',
      mobile: '13912345678',
      email: 'qianqi@example.cn',
      wechat: 'qianqi_wx',
      phone: '021-55556666',
    });
    const got = await marketing.customers.get.query({ id: c.id });
    expect(got).toMatchObject({ phone: '138****5678', address: '南京西路 100 号', maskedFields: ['phone'], hiddenFields: [] });
    const listed = (await marketing.customers.list.query({ search: c.name })).items[0]!;
    expect(listed.phone).toBe('138****5678');
    const k = await marketing.contacts.get.query({ id: contact.id });
    expect(k).toMatchObject({ mobile: '139****5678', email: 'q***@example.cn', wechat: null, phone: '021****6666' });
    expect(k.maskedFields.sort()).toEqual(['email', 'mobile', 'phone']);
    expect(k.hiddenFields).toEqual(['wechat']);
    const inList = (await marketing.contacts.list.query({ customerId: c.id })).items[0]!;
    expect(inList.mobile).toBe('139****5678');
    expect(inList.wechat).toBeNull();
    // The owner still sees everything.
    expect((await am1.contacts.get.query({ id: contact.id })).wechat).toBe('qianqi_wx');
    // Finance masks only mobiles and hides WeChat.
    const finance = await ts.as('finance1');
    expect((await finance.customers.get.query({ id: c.id })).phone).toBe('13812345678');
    expect(await finance.contacts.get.query({ id: contact.id })).toMatchObject({ mobile: '139****5678', wechat: null, email: 'qianqi@example.cn' });
  });

  it('does not let marketing search by a phone number it may not read', async () => {
    const c = await createCustomer(am1, { phone: '13812340001' });
    expect((await am1.customers.list.query({ search: '13812340001' })).items.map((i) => i.id)).toEqual([c.id]);
    expect((await marketing.customers.list.query({ search: '13812340001' })).total).toBe(0);
  });

  it('never writes a masked value back over the real one', async () => {
    const c = await createCustomer(am1, { phone: '13812349999' });
    expect(await errorCodeOf(marketing.customers.update.mutate({ id: c.id, patch: { phone: '138****9999' } }))).toBe('FORBIDDEN');

    const editor = await maskedEditor();
    const admin = await ts.as('admin');
    const own = await admin.customers.create.mutate({
      name: uniqueName(),
      ownerId: editor.id,
      phone: '13800001111',
      address: '淮海中路 999 号',
    });
    const contact = await admin.contacts.create.mutate({ customerId: own.id, name: '孙八', mobile: '13700002222', wechat: 'sunba' });
    const seen = await editor.client.customers.get.query({ id: own.id });
    expect(seen).toMatchObject({ phone: '138****1111', maskedFields: ['phone', 'address'] });
    expect(seen.address).toMatch(/^淮海中\*{4}/);

    // Sending the form back as shown changes nothing it could not see...
    const saved = await editor.client.customers.update.mutate({ id: own.id, patch: { address: seen.address, remarks: '已回访' } });
    expect(saved.remarks).toBe('已回访');
    // ...a masked phone is not even a phone number...
    expect(await errorCodeOf(editor.client.customers.update.mutate({ id: own.id, patch: { phone: seen.phone } }))).toBe('VALIDATION');
    // ...and a new value for a field it cannot see is refused.
    expect(await errorCodeOf(editor.client.customers.update.mutate({ id: own.id, patch: { address: '别的地址' } }))).toBe('FORBIDDEN');
    expect(await errorCodeOf(editor.client.customers.update.mutate({ id: own.id, patch: { phone: '13900000000' } }))).toBe('FORBIDDEN');
    const stored = await ts.server.db.getRepository(CustomerEntity).findOneByOrFail({ id: own.id });
    expect(stored).toMatchObject({ phone: '13800001111', address: '淮海中路 999 号', remarks: '已回访' });

    await editor.client.contacts.update.mutate({ id: contact.id, patch: { wechat: null, title: '经理' } });
    expect(await errorCodeOf(editor.client.contacts.update.mutate({ id: contact.id, patch: { mobile: '13600003333' } }))).toBe('FORBIDDEN');
    const storedContact = await ts.server.db.getRepository(ContactEntity).findOneByOrFail({ id: contact.id });
    expect(storedContact).toMatchObject({ wechat: 'sunba', mobile: '13700002222', title: '经理' });

    // The audit trail of the editor's own change holds nothing it could not see.
    const audit = await ts.server.db.getRepository(AuditEntity).findBy({ entityId: own.id, action: 'customer.update' });
    expect(audit).toHaveLength(1);
    expect(JSON.stringify(audit[0]!.detail)).not.toContain('淮海中路');
    expect(JSON.stringify(audit[0]!.detail)).not.toContain('13800001111');
  });
});
