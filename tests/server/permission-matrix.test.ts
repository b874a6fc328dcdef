import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { v7 as uuidv7 } from 'uuid';
import { ALL_PERMISSIONS, type DataScope, type Permission } from '../../src/shared/permissions/catalog';
import { BUILT_IN_ROLES, normalizePermissions } from '../../src/shared/permissions/roles';
import { ChangeLogEntity } from '../../server/modules/changes/change-log.entity';
import { ContactEntity } from '../../server/modules/contacts/contact.entity';
import { CustomerEntity, CustomerTagEntity } from '../../server/modules/customers/customer.entity';
import { nameKeyOf } from '../../server/modules/customers/customer-text';
import { DEMO_DEPARTMENTS, DEMO_PASSWORD, DEMO_USERS } from '../../server/modules/demo/demo-org';
import { FollowUpEntity } from '../../server/modules/followups/followup.entity';
import { appRouter } from '../../server/router';
import { TEST_DB } from '../support/databases';
import { errorCodeOf, startTestServer, type ServerClient, type TestServer } from '../support/test-server';
import { uniqueName } from './customers-fixtures';

// ---------------------------------------------------------------------------------------
// The reference model: what each demo user may do, from the role definitions and the
// demo organisation only. It knows nothing of the implementation.
// ---------------------------------------------------------------------------------------
type Username = (typeof DEMO_USERS)[number]['username'];
const userDef = (u: string) => DEMO_USERS.find((d) => d.username === u)!;
const permsOf = (u: string) => new Set<Permission>(normalizePermissions(BUILT_IN_ROLES[userDef(u).role].permissions));
const scopeOf = (u: string): DataScope => BUILT_IN_ROLES[userDef(u).role].dataScopes.customers ?? 'own';
const deptOf = (u: string) => userDef(u).dept as string;
function isUnder(dept: string, ancestor: string): boolean {
  for (let d: string | null = dept; d; d = DEMO_DEPARTMENTS.find((x) => x.key === d)?.parent ?? null) if (d === ancestor) return true;
  return false;
}
// Data scope: own (owner or collaborator; fixtures have none), department, department and below, all.
function inScope(u: string, owner: string | null): boolean {
  const s = scopeOf(u);
  if (s === 'all') return true;
  if (owner === null) return false;
  if (owner === u) return true;
  if (s === 'department') return deptOf(owner) === deptOf(u);
  if (s === 'department_tree') return isUnder(deptOf(owner), deptOf(u));
  return false;
}
// Pool customers may be read by whoever may look at the pool.
const canSee = (u: string, owner: string | null) => inScope(u, owner) || (owner === null && (permsOf(u).has('pool.view') || scopeOf(u) === 'all'));

// What each procedure needs (the API contract) and how a record takes part in it.
type Kind = 'list' | 'read' | 'write' | 'create' | 'binList' | 'bin' | 'dups' | 'poolList' | 'take' | 'release';
const SPEC: Record<string, { needs: Permission; kind: Kind }> = {
  'customers.list': { needs: 'customers.view', kind: 'list' },
  'customers.get': { needs: 'customers.view', kind: 'read' },
  'customers.create': { needs: 'customers.create', kind: 'create' },
  'customers.update': { needs: 'customers.edit', kind: 'write' },
  'customers.delete': { needs: 'customers.delete', kind: 'write' },
  'customers.recycleBin': { needs: 'customers.restore', kind: 'binList' },
  'customers.restore': { needs: 'customers.restore', kind: 'bin' },
  'customers.purge': { needs: 'customers.purge', kind: 'bin' },
  'customers.transfer': { needs: 'customers.transfer', kind: 'write' },
  'customers.ownerHistory': { needs: 'customers.view', kind: 'read' },
  'customers.tags': { needs: 'customers.view', kind: 'list' },
  'customers.checkDuplicates': { needs: 'customers.view', kind: 'dups' },
  'customers.reveal': { needs: 'customers.reveal', kind: 'read' },
  'contacts.reveal': { needs: 'contacts.reveal', kind: 'read' },
  'contacts.list': { needs: 'contacts.view', kind: 'read' },
  'contacts.get': { needs: 'contacts.view', kind: 'read' },
  'contacts.create': { needs: 'contacts.create', kind: 'write' },
  'contacts.update': { needs: 'contacts.edit', kind: 'write' },
  'contacts.delete': { needs: 'contacts.delete', kind: 'write' },
  'followUps.list': { needs: 'followups.view', kind: 'read' },
  'followUps.get': { needs: 'followups.view', kind: 'read' },
  'followUps.create': { needs: 'followups.create', kind: 'write' },
  'followUps.update': { needs: 'followups.edit', kind: 'write' },
  'followUps.delete': { needs: 'followups.delete', kind: 'write' },
  'pool.list': { needs: 'pool.view', kind: 'poolList' },
  'pool.claim': { needs: 'pool.claim', kind: 'take' },
  'pool.assign': { needs: 'pool.assign', kind: 'take' },
  'pool.release': { needs: 'pool.release', kind: 'release' },
};
// Procedures that change the record they are given: an allowed call gets a fresh copy.
const CHANGES_RECORD = new Set([
  'customers.update', 'customers.delete', 'customers.restore', 'customers.purge', 'customers.transfer', 'contacts.update',
  'contacts.delete', 'followUps.update', 'followUps.delete', 'pool.claim', 'pool.assign', 'pool.release',
]);

