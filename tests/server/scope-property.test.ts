import fc from 'fast-check';
import { v7 as uuidv7 } from 'uuid';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { maskValue } from '../../src/shared/domain/text';
import { DATA_SCOPES, FIELD_VISIBILITIES, type DataScope, type FieldVisibility, type Permission } from '../../src/shared/permissions/catalog';
import { normalizePermissions } from '../../src/shared/permissions/roles';
import { hashPassword } from '../../server/modules/auth/password';
import { DEMO_PASSWORD } from '../../server/modules/demo/demo-org';
import { DepartmentEntity } from '../../server/modules/org/department.entity';
import { RoleEntity } from '../../server/modules/org/role.entity';
import { newUser, UserEntity, UserRoleEntity } from '../../server/modules/org/user.entity';
import type { SyncRow } from '../../server/modules/sync/sync-feed';
import { TEST_DB } from '../support/databases';
import { errorCodeOf, startTestServer, type ServerClient, type TestServer } from '../support/test-server';
import { uniqueMobile, uniqueName } from './customers-fixtures';

// Random organisations (department trees, custom roles with random data scopes and field rules,
// users holding one or two of them, customers with owners and collaborators) checked through the
// real API against a small reference model of the scope rules. Every read path must agree:
// list (plain and with a search term), get, export and the first sync.

interface WorldSpec {
  parents: (number | null)[]; // parent index of each department (always an earlier one)
  roles: { scope: DataScope; phone: FieldVisibility; address: FieldVisibility; pool: boolean }[];
  users: { dept: number; roles: number[] }[];
  customers: { owner: number | null; collaborators: number[] }[];
}

const worldArb: fc.Arbitrary<WorldSpec> = fc
  .record({ depts: fc.integer({ min: 1, max: 4 }), roles: fc.integer({ min: 1, max: 3 }), users: fc.integer({ min: 2, max: 4 }) })
  .chain(({ depts, roles, users }) =>
    fc.record({
      parents: fc.tuple(...Array.from({ length: depts }, (_, i) => (i === 0 ? fc.constant(null) : fc.option(fc.nat(i - 1), { nil: null })))),
      roles: fc.array(
        fc.record({
          scope: fc.constantFrom(...DATA_SCOPES),
          phone: fc.constantFrom(...FIELD_VISIBILITIES),
          address: fc.constantFrom(...FIELD_VISIBILITIES),
          pool: fc.boolean(),
        }),
        { minLength: roles, maxLength: roles },
      ),
      users: fc.array(
        fc.record({ dept: fc.nat(depts - 1), roles: fc.uniqueArray(fc.nat(roles - 1), { minLength: 1, maxLength: 2 }) }),
        { minLength: users, maxLength: users },
      ),
      customers: fc.array(
        fc.record({ owner: fc.option(fc.nat(users - 1), { nil: null, freq: 5 }), collaborators: fc.uniqueArray(fc.nat(users - 1), { maxLength: 2 }) }),
        { minLength: 1, maxLength: 6 },
      ),
    }),
  );

// ---- reference model -------------------------------------------------------------------
const SCOPE_RANK = (s: DataScope) => DATA_SCOPES.indexOf(s);
const VIS_RANK = (v: FieldVisibility) => FIELD_VISIBILITIES.indexOf(v);

function modelOf(w: WorldSpec) {
  const under = (d: number, ancestor: number): boolean => {
    for (let x: number | null = d; x !== null; x = w.parents[x]!) if (x === ancestor) return true;
    return false;
  };
  const rolesOf = (u: number) => w.users[u]!.roles.map((r) => w.roles[r]!);
  const scope = (u: number) => rolesOf(u).map((r) => r.scope).reduce((a, b) => (SCOPE_RANK(b) > SCOPE_RANK(a) ? b : a));
  const vis = (u: number, f: 'phone' | 'address') => rolesOf(u).map((r) => r[f]).reduce((a, b) => (VIS_RANK(b) < VIS_RANK(a) ? b : a));
  const inScope = (u: number, c: number): boolean => {
    const s = scope(u);
    const cust = w.customers[c]!;
    if (s === 'all') return true;
    if (cust.owner === null) return false;
    if (cust.owner === u || cust.collaborators.includes(u)) return true;
    const ownerDept = w.users[cust.owner]!.dept;
    if (s === 'department') return ownerDept === w.users[u]!.dept;
    if (s === 'department_tree') return under(ownerDept, w.users[u]!.dept);
    return false;
  };
  const canGet = (u: number, c: number) => inScope(u, c) || (w.customers[c]!.owner === null && rolesOf(u).some((r) => r.pool));
  const shown = (u: number, f: 'phone' | 'address', value: string): string | null => {
    const v = vis(u, f);
    return v === 'hidden' ? null : v === 'masked' ? maskValue(value) : value;
  };
  return { inScope, canGet, shown };
}

