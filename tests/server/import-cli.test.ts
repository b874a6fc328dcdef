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

  it('refuses an unknown user and a bad policy', async () => {
    const file = path.join(dir, 'x.csv');
    fs.writeFileSync(file, '客户名称\n甲\n');
    expect((await runCli(['import', file, '--owner', 'nobody'], envFor(config))).code).toBe(1);
    expect((await runCli(['import', file, '--owner', 'am1', '--on-duplicate', 'merge'], envFor(config))).code).toBe(2);
  });
});
