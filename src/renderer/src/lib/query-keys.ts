// Query keys grouped by what a change touches: a live change event or a mutation invalidates
// a whole group by its first element.
export const qk = {
  session: ['session'] as const,
  customers: {
    all: ['customers'] as const,
    list: (input: unknown) => ['customers', 'list', input] as const,
    get: (id: string) => ['customers', 'get', id] as const,
    ownerHistory: (id: string) => ['customers', 'ownerHistory', id] as const,
    tags: ['customers', 'tags'] as const,
    duplicates: (input: unknown) => ['customers', 'duplicates', input] as const,
    options: (search: string) => ['customers', 'options', search] as const,
  },
  recycleBin: { all: ['recycleBin'] as const, list: (input: unknown) => ['recycleBin', 'list', input] as const },
  pool: { all: ['pool'] as const, list: (input: unknown) => ['pool', 'list', input] as const },
  contacts: { all: ['contacts'] as const, list: (customerId: string) => ['contacts', 'list', customerId] as const },
  followUps: { all: ['followUps'] as const, list: (customerId: string) => ['followUps', 'list', customerId] as const },
  org: { users: ['org', 'users'] as const, departments: ['org', 'departments'] as const },
  notifications: { all: ['notifications'] as const },
};

// What to refresh when something changed: customers appear in lists, the pool and the bin.
export const AFFECTED_BY: Record<string, readonly (readonly string[])[]> = {
  customers: [qk.customers.all, qk.pool.all, qk.recycleBin.all],
  contacts: [qk.contacts.all, qk.customers.all],
  followUps: [qk.followUps.all, qk.customers.all],
  pool: [qk.pool.all, qk.customers.all],
  notifications: [qk.notifications.all],
  org: [qk.org.users, qk.org.departments],
};
