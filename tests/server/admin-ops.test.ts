import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AuditEntity } from '../../server/modules/audit/audit.entity';
import { AUDIT_ANCHOR_KEY } from '../../server/modules/audit/audit.service';
import { SettingEntity } from '../../server/modules/settings/setting.entity';
import { TEST_DB } from '../support/databases';
import { clientFor, errorCodeOf, startTestServer, type ServerClient, type TestServer } from '../support/test-server';
import { NEW_PASSWORD, newUser } from './admin-fixtures';

let ts: TestServer;
let admin: ServerClient;
beforeAll(async () => {
  ts = await startTestServer();
  admin = await ts.as('admin');
});
afterAll(async () => ts?.close());

describe(`administration: sessions, settings, audit log (${TEST_DB})`, () => {
  it('lists a user’s sessions with device and address; admin and the user can end them', async () => {
    const u = await newUser(ts, 'two-devices');
    const laptop = await ts.raw('/trpc/auth.login', { method: 'POST', body: JSON.stringify({ username: 'two-devices', password: NEW_PASSWORD, device: '笔记本' }) });
    const laptopToken = laptop.body.result.data.token as string;
    const sessions = await admin.admin.users.sessions.query({ userId: u.id });
    expect(sessions.map((s) => s.device)).toContain('笔记本');
    expect(sessions.every((s) => s.ip === '127.0.0.1' && s.createdAt && s.lastSeenAt)).toBe(true);

    const own = await u.client.auth.sessions.query();
    expect(own.filter((s) => s.current)).toHaveLength(1);
    const laptopSession = own.find((s) => s.device === '笔记本')!;
    await admin.admin.users.revokeSession.mutate({ id: laptopSession.id });
    expect((await ts.raw('/trpc/auth.me', { token: laptopToken })).body.error.data).toMatchObject({ appCode: 'UNAUTHENTICATED', params: { reason: 'revoked' } });
    expect((await u.client.auth.sessions.query()).map((s) => s.id)).not.toContain(laptopSession.id);
    expect(await ts.server.db.getRepository(AuditEntity).findOneBy({ action: 'session.revoke', entityId: laptopSession.id })).toMatchObject({ username: 'admin' });

    // A user may end their own sessions only.
    const adminSession = (await admin.auth.sessions.query())[0]!;
    expect(await errorCodeOf(u.client.auth.revokeSession.mutate({ id: adminSession.id }))).toBe('NOT_FOUND');
    const current = (await u.client.auth.sessions.query()).find((s) => s.current)!;
    await u.client.auth.revokeSession.mutate({ id: current.id });
    expect(await errorCodeOf(u.client.auth.me.query())).toBe('UNAUTHENTICATED');
  });

  it('reads and changes security settings, validated and audited, leaving the others alone', async () => {
    const before = await admin.admin.settings.get.query();
    expect(before['auth.passwordMinLength']).toBe(8);
    const after = await admin.admin.settings.set.mutate({ patch: { 'auth.passwordMinLength': 12 } });
    expect(after).toEqual({ ...before, 'auth.passwordMinLength': 12 });
    const u = await newUser(ts, 'policy-user');
    expect(await errorCodeOf(u.client.auth.changePassword.mutate({ currentPassword: NEW_PASSWORD, newPassword: 'short pass' }))).toBe('PASSWORD_POLICY');
    expect(await errorCodeOf(admin.admin.settings.set.mutate({ patch: { 'auth.passwordMinLength': 4 } }))).toBe('VALIDATION');
    const entry = await ts.server.db.getRepository(AuditEntity).findOneBy({ action: 'settings.update' });
    expect(entry!.detail).toEqual({ changes: { 'auth.passwordMinLength': { before: 8, after: 12 } } });
    await admin.admin.settings.set.mutate({ patch: { 'auth.passwordMinLength': 8 } });
  });

  it('lists the audit log with filters and paging, and verifies the chain', async () => {
    await errorCodeOf(clientFor(ts.url).auth.login.mutate({ username: 'am1', password: 'not the password' }));
    const am1 = ts.org.users.am1!.id;
    const failed = await admin.admin.audit.list.query({ userId: am1, action: 'auth.login_failed' });
    expect(failed.total).toBeGreaterThanOrEqual(1);
    expect(failed.items.every((e) => e.userId === am1 && e.action === 'auth.login_failed')).toBe(true);
    const page1 = await admin.admin.audit.list.query({ pageSize: 2 });
    const page2 = await admin.admin.audit.list.query({ pageSize: 2, page: 2 });
    expect(page1.items.map((e) => e.seq)).toEqual([page1.total, page1.total - 1]);
    expect(page2.items[0]!.seq).toBe(page1.total - 2);
    const future = await admin.admin.audit.list.query({ from: new Date(Date.now() + 3_600_000).toISOString() });
    expect(future.total).toBe(0);
    const window = await admin.admin.audit.list.query({ from: new Date(Date.now() - 3_600_000).toISOString(), to: new Date().toISOString() });
    expect(window.total).toBe(page1.total);
    expect(await admin.admin.audit.verify.query()).toEqual({ ok: true, count: page1.total });
    expect(JSON.stringify(page1.items)).not.toContain('prevHash');
  });

  it('retention purges old entries yet leaves a chain that verifies, and catches a moved anchor or edited row', async () => {
    expect(await errorCodeOf(admin.admin.settings.set.mutate({ patch: { 'audit.retentionDays': 30 } }))).toBe('VALIDATION');
    await admin.admin.settings.set.mutate({ patch: { 'audit.retentionDays': 180 } });
    expect(await admin.admin.audit.applyRetention.mutate()).toEqual({ removed: 0 });
    const { services, db } = ts.server;
    const total = (await admin.admin.audit.list.query({})).total;
    // Everything so far counts as old: purge up to now.
    const removed = await db.transaction((em) => services.audit.purgeBefore(em, new Date(Date.now() + 1000).toISOString(), { username: 'test' }));
    // All but the newest, which the next entry links to.
    expect(removed).toBe(total - 1);
    await (await ts.as('am2')).auth.me.query();
    await admin.admin.settings.set.mutate({ patch: { 'audit.retentionDays': 365 } });
    const verdict = await admin.admin.audit.verify.query();
    expect(verdict, JSON.stringify(verdict)).toEqual({ ok: true, count: expect.any(Number) });
    const left = await db.getRepository(AuditEntity).find({ order: { seq: 'ASC' } });
    expect(left.slice(0, 2)).toMatchObject([{ seq: total }, { action: 'audit.purge', seq: total + 1, detail: { removed: total - 1, anchorSeq: total - 1 } }]);

    // An edited row after the anchor is detected...
    await db.getRepository(AuditEntity).update({ seq: left[1]!.seq }, { username: 'someone-else' });
    expect(await admin.admin.audit.verify.query()).toEqual({ ok: false, seq: left[1]!.seq, reason: 'entry was modified' });
    await db.getRepository(AuditEntity).update({ seq: left[1]!.seq }, { username: left[1]!.username });
    expect((await admin.admin.audit.verify.query()).ok).toBe(true);
    // ...and so is deleting the oldest entry and moving the anchor past it.
    await db.getRepository(AuditEntity).delete({ seq: left[0]!.seq });
    await db.getRepository(SettingEntity).update({ key: AUDIT_ANCHOR_KEY }, { value: { seq: left[0]!.seq, hash: left[0]!.hash } });
    expect(await admin.admin.audit.verify.query()).toMatchObject({ ok: false, reason: 'retention anchor does not match the last purge' });
  });
});