// ---- building a world ------------------------------------------------------------------
let ts: TestServer;
let admin: ServerClient;
let passwordHash: string;
let worldNo = 0;
beforeAll(async () => {
  ts = await startTestServer();
  admin = await ts.as('admin');
  passwordHash = await hashPassword(DEMO_PASSWORD);
});
afterAll(async () => ts?.close());

interface Built {
  tag: string;
  marker: string;
  users: { id: string; client: ServerClient }[];
  customers: { id: string; name: string; phone: string; address: string }[];
}

async function build(w: WorldSpec): Promise<Built> {
  const k = `${Date.now() % 100000}w${++worldNo}`;
  const now = new Date().toISOString();
  const db = ts.server.db;
  const depts: { id: string; path: string }[] = [];
  for (const [i, p] of w.parents.entries()) {
    const id = uuidv7();
    const path = `${p === null ? '/' : depts[p]!.path}${id}/`;
    depts.push({ id, path });
    await db.getRepository(DepartmentEntity).insert({
      id, name: `部门${k}-${i}`, parentId: p === null ? null : depts[p]!.id, path, sortOrder: 0, enabled: true, createdAt: now, updatedAt: now,
    });
  }
  const roleIds: string[] = [];
  for (const [i, r] of w.roles.entries()) {
    const id = uuidv7();
    roleIds.push(id);
    const permissions: Permission[] = ['customers.view', 'customers.export', 'contacts.view', ...(r.pool ? (['pool.view'] as Permission[]) : [])];
    await db.getRepository(RoleEntity).insert({
      id, code: `prop_${k}_${i}`, name: `角色${k}-${i}`, description: null, builtIn: false, permissions: normalizePermissions(permissions),
      dataScopes: { customers: r.scope }, fieldRules: { 'customers.phone': r.phone, 'customers.address': r.address }, createdAt: now, updatedAt: now,
    });
  }
  const users: Built['users'] = [];
  for (const [i, u] of w.users.entries()) {
    const id = uuidv7();
    const username = `p${k}u${i}`;
    await db.getRepository(UserEntity).insert(newUser({ id, username, displayName: username, passwordHash, departmentId: depts[u.dept]!.id, passwordChangedAt: now }));
    for (const r of u.roles) await db.getRepository(UserRoleEntity).insert({ userId: id, roleId: roleIds[r]! });
    users.push({ id, client: await ts.as(username) });
  }
  const tag = `属${k}`;
  const marker = `标记${k}`;
  const customers: Built['customers'] = [];
  for (const c of w.customers) {
    const phone = uniqueMobile();
    const address = `福州市鼓楼区${marker}路${customers.length + 1}号`;
    const owner = c.owner === null ? null : users[c.owner]!.id;
    const collaboratorIds = owner === null ? [] : [...new Set(c.collaborators.map((x) => users[x]!.id))].filter((x) => x !== owner);
    const created = await admin.customers.create.mutate({ name: uniqueName(marker), tags: [tag], phone, address, ownerId: owner, collaboratorIds });
    customers.push({ id: created.id, name: created.name, phone, address });
    await admin.contacts.create.mutate({ customerId: created.id, name: `${marker}联系人${customers.length}` });
  }
  return { tag, marker, users, customers };
}

// ---- what each read path shows ---------------------------------------------------------
type Seen = Map<string, { phone: string | null; address: string | null }>;
const seenOf = (rows: { id: string; phone?: string | null; address?: string | null }[], ours: Set<string>): Seen =>
  new Map(rows.filter((r) => ours.has(r.id)).map((r) => [r.id, { phone: r.phone ?? null, address: r.address ?? null }]));

