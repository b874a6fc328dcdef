// The permission catalog: every action a role can be granted, per module. The server's
// `requirePermission` is the only enforcement; the client uses `can` to hide what the
// server would refuse anyway. Later modules add their entries here.
export const MODULES = {
  customers: ['view', 'create', 'edit', 'delete', 'restore', 'purge', 'transfer', 'export', 'import', 'reveal'],
  contacts: ['view', 'create', 'edit', 'delete', 'reveal'],
  followups: ['view', 'create', 'edit', 'delete'],
  pool: ['view', 'claim', 'release', 'assign'],
  analytics: ['view'],
  admin: ['users', 'roles', 'departments', 'settings', 'audit'],
} as const;

export type ModuleName = keyof typeof MODULES;
export type ActionOf<M extends ModuleName> = (typeof MODULES)[M][number];
export type Permission = { [M in ModuleName]: `${M}.${ActionOf<M>}` }[ModuleName];

export const ALL_PERMISSIONS: Permission[] = (Object.keys(MODULES) as ModuleName[]).flatMap((m) =>
  MODULES[m].map((a) => `${m}.${a}` as Permission),
);

// Permissions that make no sense without another one; roles are normalised so that
// granting the dependent one grants its base too.
export const PERMISSION_DEPENDS_ON: Partial<Record<Permission, Permission[]>> = {
  'customers.create': ['customers.view'],
  'customers.edit': ['customers.view'],
  'customers.delete': ['customers.view'],
  'customers.restore': ['customers.view'],
  'customers.purge': ['customers.view', 'customers.restore'],
  'customers.transfer': ['customers.view'],
  'customers.export': ['customers.view'],
  'customers.import': ['customers.create'],
  'customers.reveal': ['customers.view'],
  'contacts.view': ['customers.view'],
  'contacts.create': ['contacts.view'],
  'contacts.edit': ['contacts.view'],
  'contacts.delete': ['contacts.view'],
  'contacts.reveal': ['contacts.view'],
  'followups.view': ['customers.view'],
  'followups.create': ['followups.view'],
  'followups.edit': ['followups.view'],
  'followups.delete': ['followups.view'],
  'pool.claim': ['pool.view'],
  'pool.release': ['pool.view'],
  'pool.assign': ['pool.view'],
};

// Data scope of a role on a module. Contacts and follow-ups inherit their customer's.
export const DATA_SCOPES = ['own', 'department', 'department_tree', 'all'] as const;
export type DataScope = (typeof DATA_SCOPES)[number];
export const SCOPED_MODULES = ['customers'] as const;
export type ScopedModule = (typeof SCOPED_MODULES)[number];

// Sensitive fields a role can see, see masked (138****5678), or not at all.
export const SENSITIVE_FIELDS = [
  'customers.phone',
  'customers.address',
  'contacts.mobile',
  'contacts.phone',
  'contacts.email',
  'contacts.wechat',
] as const;
export type SensitiveField = (typeof SENSITIVE_FIELDS)[number];
export const FIELD_VISIBILITIES = ['visible', 'masked', 'hidden'] as const;
export type FieldVisibility = (typeof FIELD_VISIBILITIES)[number];

export function isPermission(value: string): value is Permission {
  return (ALL_PERMISSIONS as string[]).includes(value);
}
