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
import { ImportJobEntity, ImportJobItemEntity } from '../../server/modules/imports/import-job.entity';
import { IMPORT_BATCH_ROWS } from '../../server/modules/imports/import.service';
import { freshDatabase, TEST_DB } from '../support/databases';
import { workbookFile } from '../support/excel-fixtures';
import { envFor, runCli, spawnCli } from './cli-run';

let config: ServerConfig;
let drop: () => Promise<void>;
let server: RunningServer;
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'crm-kill-'));

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

// The import process is killed (SIGKILL: no handler runs) while it writes. Every batch is
// all or nothing, the restarted server says exactly which rows went in, and importing the
// same file again with "skip" adds the rest and nothing twice.
describe(`an import killed mid-way (${TEST_DB})`, () => {
  it('leaves whole batches only, and the same file again completes it', async () => {
    const marker = `断电${Date.now().toString(36)}`;
    const rows = 40 * IMPORT_BATCH_ROWS;
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
    const items = server.db.getRepository(ImportJobItemEntity);
    // Killed as soon as the first batch has committed.
    let jobId: string | null = null;
    for (const started = Date.now(); Date.now() - started < 60_000; await new Promise((r) => setTimeout(r, 10))) {
      jobId ??= (await jobs.findOneBy({ fileName: `${marker}.xlsx` }))?.id ?? null;
      if (jobId && (await items.countBy({ jobId })) > 0) break;
    }
    expect(jobId).not.toBeNull();
    child.kill('SIGKILL');
    expect(await exited).toBe('SIGKILL');

    await server.close();
    server = await startServer(config);
    const job = await server.db.getRepository(ImportJobEntity).findOneByOrFail({ id: jobId! });
    const customers = await server.db.getRepository(CustomerEntity).findBy({ name: Like(`${marker}%`) });
    const applied = await server.db.getRepository(ImportJobItemEntity).countBy({ jobId: jobId! });
    expect(job.status).toBe('failed');
    expect(job.errors[0]).toMatchObject({ reason: 'import.interrupted' });
    expect(customers.length).toBeGreaterThan(0);
    expect(customers.length).toBeLessThan(rows);
    // Whole batches: every customer written is listed, each with its contact.
    expect(customers.length % IMPORT_BATCH_ROWS).toBe(0);
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
