import {
  DATA_SCOPES,
  FIELD_VISIBILITIES,
  type DataScope,
  type FieldVisibility,
  type Permission,
  type ScopedModule,
  type SensitiveField,
} from './catalog';
import type { RoleGrant } from './roles';

// What a user may do, merged from all their roles. Roles combine by union: the widest
// data scope and the most open field visibility win, there are no deny rules.
export interface EffectiveGrant {
  permissions: ReadonlySet<Permission>;
  dataScopes: Partial<Record<ScopedModule, DataScope>>;
  fieldRules: Partial<Record<SensitiveField, FieldVisibility>>;
}

const scopeRank = (s: DataScope) => DATA_SCOPES.indexOf(s);
// visible (0) beats masked (1) beats hidden (2)
const visibilityRank = (v: FieldVisibility) => FIELD_VISIBILITIES.indexOf(v);

export function mergeGrants(grants: RoleGrant[]): EffectiveGrant {
  const permissions = new Set<Permission>();
  const dataScopes: EffectiveGrant['dataScopes'] = {};
  for (const g of grants) {
    g.permissions.forEach((p) => permissions.add(p));
    for (const [m, s] of Object.entries(g.dataScopes) as [ScopedModule, DataScope][]) {
      const cur = dataScopes[m];
      if (!cur || scopeRank(s) > scopeRank(cur)) dataScopes[m] = s;
    }
  }
  // A field stays restricted only as far as the most open of the user's roles allows.
  const fieldRules: EffectiveGrant['fieldRules'] = {};
  const fields = new Set(grants.flatMap((g) => Object.keys(g.fieldRules) as SensitiveField[]));
  for (const f of fields) {
    const best = grants
      .map((g) => g.fieldRules[f] ?? 'visible')
      .reduce((a, b) => (visibilityRank(a) <= visibilityRank(b) ? a : b), 'hidden' as FieldVisibility);
    if (grants.length > 0 && best !== 'visible') fieldRules[f] = best;
  }
  return { permissions, dataScopes, fieldRules };
}

export function can(grant: Pick<EffectiveGrant, 'permissions'>, permission: Permission): boolean {
  return grant.permissions.has(permission);
}

export function fieldVisibility(grant: Pick<EffectiveGrant, 'fieldRules'>, field: SensitiveField): FieldVisibility {
  return grant.fieldRules[field] ?? 'visible';
}
