import path from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startServer, type RunningServer } from '../../server/app';
import type { ServerConfig } from '../../server/config';
import { AuditEntity } from '../../server/modules/audit/audit.entity';
import { ContactEntity } from '../../server/modules/contacts/contact.entity';
import { CustomerEntity, CustomerTagEntity } from '../../server/modules/customers/customer.entity';
import { allocate, DEMO_CUSTOMER_COUNT, DEMO_SEED, demoOwners, generateDemoCustomers } from '../../server/modules/demo/demo-customers';
import { seedDemoOrg } from '../../server/modules/demo/demo-org';
import { FollowUpEntity } from '../../server/modules/followups/followup.entity';
import { UserEntity } from '../../server/modules/org/user.entity';
import { contactCreateInput } from '../../src/shared/domain/contact.schema';
import { isValidCreditCode } from '../../src/shared/domain/credit-code';
import { customerCreateInput } from '../../src/shared/domain/customer.schema';
import { followUpCreateInput } from '../../src/shared/domain/followup.schema';
import { isValidRegion } from '../../src/shared/domain/regions';
import { MOBILE_RE } from '../../src/shared/domain/text';
import { freshDatabase, TEST_DB } from '../support/databases';
import { clientFor, errorCodeOf } from '../support/test-server';
import { envFor, errorLines, runCli } from './cli-run';

let config: ServerConfig;
let drop: () => Promise<void>;
let server: RunningServer;
let demoRun: Awaited<ReturnType<typeof runCli>>;

beforeAll(async () => {
  ({ config, drop } = await freshDatabase());
  demoRun = await runCli(['demo'], envFor(config));
  server = await startServer(config);
});
afterAll(async () => {
  await server?.close();
  await drop?.();
});

const cli = (...args: string[]) => runCli(args, envFor(config));
const login = (username: string, password: string) => clientFor(server.url).auth.login.mutate({ username, password });

describe(`crm-server demo (${TEST_DB})`, () => {
  it('loads the demo company and prints what it loaded and the logins', () => {
    expect(demoRun.code, demoRun.stderr).toBe(0);
    expect(demoRun.stdout).toMatch(/Customers: 2,000 \(am1 \d+, am2 \d+, am3 \d+, lead1 \d+, lead2 \d+, director \d+, public pool 100\)/);
    for (const u of ['admin', 'director', 'lead1', 'am1', 'am2', 'am3', 'service1']) expect(demoRun.stdout).toMatch(new RegExp(`^  ${u}\\s`, 'm'));
    expect(demoRun.stdout).toContain('demo1234');
  });

  it('lets the demo users sign in', async () => {
    expect((await login('am1', 'demo1234')).user.roles).toEqual([{ code: 'account_manager', name: '客户经理' }]);
  });

  it('refuses a database that already has customers', async () => {
    const again = await cli('demo');
    expect(again.code).toBe(1);
    expect(errorLines(again)).toEqual([expect.stringMatching(/already has 2,000 customers.*--force/)]);
  });

  it('refuses a bad option with its usage', async () => {
    const r = await cli('demo', '--customers', 'many');
    expect(r.code).toBe(2);
    expect(errorLines(r)).toEqual([expect.stringMatching(/--customers must be a whole number.*usage: crm-server demo/)]);
  });
});

describe(`crm-server reset-password (${TEST_DB})`, () => {
  it('sets a one-time password, ends sessions, lifts a lock and records it in the audit log', async () => {
    const { token } = await login('am2', 'demo1234');
    const users = server.db.getRepository(UserEntity);
    await users.update({ username: 'am2' }, { lockedUntil: new Date(Date.now() + 3_600_000).toISOString(), failedLogins: 4 });

    const r = await cli('reset-password', 'am2');
    expect(r.code, r.stderr).toBe(0);
    const password = /New one-time password for am2: (\S+)/.exec(r.stdout)?.[1];
    expect(password).toMatch(/^[A-Za-z0-9]{16}$/);

    expect(await errorCodeOf(clientFor(server.url, token).auth.me.query())).toBe('UNAUTHENTICATED');
    expect(await errorCodeOf(login('am2', 'demo1234'))).toBe('INVALID_CREDENTIALS');
    const fresh = await login('am2', password!);
    expect(fresh.user.mustChangePassword).toBe(true);
    expect(await errorCodeOf(clientFor(server.url, fresh.token).org.users.query())).toBe('PASSWORD_CHANGE_REQUIRED');

    const entry = await server.db.getRepository(AuditEntity).findOneByOrFail({ action: 'auth.password_reset', entityId: (await users.findOneByOrFail({ username: 'am2' })).id });
    expect(entry.detail).toMatchObject({ user: 'am2', via: 'command line' });
    expect(JSON.stringify(entry)).not.toContain(password!);
  });

  it('names an unknown user, and wants exactly one username', async () => {
    const unknown = await cli('reset-password', 'nobody');
    expect(unknown.code).toBe(1);
    expect(errorLines(unknown)).toEqual(['crm-server reset-password: no user named "nobody"']);
    const missing = await cli('reset-password');
    expect(missing.code).toBe(2);
    expect(errorLines(missing)).toEqual(['crm-server reset-password: usage: crm-server reset-password <username>']);
  });
});

