import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { In, Like } from 'typeorm';
import { startServer, type RunningServer } from '../../server/app';
import type { ServerConfig } from '../../server/config';
import { ContactEntity } from '../../server/modules/contacts/contact.entity';
import { CustomerEntity } from '../../server/modules/customers/customer.entity';
import { seedDemoOrg } from '../../server/modules/demo/demo-org';
import { ImportJobEntity } from '../../server/modules/imports/import-job.entity';
import { importBatchRows } from '../../server/modules/imports/import.service';
import { freshDatabase, TEST_DB } from '../support/databases';
import { workbookFile } from '../support/excel-fixtures';
import { envFor, runCli, spawnCli } from './cli-run';
import { uniqueName } from './customers-fixtures';

// Rows per transaction on the engine under test.
const BATCH = importBatchRows(TEST_DB);

let config: ServerConfig;
let drop: () => Promise<void>;
let server: RunningServer;
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'crm-import-'));

beforeAll(async () => {
  ({ config, drop } = await freshDatabase());
  server = await startServer(config);
  await seedDemoOrg(server.db);
});
afterAll(async () => {
  await server?.close();
  await drop?.();
  fs.rmSync(dir, { recursive: true, force: true });
});

const lastJson = (out: string) => JSON.parse(out.trim().split('\n').at(-1)!);

describe(`crm-server import (${TEST_DB})`, () => {
  it('dry-runs, imports as the named user, and imports nothing new the second time', async () => {
    const names = [uniqueName('命令行'), uniqueName('命令行')];
    const file = path.join(dir, '客户.xlsx');
    fs.writeFileSync(file, workbookFile([['客户名称', '电话'], [names[0]!, null], [names[1]!, '13800138000'], ['', '123']]));
    const args = [file, '--entity', 'customers', '--owner', 'am1', '--on-duplicate', 'skip', '--json'];
    const dry = await runCli(['import', ...args, '--dry-run'], envFor(config));
    expect(dry.code).toBe(0);
    expect(lastJson(dry.stdout)).toMatchObject({ dryRun: true, total: 3, created: 2, updated: 0, skipped: 0, invalid: 1 });
    expect(await server.db.getRepository(CustomerEntity).countBy({ name: In(names) })).toBe(0);
    const first = await runCli(['import', ...args], envFor(config));
    expect(lastJson(first.stdout)).toMatchObject({ created: 2, skipped: 0, invalid: 1 });
    const rows = await server.db.getRepository(CustomerEntity).findBy({ name: In(names) });
    expect(rows.map((r) => r.ownerId)).toEqual([expect.any(String), expect.any(String)]);
    expect(new Set(rows.map((r) => r.ownerId))).toEqual(new Set([(await server.db.query(`SELECT id FROM users WHERE username = 'am1'`))[0].id]));
    const second = await runCli(['import', ...args], envFor(config));
    expect(lastJson(second.stdout)).toMatchObject({ created: 0, updated: 0, skipped: 2, invalid: 1 });
  });

  it('gives owners from a column or round a department, and imports contacts', async () => {
    const idOf = async (username: string) => (await server.db.query(`SELECT id FROM users WHERE username = '${username}'`))[0].id as string;
    const byColumn = [uniqueName('命令行列'), uniqueName('命令行列'), uniqueName('命令行列')];
    const f1 = path.join(dir, '负责人.xlsx');
    fs.writeFileSync(f1, workbookFile([['客户名称', '销售代表'], [byColumn[0]!, 'am3'], [byColumn[1]!, '张伟'], [byColumn[2]!, 'am2']]));
    const col = await runCli(['import', f1, '--owner', 'lead1', '--owner-column', '销售代表', '--json'], envFor(config));
    expect(lastJson(col.stdout)).toMatchObject({ created: 2, invalid: 1 });
    const repo = server.db.getRepository(CustomerEntity);
    const owners = async (names: string[]) => {
      const rows = await repo.findBy({ name: In(names) });
      return names.map((n) => rows.find((r) => r.name === n)?.ownerId ?? null);
    };
    expect(await owners(byColumn)).toEqual([await idOf('am3'), await idOf('am1'), null]);

    const turns = [uniqueName('命令行轮'), uniqueName('命令行轮'), uniqueName('命令行轮'), uniqueName('命令行轮')];
    const f2 = path.join(dir, '轮流.xlsx');
    fs.writeFileSync(f2, workbookFile([['客户名称'], ...turns.map((n) => [n])]));
    const rr = await runCli(['import', f2, '--owner', 'lead1', '--round-robin', '华东销售一组', '--json'], envFor(config));
    expect(lastJson(rr.stdout)).toMatchObject({ created: 4 });
    expect(await owners(turns)).toEqual([await idOf('am1'), await idOf('am3'), await idOf('lead1'), await idOf('am1')]);
    expect((await runCli(['import', f2, '--owner', 'am1', '--round-robin', '华东销售一组'], envFor(config))).code).toBe(1);
    expect((await runCli(['import', f2, '--owner', 'lead1', '--round-robin', 'x', '--pool'], envFor(config))).code).toBe(2);

    const f3 = path.join(dir, '联系人.csv');
    fs.writeFileSync(f3, `客户名称,姓名,手机\n${turns[0]},甲,13700000001\n${turns[0]},乙,13700000001\n查无此客户,丙,\n`);
    const contacts = await runCli(['import', f3, '--owner', 'am1', '--entity', 'contacts', '--json'], envFor(config));
    expect(lastJson(contacts.stdout)).toMatchObject({ total: 3, created: 1, skipped: 1, invalid: 1 });
    expect((await runCli(['import', f3, '--owner', 'am1', '--entity', 'contacts', '--pool'], envFor(config))).code).toBe(2);
  });

  it('refuses an unknown user and a bad policy', async () => {
    const file = path.join(dir, 'x.csv');
    fs.writeFileSync(file, '客户名称\n甲\n');
    expect((await runCli(['import', file, '--owner', 'nobody'], envFor(config))).code).toBe(1);
    expect((await runCli(['import', file, '--owner', 'am1', '--on-duplicate', 'merge'], envFor(config))).code).toBe(2);
  });
});