async function exported(client: ServerClient, tag: string, b: Built): Promise<Seen> {
  const res = await client.exports.customers.mutate({ tags: [tag], format: 'csv', lang: 'en' });
  // Values in these worlds hold no commas or quotes, so a plain split reads the CSV faithfully.
  const [head, ...lines] = Buffer.from(res.data, 'base64').toString('utf8').replace(/^\ufeff/, '').split(/\r?\n/).filter(Boolean);
  const cols = head!.split(',');
  const at = (cells: string[], h: string) => cells[cols.indexOf(h)] || null;
  const byName = new Map(b.customers.map((c) => [c.name, c.id]));
  return new Map(
    lines.map((l) => l.split(',')).map((cells) => [byName.get(at(cells, 'Customer name')!) ?? `?${at(cells, 'Customer name')}`, { phone: at(cells, 'Phone'), address: at(cells, 'Address') }]),
  );
}

async function firstSync(client: ServerClient, ours: Set<string>): Promise<Seen> {
  const rows: { id: string; phone: string | null; address: string | null }[] = [];
  for (let cursor: string | null = null; ; ) {
    const page = await client.sync.pull.query({ cursor, limit: 500 });
    for (const c of page.changes as SyncRow[]) if (c.entity === 'customer' && c.op === 'put') rows.push(c.row);
    cursor = page.cursor;
    if (!page.hasMore) break;
  }
  return seenOf(rows, ours);
}

describe(`data scope and field rules, property-based (${TEST_DB})`, () => {
  it('list, search, get, export and first sync show exactly what the scope rules allow, masked alike', async () => {
    await fc.assert(
      fc.asyncProperty(worldArb, async (w) => {
        const b = await build(w);
        const model = modelOf(w);
        const ours = new Set(b.customers.map((c) => c.id));
        for (const [u, user] of b.users.entries()) {
          const expected: Seen = new Map();
          b.customers.forEach((c, i) => {
            if (model.inScope(u, i)) expected.set(c.id, { phone: model.shown(u, 'phone', c.phone), address: model.shown(u, 'address', c.address) });
          });
          const list = await user.client.customers.list.query({ tags: [b.tag], pageSize: 200 });
          expect(seenOf(list.items, ours), `list, user ${u}`).toEqual(expected);
          const search = await user.client.customers.list.query({ search: b.marker, pageSize: 200 });
          expect(seenOf(search.items, ours), `search, user ${u}`).toEqual(expected);
          // A full page of one row (or an empty second page) leaves the total to the count.
          for (const filter of [{ tags: [b.tag] }, { search: b.marker }]) {
            const counted = await user.client.customers.list.query({ ...filter, page: 2, pageSize: 1 });
            expect(counted.total, `total ${JSON.stringify(filter)}, user ${u}`).toBe(expected.size);
          }
          // The contacts list counts through the customers' scope the same way.
          const contacts = await user.client.contacts.list.query({ search: b.marker, page: 1, pageSize: 1 });
          expect(contacts.total, `contacts total, user ${u}`).toBe(expected.size);
          // Newest first, page after page, wherever in the scope (own, department, shared) each
          // customer comes from.
          const newestFirst = [...list.items].sort((x, y) => (x.updatedAt === y.updatedAt ? (x.id < y.id ? 1 : -1) : x.updatedAt < y.updatedAt ? 1 : -1));
          expect(list.items.map((c) => c.id), `order, user ${u}`).toEqual(newestFirst.map((c) => c.id));
          const paged: string[] = [];
          for (let page = 1; page <= list.items.length; page++) {
            paged.push(...(await user.client.customers.list.query({ tags: [b.tag], page, pageSize: 1 })).items.map((c) => c.id));
          }
          expect(paged, `pages, user ${u}`).toEqual(list.items.map((c) => c.id));
          expect(await exported(user.client, b.tag, b), `export, user ${u}`).toEqual(expected);
          expect(await firstSync(user.client, ours), `sync, user ${u}`).toEqual(expected);
          for (const [i, c] of b.customers.entries()) {
            const got = user.client.customers.get.query({ id: c.id });
            if (!model.canGet(u, i)) {
              expect(await errorCodeOf(got), `get ${i}, user ${u}`).toBe('NOT_FOUND');
              continue;
            }
            const dto = await got;
            expect({ phone: dto.phone, address: dto.address }, `get ${i}, user ${u}`).toEqual({
              phone: model.shown(u, 'phone', c.phone),
              address: model.shown(u, 'address', c.address),
            });
          }
        }
      }),
      { numRuns: 6, seed: Number(process.env.CRM_PROP_SEED ?? Date.now() % 2 ** 31) },
    );
  }, 60_000);
});
