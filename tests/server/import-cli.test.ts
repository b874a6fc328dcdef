import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { In } from 'typeorm';
import { startServer, type RunningServer } from '../../server/app';
import type { ServerConfig } from '../../server/config';
import { CustomerEntity } from '../../server/modules/customers/customer.entity';
import { seedDemoOrg } from '../../server/modules/demo/demo-org';
import { freshDatabase, TEST_DB } from '../support/databases';
import { workbookFile } from '../support/excel-fixtures';
import { envFor, runCli } from './cli-run';
import { uniqueName } from './customers-fixtures';

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
