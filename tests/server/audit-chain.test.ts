import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AuditEntity } from '../../server/modules/audit/audit.entity';
import { TEST_DB } from '../support/databases';
import { errorCodeOf, startTestServer, type TestServer } from '../support/test-server';

let ts: TestServer;
beforeAll(async () => {
  ts = await startTestServer();
  await ts.server.services.settings.set('auth.maxFailedLoginsPerAddress', 1000);
});
afterAll(async () => ts?.close());

const verify = () => ts.server.services.audit.verify(ts.server.db.manager);

describe(`audit hash chain (${TEST_DB})`, () => {
  it('stays one unbroken chain under concurrent writers', async () => {
    const before = await ts.server.db.getRepository(AuditEntity).count();
    // Failed sign-ins for different (unknown) names: nothing else serialises these writers.
    const logins = Array.from({ length: 20 }, (_, i) => errorCodeOf(ts.anonymous().auth.login.mutate({ username: `intruder${i}`, password: 'guess-guess' })));
    const direct = Array.from({ length: 20 }, (_, i) =>
      ts.server.db.transaction((em) => ts.server.services.audit.write(em, { action: 'test.concurrent', entity: 'test', entityId: String(i) })),
    );
    const results = await Promise.all([...logins, ...direct]);
    expect(results.slice(0, 20).every((r) => r === 'INVALID_CREDENTIALS')).toBe(true);
    const entries = await ts.server.db.getRepository(AuditEntity).find({ order: { seq: 'ASC' } });
    expect(entries).toHaveLength(before + 40);
    expect(entries.map((e) => e.seq)).toEqual(entries.map((_, i) => i + 1));
    expect(await verify()).toEqual({ ok: true, count: before + 40 });
  });

  it('leaves no entry and no gap behind a rolled-back transaction', async () => {
    const before = await ts.server.db.getRepository(AuditEntity).count();
    await expect(
      ts.server.db.transaction(async (em) => {
        await ts.server.services.audit.write(em, { action: 'test.rolled_back' });
        throw new Error('the action failed');
      }),
    ).rejects.toThrow('the action failed');
    await ts.server.db.transaction((em) => ts.server.services.audit.write(em, { action: 'test.after_rollback' }));
    expect(await ts.server.db.getRepository(AuditEntity).countBy({ action: 'test.rolled_back' })).toBe(0);
    expect(await verify()).toEqual({ ok: true, count: before + 1 });
  });

  it('detects an edited entry and a deleted one, naming the first broken entry', async () => {
    const repo = ts.server.db.getRepository(AuditEntity);
    const target = (await repo.find({ order: { seq: 'ASC' }, skip: 3, take: 1 }))[0]!;
    await repo.update({ id: target.id }, { username: 'someone-else' });
    expect(await verify()).toMatchObject({ ok: false, seq: target.seq, reason: 'entry was modified' });
    await repo.update({ id: target.id }, { username: target.username });
    expect(await verify()).toMatchObject({ ok: true });

    const victim = (await repo.find({ order: { seq: 'ASC' }, skip: 5, take: 1 }))[0]!;
    await repo.delete({ id: victim.id });
    expect(await verify()).toMatchObject({ ok: false, seq: victim.seq + 1 });
    await repo.insert(victim);
    expect(await verify()).toMatchObject({ ok: true });
  });
});
