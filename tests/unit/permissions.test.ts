import { describe, expect, it } from 'vitest';
import { can, fieldVisibility, mergeGrants } from '../../src/shared/permissions/can';
import { ALL_PERMISSIONS, PERMISSION_DEPENDS_ON, isPermission, type Permission } from '../../src/shared/permissions/catalog';
import { BUILT_IN_ROLES, normalizePermissions, type RoleGrant } from '../../src/shared/permissions/roles';

const grant = (g: Partial<RoleGrant>): RoleGrant => ({ permissions: [], dataScopes: {}, fieldRules: {}, ...g });

describe('permission catalog', () => {
  it('has only known permissions as dependencies', () => {
    for (const [p, deps] of Object.entries(PERMISSION_DEPENDS_ON)) {
      expect(isPermission(p)).toBe(true);
      for (const d of deps ?? []) expect(isPermission(d)).toBe(true);
    }
    expect(new Set(ALL_PERMISSIONS).size).toBe(ALL_PERMISSIONS.length);
  });

  it('normalizePermissions adds what a permission depends on, transitively', () => {
    expect(normalizePermissions(['customers.purge'])).toEqual(['customers.view', 'customers.restore', 'customers.purge']);
    // import -> create -> view
    expect(new Set(normalizePermissions(['customers.import']))).toEqual(new Set(['customers.import', 'customers.create', 'customers.view']));
    // a contact permission needs contacts.view, which needs customers.view
    expect(new Set(normalizePermissions(['contacts.edit']))).toEqual(new Set(['contacts.edit', 'contacts.view', 'customers.view']));
    expect(normalizePermissions(['pool.claim'])).toEqual(['pool.view', 'pool.claim']);
  });

  it('normalizePermissions is idempotent, de-duplicates and keeps catalog order', () => {
    const once = normalizePermissions(['followups.delete', 'customers.export', 'followups.delete']);
    expect(normalizePermissions(once)).toEqual(once);
    expect(once).toEqual(ALL_PERMISSIONS.filter((p) => once.includes(p)));
  });

  it('built-in roles never hold an action without the permission it depends on', () => {
    for (const role of Object.values(BUILT_IN_ROLES)) {
      const held = new Set(normalizePermissions(role.permissions));
      for (const p of held) for (const d of PERMISSION_DEPENDS_ON[p as Permission] ?? []) expect(held.has(d)).toBe(true);
    }
  });
});

describe('mergeGrants', () => {
  it('unions permissions', () => {
    const g = mergeGrants([grant({ permissions: ['customers.view'] }), grant({ permissions: ['pool.view', 'pool.claim'] })]);
    expect([...g.permissions].sort()).toEqual(['customers.view', 'pool.claim', 'pool.view']);
    expect(can(g, 'pool.claim')).toBe(true);
    expect(can(g, 'customers.delete')).toBe(false);
  });

  it('takes the widest data scope of all roles', () => {
    expect(mergeGrants([grant({ dataScopes: { customers: 'own' } }), grant({ dataScopes: { customers: 'department_tree' } })]).dataScopes).toEqual({
      customers: 'department_tree',
    });
    expect(mergeGrants([grant({ dataScopes: { customers: 'all' } }), grant({ dataScopes: { customers: 'department' } })]).dataScopes.customers).toBe('all');
    expect(mergeGrants([grant({ dataScopes: { customers: 'own' } }), grant({})]).dataScopes.customers).toBe('own');
  });

  it('takes the most open field rule; a role without a rule sees the field', () => {
    const maskedAndHidden = mergeGrants([grant({ fieldRules: { 'contacts.mobile': 'hidden' } }), grant({ fieldRules: { 'contacts.mobile': 'masked' } })]);
    expect(fieldVisibility(maskedAndHidden, 'contacts.mobile')).toBe('masked');
    const withOpenRole = mergeGrants([grant({ fieldRules: { 'contacts.mobile': 'hidden', 'contacts.wechat': 'hidden' } }), grant({})]);
    expect(fieldVisibility(withOpenRole, 'contacts.mobile')).toBe('visible');
    expect(fieldVisibility(withOpenRole, 'contacts.wechat')).toBe('visible');
    const single = mergeGrants([grant({ fieldRules: { 'contacts.wechat': 'hidden' } })]);
    expect(fieldVisibility(single, 'contacts.wechat')).toBe('hidden');
    expect(fieldVisibility(single, 'contacts.email')).toBe('visible');
  });

  it('gives nothing to a user without roles', () => {
    const g = mergeGrants([]);
    expect(g.permissions.size).toBe(0);
    expect(g.dataScopes).toEqual({});
  });
});