type Outcome = 'ok' | 'present' | 'absent' | 'clear' | 'masked' | 'FORBIDDEN' | 'NOT_FOUND' | 'NOT_IN_POOL' | 'NOT_OWNER';
function expected(u: string, proc: string, owner: string | null): Outcome {
  const { needs, kind } = SPEC[proc]!;
  if (!permsOf(u).has(needs)) return 'FORBIDDEN';
  switch (kind) {
    case 'list':
    case 'binList':
      return inScope(u, owner) ? 'present' : 'absent';
    case 'read':
      return canSee(u, owner) ? 'ok' : 'NOT_FOUND';
    case 'write':
      return inScope(u, owner) ? 'ok' : canSee(u, owner) ? 'FORBIDDEN' : 'NOT_FOUND';
    case 'bin':
      return inScope(u, owner) ? 'ok' : 'NOT_FOUND';
    case 'create':
      return 'ok';
    case 'dups':
      return canSee(u, owner) ? 'clear' : 'masked';
    case 'poolList':
      return owner === null ? 'present' : 'absent';
    case 'take':
      return owner === null ? 'ok' : 'NOT_IN_POOL';
    case 'release':
      // Like any write; releasing what is already in the pool is a no-op.
      if (!inScope(u, owner)) return canSee(u, owner) ? 'FORBIDDEN' : 'NOT_FOUND';
      return owner === null || owner === u || permsOf(u).has('customers.transfer') ? 'ok' : 'NOT_OWNER';
  }
}

// ---------------------------------------------------------------------------------------
// Fixtures, written straight to the database (setup is not what is under test).
// ---------------------------------------------------------------------------------------
interface Rec {
  id: string;
  name: string;
  tag: string;
  owner: string | null;
  contactId: string;
  followUpId: string;
}

let ts: TestServer;
const clients: Record<string, ServerClient> = {};
beforeAll(async () => {
  ts = await startTestServer();
  for (const u of DEMO_USERS) clients[u.username] = await ts.as(u.username);
});
afterAll(async () => ts?.close());

