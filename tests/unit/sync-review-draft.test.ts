import { describe, expect, it } from 'vitest';
import { EMPTY_CUSTOMER } from '../../src/renderer/src/features/customers/components/customer-form-values';
import { canReopen, customerDraft } from '../../src/renderer/src/features/sync-review/lib/draft-values';

describe('reopening a refused offline change in its form', () => {
  it('puts the typed customer fields into the form, the region codes as one value', () => {
    const base = { ...EMPTY_CUSTOMER, name: '原名', region: ['110000', '110100', '110101'], phone: '13900000000' };
    const draft = customerDraft({ name: '', province: '310000', city: '310100', district: null, level: 'A' }, base);
    expect(draft).toMatchObject({ name: '', level: 'A', region: ['310000', '310100'], phone: '13900000000' });
    expect(draft).not.toHaveProperty('province');
    // Fields the user did not touch keep the record's values, the region included.
    expect(customerDraft({ remarks: '新备注' }, base)).toMatchObject({ remarks: '新备注', region: ['110000', '110100', '110101'] });
  });

  it('offers a form only where there is one to go back to', () => {
    const entry = { kind: 'update' as const, entity: 'customer' as const, exists: true, values: { name: '' }, customerId: 'c1' };
    expect(canReopen(entry)).toBe(true);
    expect(canReopen({ ...entry, exists: false })).toBe(false);
    expect(canReopen({ ...entry, kind: 'delete', values: null })).toBe(false);
    expect(canReopen({ ...entry, kind: 'create', exists: false })).toBe(true);
    expect(canReopen({ ...entry, entity: 'contact', kind: 'create', exists: false })).toBe(true);
    expect(canReopen({ ...entry, entity: 'contact', kind: 'create', exists: false, customerId: null })).toBe(false);
    expect(canReopen({ ...entry, entity: 'followUp' })).toBe(false);
  });
});
