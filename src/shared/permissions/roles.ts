import {
  ALL_PERMISSIONS,
  PERMISSION_DEPENDS_ON,
  type DataScope,
  type FieldVisibility,
  type Permission,
  type ScopedModule,
  type SensitiveField,
} from './catalog';

export interface RoleGrant {
  permissions: Permission[];
  dataScopes: Partial<Record<ScopedModule, DataScope>>;
  fieldRules: Partial<Record<SensitiveField, FieldVisibility>>;
}

export interface BuiltInRole extends RoleGrant {
  code: BuiltInRoleCode;
}

export const BUILT_IN_ROLE_CODES = [
  'admin',
  'sales_director',
  'team_lead',
  'account_manager',
  'customer_service',
  'finance',
  'marketing',
] as const;
export type BuiltInRoleCode = (typeof BUILT_IN_ROLE_CODES)[number];

const workOnCustomers: Permission[] = [
  'customers.view',
  'customers.create',
  'customers.edit',
  'customers.delete',
  'customers.restore',
  'customers.export',
  'contacts.view',
  'contacts.create',
  'contacts.edit',
  'contacts.delete',
  'followups.view',
  'followups.create',
  'followups.edit',
  'followups.delete',
  'pool.view',
  'pool.claim',
  'pool.release',
];

const maskedContactChannels: RoleGrant['fieldRules'] = {
  'customers.phone': 'masked',
  'contacts.mobile': 'masked',
  'contacts.phone': 'masked',
  'contacts.email': 'masked',
  'contacts.wechat': 'hidden',
};

export const BUILT_IN_ROLES: Record<BuiltInRoleCode, BuiltInRole> = {
  admin: { code: 'admin', permissions: [...ALL_PERMISSIONS], dataScopes: { customers: 'all' }, fieldRules: {} },
  sales_director: {
    code: 'sales_director',
    permissions: [...workOnCustomers, 'customers.transfer', 'customers.purge', 'customers.import', 'pool.assign', 'analytics.view'],
    dataScopes: { customers: 'all' },
    fieldRules: {},
  },
  team_lead: {
    code: 'team_lead',
    permissions: [...workOnCustomers, 'customers.transfer', 'customers.import', 'pool.assign', 'analytics.view'],
    dataScopes: { customers: 'department_tree' },
    fieldRules: {},
  },
  account_manager: {
    code: 'account_manager',
    permissions: [...workOnCustomers, 'customers.import'],
    dataScopes: { customers: 'own' },
    fieldRules: {},
  },
  customer_service: {
    code: 'customer_service',
    permissions: ['customers.view', 'contacts.view', 'followups.view', 'followups.create'],
    dataScopes: { customers: 'all' },
    fieldRules: {},
  },
  finance: {
    code: 'finance',
    permissions: ['customers.view', 'contacts.view'],
    dataScopes: { customers: 'all' },
    fieldRules: { 'contacts.mobile': 'masked', 'contacts.wechat': 'hidden' },
  },
  marketing: {
    code: 'marketing',
    permissions: ['customers.view', 'contacts.view', 'customers.export', 'pool.view', 'analytics.view'],
    dataScopes: { customers: 'all' },
    fieldRules: maskedContactChannels,
  },
};

// Adds what each granted permission depends on, so a role never holds an action on a
// module it cannot see.
export function normalizePermissions(perms: Iterable<Permission>): Permission[] {
  const out = new Set<Permission>();
  const visit = (p: Permission) => {
    if (out.has(p)) return;
    out.add(p);
    for (const dep of PERMISSION_DEPENDS_ON[p] ?? []) visit(dep);
  };
  for (const p of perms) visit(p);
  return ALL_PERMISSIONS.filter((p) => out.has(p));
}