let seq = 0;
async function seed(owner: string | null, deleted = false): Promise<Rec> {
  const now = new Date().toISOString();
  const name = uniqueName('矩阵');
  const tag = `m${++seq}-${Date.now() % 100000}`;
  const rec: Rec = { id: uuidv7(), name, tag, owner, contactId: uuidv7(), followUpId: uuidv7() };
  const ownerRow = owner ? ts.org.users[owner]! : null;
  await ts.server.db.transaction(async (em) => {
    await em.getRepository(CustomerEntity).insert({
      id: rec.id, kind: 'company', name, nameKey: nameKeyOf(name), creditCode: null, level: null, status: 'potential', industry: null,
      source: null, province: null, city: null, district: null, address: null, phone: null, phoneDigits: null, website: null, tags: [tag],
      parentId: null, ownerId: ownerRow?.id ?? null, ownerDeptId: ownerRow?.departmentId ?? null, previousOwnerId: null,
      ownerSince: owner ? now : null, poolSince: owner ? null : now, remarks: null, createdById: null, createdAt: now, updatedAt: now,
      lastFollowUpAt: null, nextFollowUpAt: null, deletedAt: deleted ? now : null, deletedById: null, version: 1,
    });
    await em.getRepository(CustomerTagEntity).insert({ customerId: rec.id, tag });
    await em.getRepository(ContactEntity).insert({
      id: rec.contactId, customerId: rec.id, name: '矩阵联系人', title: null, department: null, mobile: null, phone: null, email: null,
      wechat: null, birthday: null, isPrimary: false, decisionRole: null, remarks: null, createdById: null, createdAt: now, updatedAt: now,
      deletedAt: null, version: 1,
    });
    await em.getRepository(FollowUpEntity).insert({
      id: rec.followUpId, customerId: rec.id, contactId: null, type: 'call', at: now, content: '矩阵跟进', nextAt: null, createdById: null,
      createdAt: now, updatedAt: now, deletedAt: null, version: 1,
    });
  });
  return rec;
}

// Runs one procedure as `u` on `rec` and reduces the answer to an Outcome.
async function attempt(u: string, proc: string, rec: Rec): Promise<Outcome> {
  const c = clients[u]!;
  const me = ts.org.users[u]!.id;
  const run = async (): Promise<Outcome> => {
    switch (proc) {
      case 'customers.list':
        return (await c.customers.list.query({ search: rec.name })).items.some((i) => i.id === rec.id) ? 'present' : 'absent';
      case 'customers.get':
        return (await c.customers.get.query({ id: rec.id })).id === rec.id ? 'ok' : 'absent';
      case 'customers.create':
        return (await c.customers.create.mutate({ name: uniqueName('矩阵新建') })).id ? 'ok' : 'absent';
      case 'customers.update':
        return (await c.customers.update.mutate({ id: rec.id, patch: { remarks: `by ${u}` } })).remarks === `by ${u}` ? 'ok' : 'absent';
      case 'customers.delete':
        return (await c.customers.delete.mutate({ ids: [rec.id] })).count === 1 ? 'ok' : 'absent';
      case 'customers.recycleBin':
        return (await c.customers.recycleBin.query({ search: rec.name })).items.some((i) => i.id === rec.id) ? 'present' : 'absent';
      case 'customers.restore':
        return (await c.customers.restore.mutate({ ids: [rec.id] })).count === 1 ? 'ok' : 'absent';
      case 'customers.purge':
        return (await c.customers.purge.mutate({ ids: [rec.id] })).count === 1 ? 'ok' : 'absent';
      case 'customers.transfer':
        await c.customers.transfer.mutate({ ids: [rec.id], toUserId: me });
        return 'ok';
      case 'customers.ownerHistory':
        return Array.isArray(await c.customers.ownerHistory.query({ id: rec.id })) ? 'ok' : 'absent';
      case 'customers.tags':
        return (await c.customers.tags.query()).includes(rec.tag) ? 'present' : 'absent';
      case 'customers.checkDuplicates': {
        const [m] = await c.customers.checkDuplicates.query({ name: rec.name });
        if (m?.id === rec.id && m.name === rec.name) return 'clear';
        return m && m.id === null && m.name !== rec.name && m.owner === '***' ? 'masked' : 'absent';
      }
      case 'customers.reveal':
        return 'value' in (await c.customers.reveal.mutate({ id: rec.id, field: 'phone' })) ? 'ok' : 'absent';
      case 'contacts.reveal':
        return 'value' in (await c.contacts.reveal.mutate({ id: rec.contactId, field: 'mobile' })) ? 'ok' : 'absent';
      case 'contacts.list':
        return (await c.contacts.list.query({ customerId: rec.id })).items.some((i) => i.id === rec.contactId) ? 'ok' : 'absent';
      case 'contacts.get':
        return (await c.contacts.get.query({ id: rec.contactId })).id === rec.contactId ? 'ok' : 'absent';
      case 'contacts.create':
        return (await c.contacts.create.mutate({ customerId: rec.id, name: '新联系人' })).customerId === rec.id ? 'ok' : 'absent';
      case 'contacts.update':
        return (await c.contacts.update.mutate({ id: rec.contactId, patch: { title: u } })).title === u ? 'ok' : 'absent';
      case 'contacts.delete':
        return (await c.contacts.delete.mutate({ id: rec.contactId })).count === 1 ? 'ok' : 'absent';
      case 'followUps.list':
        return (await c.followUps.list.query({ customerId: rec.id })).items.some((i) => i.id === rec.followUpId) ? 'ok' : 'absent';
      case 'followUps.get':
        return (await c.followUps.get.query({ id: rec.followUpId })).id === rec.followUpId ? 'ok' : 'absent';
      case 'followUps.create':
        return (await c.followUps.create.mutate({ customerId: rec.id, type: 'call', at: new Date().toISOString(), content: u })).id ? 'ok' : 'absent';
      case 'followUps.update':
        return (await c.followUps.update.mutate({ id: rec.followUpId, patch: { content: u } })).content === u ? 'ok' : 'absent';
      case 'followUps.delete':
        return (await c.followUps.delete.mutate({ id: rec.followUpId })).count === 1 ? 'ok' : 'absent';
      case 'pool.list':
        return (await c.pool.list.query({ search: rec.name })).items.some((i) => i.id === rec.id) ? 'present' : 'absent';
      case 'pool.claim':
        return (await c.pool.claim.mutate({ ids: [rec.id] })).count === 1 ? 'ok' : 'absent';
      case 'pool.assign':
        return (await c.pool.assign.mutate({ ids: [rec.id], toUserId: me })).count === 1 ? 'ok' : 'absent';
      case 'pool.release':
        return (await c.pool.release.mutate({ ids: [rec.id] })).count === (rec.owner ? 1 : 0) ? 'ok' : 'absent';
    }
    throw new Error(`no attempt for ${proc}`);
  };
  try {
    return await run();
  } catch (e) {
    return (await errorCodeOf(Promise.reject(e))) as Outcome;
  }
}