describe(`crm-server backup (${TEST_DB})`, () => {
  it.runIf(TEST_DB === 'sqlite')('copies the SQLite database while the server runs', async () => {
    const target = path.join(config.dataDir, 'backup-1.sqlite');
    const r = await cli('backup', target);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/written to .*backup-1\.sqlite \(\d+(\.\d)? (KiB|MiB)\)/);
    const copy = new Database(target, { readonly: true });
    try {
      expect(copy.pragma('integrity_check', { simple: true })).toBe('ok');
      expect(copy.prepare('SELECT COUNT(*) AS n FROM customers').get()).toEqual({ n: 2000 });
    } finally {
      copy.close();
    }
    const again = await cli('backup', target);
    expect(again.code).toBe(1);
    expect(errorLines(again)).toEqual([expect.stringContaining('already exists')]);
  });

  it.runIf(TEST_DB === 'postgres')('gives the pg_dump command for PostgreSQL, without the password', async () => {
    const r = await runCli(['backup', 'crm.dump'], envFor(config, { CRM_DATABASE_URL: 'postgres://crm:S3cret!@db.internal:5433/crm_prod' }));
    expect(r.code).toBe(1);
    expect(errorLines(r)).toEqual([
      expect.stringContaining('pg_dump --format=custom --file=crm.dump --host=db.internal --port=5433 --username=crm crm_prod'),
    ]);
    expect(r.stderr).not.toContain('S3cret');
  });

  it.runIf(TEST_DB === 'mysql')('gives the mysqldump command for MySQL/MariaDB, without the password', async () => {
    const r = await runCli(['backup', 'crm.sql'], envFor(config, { CRM_DATABASE_URL: 'mysql://crm:S3cret!@db.internal:3307/crm_prod' }));
    expect(r.code).toBe(1);
    expect(errorLines(r)).toEqual([expect.stringContaining('mysqldump --single-transaction')]);
    expect(r.stderr).toContain('--host=db.internal --port=3307 --user=crm -p --result-file=crm.sql crm_prod');
    expect(r.stderr).not.toContain('S3cret');
  });

  it('wants a file name', async () => {
    const r = await cli('backup');
    expect(r.code).toBe(2);
    expect(errorLines(r)).toEqual(['crm-server backup: usage: crm-server backup <file>']);
  });
});

describe(`crm-server audit-verify (${TEST_DB})`, () => {
  it('confirms an intact chain and names the first entry that was tampered with', async () => {
    const ok = await cli('audit-verify');
    expect(ok.code, ok.stderr).toBe(0);
    const count = await server.db.getRepository(AuditEntity).count();
    expect(count).toBeGreaterThan(0);
    expect(ok.stdout).toContain(`Audit log intact: ${count} entries`);

    const repo = server.db.getRepository(AuditEntity);
    const victim = await repo.findOneByOrFail({ action: 'auth.password_reset' });
    // What someone covering their tracks would do: edit the stored entry in place.
    await repo.save({ ...victim, detail: { ...victim.detail, user: 'someone-else' } });
    try {
      const broken = await cli('audit-verify');
      expect(broken.code).toBe(1);
      expect(errorLines(broken)).toEqual([`crm-server audit-verify: Audit log broken at entry #${victim.seq} (${victim.at}, auth.password_reset): entry was modified`]);
    } finally {
      await repo.save(victim);
    }
    expect((await cli('audit-verify')).code).toBe(0);
  });
});

describe('crm-server usage', () => {
  it('prints the usage without a command and refuses an unknown one with exit code 2', async () => {
    const [help, unknown] = await Promise.all([cli(), cli('frobnicate')]);
    expect(help.code).toBe(0);
    expect(help.stdout).toMatch(/reset-password <username>[\s\S]*audit-verify/);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr.split('\n')[0]).toBe('crm-server: unknown command "frobnicate"');
    expect(unknown.stderr).toContain('Commands:');
  });

  it('reports an unreachable database in one line', async () => {
    const url = TEST_DB === 'sqlite' ? 'postgres://crm@127.0.0.1:1/crm' : config.databaseUrl.replace(/:\d+\//, ':1/');
    const r = await runCli(['audit-verify'], envFor(config, { CRM_DATABASE_URL: url }));
    expect(r.code).toBe(1);
    expect(errorLines(r)).toEqual([expect.stringMatching(/^crm-server audit-verify: .*ECONNREFUSED/)]);
  });
});

