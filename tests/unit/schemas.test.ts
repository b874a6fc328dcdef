import { describe, expect, it } from 'vitest';
import { contactCreateInput } from '../../src/shared/domain/contact.schema';
import { customerCreateInput } from '../../src/shared/domain/customer.schema';

const issuesOf = (r: { success: boolean; error?: { issues: { path: PropertyKey[]; message: string }[] } }) =>
  (r.error?.issues ?? []).map((i) => ({ path: i.path.join('.'), message: i.message }));

describe('customerCreateInput', () => {
  it('accepts a company with a valid credit code, normalising full-width and lower case', () => {
    const r = customerCreateInput.safeParse({ name: '华为技术有限公司', creditCode: '９１４４０３００１９２２０３８２１６' });
    expect(r.success).toBe(true);
    expect(r.data?.creditCode).toBe('914403001922038216');
    expect(customerCreateInput.parse({ name: '腾讯', creditCode: '91440300708461136t' }).creditCode).toBe('91440300708461136T');
  });

  it('refuses a wrong credit code on the creditCode field', () => {
    const r = customerCreateInput.safeParse({ name: '某某公司', creditCode: '914403001922038217' });
    expect(r.success).toBe(false);
    expect(issuesOf(r)).toEqual([{ path: 'creditCode', message: 'validation.creditCode' }]);
  });

  it('refuses a credit code on an individual customer', () => {
    const r = customerCreateInput.safeParse({ kind: 'individual', name: '张伟', creditCode: '914403001922038216' });
    expect(r.success).toBe(false);
    expect(issuesOf(r)).toEqual([{ path: 'creditCode', message: 'validation.creditCodeIndividual' }]);
    expect(customerCreateInput.safeParse({ kind: 'individual', name: '张伟', creditCode: '' }).success).toBe(true);
  });

  it('requires a name and applies defaults', () => {
    expect(issuesOf(customerCreateInput.safeParse({ name: '  ' }))).toEqual([{ path: 'name', message: 'validation.required' }]);
    expect(customerCreateInput.parse({ name: '上海星辰科技有限公司' })).toMatchObject({ kind: 'company', status: 'potential', tags: [], creditCode: null });
  });
});

describe('contactCreateInput', () => {
  const customerId = '0193f5a8-0000-7000-8000-000000000001';

  it('normalises the mobile number', () => {
    expect(contactCreateInput.parse({ customerId, name: '李明', mobile: '+86 138-0013-8000' }).mobile).toBe('13800138000');
    expect(contactCreateInput.parse({ customerId, name: '李明', mobile: '１３８ ００１３ ８０００' }).mobile).toBe('13800138000');
    expect(contactCreateInput.parse({ customerId, name: '李明', mobile: '' }).mobile).toBeNull();
  });

  it('refuses a number that is not a mainland mobile', () => {
    const r = contactCreateInput.safeParse({ customerId, name: '李明', mobile: '021-68881234' });
    expect(issuesOf(r)).toEqual([{ path: 'mobile', message: 'validation.mobile' }]);
  });
});