describe(`permission matrix (${TEST_DB})`, () => {
  it('declares on every procedure exactly the permission the contract names', () => {
    const procs = (appRouter as any)._def.procedures as Record<string, { _def: { meta?: { needs: string } } }>;
    const ours = Object.keys(procs).filter((p) => /^(customers|contacts|followUps|pool)\./.test(p));
    expect(ours.sort()).toEqual(Object.keys(SPEC).sort());
    for (const p of ours) expect(procs[p]!._def.meta?.needs, p).toBe(SPEC[p]!.needs);
    expect(Object.values(SPEC).every((s) => ALL_PERMISSIONS.includes(s.needs))).toBe(true);
  });

  it('answers every demo user × procedure × record as the role definitions imply', async () => {
    const owners: Username[] = ['am1', 'am2', 'am3'];
    const live = Object.fromEntries(await Promise.all(owners.map(async (o) => [o, await seed(o)] as const))) as Record<string, Rec>;
    const binned = Object.fromEntries(await Promise.all(owners.map(async (o) => [o, await seed(o, true)] as const))) as Record<string, Rec>;
    const pool = await seed(null);
    const shared = [...Object.values(live), ...Object.values(binned), pool];
    const binIds = new Set(Object.values(binned).map((r) => r.id));
    const mismatches: string[] = [];
    let checked = 0;

    // Users run side by side (as they would), each one's calls in order.
    await Promise.all(DEMO_USERS.map(async ({ username: u }) => {
      // The record inside the user's scope (their own if they have one) and one outside it.
      const inside = (owners.includes(u as Username) ? [u, ...owners] : owners).find((o) => inScope(u, o))!;
      const outside = owners.find((o) => !inScope(u, o));
      for (const proc of Object.keys(SPEC)) {
        const { kind } = SPEC[proc]!;
        const bin = kind === 'bin' || kind === 'binList';
        const variants: (string | null)[] = kind === 'create' ? [inside] : bin ? [inside, outside ?? null] : [inside, outside ?? null, null];
        for (const owner of new Set(variants)) {
          if (bin && owner === null) continue;
          const want = expected(u, proc, owner);
          const base = owner === null ? pool : bin ? binned[owner]! : live[owner]!;
          const rec = want === 'ok' && CHANGES_RECORD.has(proc) ? await seed(owner, bin) : base;
          const got = await attempt(u, proc, rec);
          checked++;
          if (got !== want) mismatches.push(`${u} ${proc} on ${owner ?? 'pool'}'s: expected ${want}, got ${got}`);
        }
      }
    }));
    expect(mismatches).toEqual([]);
    expect(checked).toBeGreaterThan(500);

    // Nothing that was refused left a trace on the shared records.
    for (const r of shared) {
      const row = await ts.server.db.getRepository(CustomerEntity).findOneByOrFail({ id: r.id });
      expect({ version: row.version, ownerId: row.ownerId }, r.name).toEqual({ version: 1, ownerId: r.owner ? ts.org.users[r.owner]!.id : null });
      expect(row.deletedAt !== null, r.name).toBe(binIds.has(r.id));
      const contact = await ts.server.db.getRepository(ContactEntity).findOneByOrFail({ id: r.contactId });
      const followUp = await ts.server.db.getRepository(FollowUpEntity).findOneByOrFail({ id: r.followUpId });
      expect([contact.version, contact.deletedAt, followUp.version, followUp.deletedAt], r.name).toEqual([1, null, 1, null]);
    }
  });
});