describe(`demo data (${TEST_DB})`, () => {
  it('has the owners, pool and counts the generator promises', async () => {
    const org = await seedDemoOrg(server.db); // existing users: answers their ids
    const owners = demoOwners(org);
    const expected = generateDemoCustomers(DEMO_CUSTOMER_COUNT, owners, DEMO_SEED);
    const customers = await server.db.getRepository(CustomerEntity).find();
    expect(customers).toHaveLength(2000);
    const counts = allocate(2000, owners.map((o) => o.share));
    owners.forEach((o, i) => expect(customers.filter((c) => c.ownerId === o.userId)).toHaveLength(counts[i]!));
    expect(customers.filter((c) => c.ownerId === null)).toHaveLength(100);
    for (const am of ['am1', 'am2', 'am3']) expect(customers.filter((c) => c.ownerId === org.users[am]!.id).length).toBeGreaterThan(300);
    expect(await server.db.getRepository(ContactEntity).count()).toBe(expected.contacts.length);
    expect(await server.db.getRepository(FollowUpEntity).count()).toBe(expected.followUps.length);
    expect(await server.db.getRepository(CustomerTagEntity).count()).toBe(expected.tags.length);
  });

  it('puts each customer in its owner\'s department, or in the pool with a date and a previous owner', async () => {
    const org = await seedDemoOrg(server.db);
    const deptOf = new Map(Object.values(org.users).map((u) => [u.id, u.departmentId]));
    for (const c of await server.db.getRepository(CustomerEntity).find()) {
      if (c.ownerId) {
        expect(c.ownerDeptId).toBe(deptOf.get(c.ownerId));
        expect(c.poolSince).toBeNull();
        // Active accounts: the pool's auto-return (30 days by default) leaves them alone.
        const lastTouch = Math.max(Date.parse(c.lastFollowUpAt ?? c.createdAt), Date.parse(c.ownerSince!));
        expect(Date.now() - lastTouch).toBeLessThan(28 * 86_400_000);
      } else {
        expect(c.ownerDeptId).toBeNull();
        expect(Date.parse(c.poolSince!)).toBeLessThan(Date.now());
        expect(deptOf.has(c.previousOwnerId!)).toBe(true);
      }
    }
  });

  it('passes the same validation as customers entered by hand, with real regions and unique names and codes', async () => {
    const customers = await server.db.getRepository(CustomerEntity).find();
    for (const c of customers) {
      const parsed = customerCreateInput.safeParse({ ...c, collaboratorIds: [] });
      expect(parsed.success, `${c.name}: ${JSON.stringify(parsed.error?.issues)}`).toBe(true);
      expect(isValidRegion(c.province, c.city, c.district), c.name).toBe(true);
      if (c.kind === 'company') expect(isValidCreditCode(c.creditCode!), c.name).toBe(true);
      expect(c.name).toMatch(/[\u4e00-\u9fa5]/);
    }
    expect(new Set(customers.map((c) => c.name)).size).toBe(customers.length);
    const codes = customers.flatMap((c) => (c.creditCode ? [c.creditCode] : []));
    expect(new Set(codes).size).toBe(codes.length);
    expect(customers.filter((c) => c.kind === 'company').length).toBeGreaterThan(1500);
  });

  it('gives every customer 1 to 3 valid contacts and 0 to 5 follow-ups, matching last/next follow-up', async () => {
    const contacts = await server.db.getRepository(ContactEntity).find();
    const followUps = await server.db.getRepository(FollowUpEntity).find({ order: { at: 'ASC' } });
    const byCustomer = <T extends { customerId: string }>(rows: T[]) => {
      const m = new Map<string, T[]>();
      for (const r of rows) m.set(r.customerId, [...(m.get(r.customerId) ?? []), r]);
      return m;
    };
    const contactsOf = byCustomer(contacts);
    const followUpsOf = byCustomer(followUps);
    for (const c of await server.db.getRepository(CustomerEntity).find()) {
      const mine = contactsOf.get(c.id) ?? [];
      expect(mine.length).toBeGreaterThanOrEqual(1);
      expect(mine.length).toBeLessThanOrEqual(3);
      expect(mine.filter((x) => x.isPrimary)).toHaveLength(1);
      const fus = followUpsOf.get(c.id) ?? [];
      expect(fus.length).toBeLessThanOrEqual(5);
      expect(c.lastFollowUpAt).toBe(fus.at(-1)?.at ?? null);
      expect(c.nextFollowUpAt).toBe(fus.at(-1)?.nextAt ?? null);
      for (const f of fus) {
        expect(f.at >= c.createdAt && Date.parse(f.at) <= Date.now()).toBe(true);
        if (f.contactId) expect(mine.map((x) => x.id)).toContain(f.contactId);
      }
    }
    for (const x of contacts) {
      const parsed = contactCreateInput.safeParse({ ...x });
      expect(parsed.success, `${x.name}: ${JSON.stringify(parsed.error?.issues)}`).toBe(true);
      if (x.mobile) expect(x.mobile).toMatch(MOBILE_RE);
    }
    for (const f of followUps) expect(followUpCreateInput.safeParse({ ...f }).success).toBe(true);
  });
});
