import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ALL_PERMISSIONS } from '../../src/shared/permissions/catalog';
import { appRouter } from '../../server/router';
import { TEST_DB } from '../support/databases';
import { startTestServer, type TestServer } from '../support/test-server';
import { newUser } from './admin-fixtures';

// Walks the whole router: every procedure must declare what it needs, and the server must
// actually refuse a caller who lacks it (not merely say so in its meta).
type Proc = { _def: { meta?: { needs?: string }; type: 'query' | 'mutation' | 'subscription' } };
const procs = Object.entries((appRouter as unknown as { _def: { procedures: Record<string, Proc> } })._def.procedures);

// The only procedures anyone may call without signing in.
const PUBLIC = ['auth.login', 'auth.loginTwoFactor', 'health'];

let ts: TestServer;
beforeAll(async () => {
  ts = await startTestServer();
});
afterAll(async () => ts?.close());

describe(`router walk (${TEST_DB})`, () => {
  it('finds a declared need on every procedure, public only where intended', () => {
    expect(procs.length).toBeGreaterThan(40);
    const missing = procs.filter(([, p]) => !p._def.meta?.needs).map(([k]) => k);
    expect(missing).toEqual([]);
    const valid = new Set<string>(['public', 'authenticated', ...ALL_PERMISSIONS]);
    expect(procs.filter(([, p]) => !valid.has(p._def.meta!.needs!)).map(([k]) => k)).toEqual([]);
    expect(procs.filter(([, p]) => p._def.meta!.needs === 'public').map(([k]) => k).sort()).toEqual(PUBLIC);
    // Administration is never open to a merely signed-in user.
    const admin = procs.filter(([k]) => k.startsWith('admin.'));
    expect(admin.length).toBeGreaterThan(15);
    for (const [k, p] of admin) expect(p._def.meta!.needs, k).toMatch(/^admin\./);
  });

  it('refuses every non-public procedure to an anonymous caller and every permission to a user without roles', async () => {
    const nobody = await newUser(ts, 'walk-norole');
    const call = (path: string, type: string, token?: string) =>
      type === 'query' ? ts.raw(`/trpc/${path}?input=${encodeURIComponent('{}')}`, { token }) : ts.raw(`/trpc/${path}`, { method: 'POST', token, body: '{}' });
    const wrong: string[] = [];
    for (const [path, p] of procs) {
      const needs = p._def.meta!.needs!;
      if (needs === 'public' || p._def.type === 'subscription') continue;
      const anon = await call(path, p._def.type);
      if (anon.body?.error?.data?.appCode !== 'UNAUTHENTICATED') wrong.push(`${path} anonymous: ${anon.body?.error?.data?.appCode ?? anon.status}`);
      if (needs === 'authenticated') continue;
      const r = await call(path, p._def.type, nobody.token);
      if (r.body?.error?.data?.appCode !== 'FORBIDDEN') wrong.push(`${path} without ${needs}: ${r.body?.error?.data?.appCode ?? r.status}`);
    }
    expect(wrong).toEqual([]);
  });
});