describe(`raw HTTP attempts on someone else's customer (${TEST_DB})`, () => {
  it('refuses am2 every way in and changes nothing', async () => {
    const am1 = clients.am1!;
    const c = await am1.customers.create.mutate({ name: uniqueName('原始'), remarks: '原样' });
    const login = await ts.raw('/trpc/auth.login', { method: 'POST', body: JSON.stringify({ username: 'am2', password: DEMO_PASSWORD }) });
    const token = login.body.result.data.token as string;
    const get = (path: string, input: unknown) => ts.raw(`/trpc/${path}?input=${encodeURIComponent(JSON.stringify(input))}`, { token });
    const post = (path: string, input: unknown) => ts.raw(`/trpc/${path}`, { method: 'POST', token, body: JSON.stringify(input) });

    const answers = [
      await get('customers.get', { id: c.id }),
      await post('customers.update', { id: c.id, version: 1, patch: { name: '被改了', remarks: 'hacked' } }),
      await post('customers.delete', { ids: [c.id] }),
      await get('contacts.list', { customerId: c.id }),
      await post('contacts.create', { customerId: c.id, name: '入侵者' }),
      await post('followUps.create', { customerId: c.id, type: 'call', at: new Date().toISOString(), content: 'x' }),
      await post('customers.transfer', { ids: [c.id], toUserId: ts.org.users.am2!.id }),
      await post('pool.release', { ids: [c.id] }),
    ];
    const missing = await get('customers.get', { id: uuidv7() });
    for (const a of answers.slice(0, 6)) {
      expect(a.status).toBe(404);
      expect(a.body.error.data.appCode).toBe('NOT_FOUND');
      // Indistinguishable from an id that does not exist.
      expect(a.body.error.message).toBe(missing.body.error.message);
    }
    expect(answers[6]!.body.error.data.appCode).toBe('FORBIDDEN'); // account managers may not transfer at all
    expect(answers[7]!.body.error.data.appCode).toBe('NOT_FOUND');

    const after = await am1.customers.get.query({ id: c.id });
    expect(after).toMatchObject({ name: c.name, remarks: '原样', version: 1, deletedAt: null, owner: { name: '张伟' }, lastFollowUpAt: null });
    expect((await am1.contacts.list.query({ customerId: c.id })).total).toBe(0);
    expect((await am1.followUps.list.query({ customerId: c.id })).total).toBe(0);
    const log = await ts.server.db.getRepository(ChangeLogEntity).findBy({ customerId: c.id });
    expect(log.map((l) => l.userId)).toEqual([ts.org.users.am1!.id]);
  });
});