// The import process is killed (SIGKILL: no handler runs) while it writes. Every batch is
// all or nothing, the restarted server says exactly which rows went in, and importing the
// same file again with "skip" adds the rest and nothing twice.
describe(`an import killed mid-way (${TEST_DB})`, () => {
  it('leaves whole batches only, and the same file again completes it', async () => {
    const marker = `断电${Date.now().toString(36)}`;
    const rows = 40 * BATCH;
    const file = path.join(dir, `${marker}.xlsx`);
    fs.writeFileSync(
      file,
      workbookFile([
        ['客户名称', '联系人', '手机'],
        ...Array.from({ length: rows }, (_, i) => [`${marker}客户${i}有限公司`, `联系人${i}`, `139${String(i).padStart(8, '0')}`]),
      ]),
    );
    const args = ['import', file, '--entity', 'customers', '--owner', 'am1', '--on-duplicate', 'skip', '--json'];
    const child = spawnCli(args, envFor(config));
    const exited = new Promise<NodeJS.Signals | null>((r) => child.once('exit', (_code, signal) => r(signal)));
    const jobs = server.db.getRepository(ImportJobEntity);
    // Killed as soon as the first batch has committed.
    let jobId: string | null = null;
    for (const started = Date.now(); Date.now() - started < 60_000; await new Promise((r) => setTimeout(r, 10))) {
      jobId ??= (await jobs.findOneBy({ fileName: `${marker}.xlsx` }))?.id ?? null;
      if (jobId && (await server.services.imports.jobs.appliedCount(jobId)) > 0) break;
    }
    expect(jobId).not.toBeNull();
    child.kill('SIGKILL');
    expect(await exited).toBe('SIGKILL');

    await server.close();
    server = await startServer(config);
    const job = await server.db.getRepository(ImportJobEntity).findOneByOrFail({ id: jobId! });
    const customers = await server.db.getRepository(CustomerEntity).findBy({ name: Like(`${marker}%`) });
    const applied = await server.services.imports.jobs.appliedCount(jobId!);
    expect(new Set(await server.services.imports.jobs.createdIds(jobId!))).toEqual(new Set(customers.map((c) => c.id)));
    expect(job.status).toBe('failed');
    expect(job.errors[0]).toMatchObject({ reason: 'import.interrupted' });
    expect(customers.length).toBeGreaterThan(0);
    expect(customers.length).toBeLessThan(rows);
    // Whole batches: every customer written is listed, each with its contact.
    expect(customers.length % BATCH).toBe(0);
    expect(applied).toBe(customers.length);
    expect(job.created).toBe(customers.length);
    const contacts = await server.db.getRepository(ContactEntity).findBy({ customerId: In(customers.map((c) => c.id).slice(0, 500)) });
    expect(new Set(contacts.map((k) => k.customerId)).size).toBe(Math.min(500, customers.length));

    const again = await runCli(args, envFor(config), 240_000);
    expect(again.code).toBe(0);
    expect(lastJson(again.stdout)).toMatchObject({ created: rows - customers.length, skipped: customers.length, invalid: 0 });
    const all = await server.db.getRepository(CustomerEntity).findBy({ name: Like(`${marker}%`) });
    expect(all).toHaveLength(rows);
    expect(new Set(all.map((c) => c.name)).size).toBe(rows);
  });
});
