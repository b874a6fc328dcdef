import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TEST_DB } from '../support/databases';
import { startTestServer, type TestServer } from '../support/test-server';

// The README promises that IT can log in and list customers with curl exactly as shown; this
// runs that very block (only the server address is swapped for the test server's).
const readme = fs.readFileSync(path.resolve(import.meta.dirname, '../../README.md'), 'utf8');
const section = readme.split('## Calling the API with curl')[1] ?? '';
const block = /```bash\n([\s\S]*?)```/.exec(section)?.[1] ?? '';

let ts: TestServer;
beforeAll(async () => {
  ts = await startTestServer();
  const am1 = await ts.as('am1');
  await am1.customers.create.mutate({ name: '上海星辰科技有限公司', status: 'active' });
  await am1.customers.create.mutate({ name: '杭州云帆科技有限公司', status: 'potential' });
  const am2 = await ts.as('am2');
  await am2.customers.create.mutate({ name: '深圳南海科技有限公司', status: 'potential' });
});
afterAll(async () => ts?.close());

describe(`README curl example (${TEST_DB})`, () => {
  it('logs in and lists the signed-in user’s customers, sorted by name', async () => {
    expect(block).toContain('auth.login');
    const script = block.replace(/^CRM=.*$/m, `CRM=${ts.url}`);
    // Asynchronously: the server answering curl runs in this very process.
    const { stdout: out } = await promisify(execFile)('bash', ['-euo', 'pipefail', '-c', script], { encoding: 'utf8' });
    const body = JSON.parse(out.trim().split('\n').pop()!);
    const names = body.result.data.items.map((c: { name: string }) => c.name);
    expect(body.result.data.total).toBe(2);
    expect(names).toEqual(['杭州云帆科技有限公司', '上海星辰科技有限公司'].sort((a, b) => (a < b ? -1 : 1)));
    expect(names).not.toContain('深圳南海科技有限公司');
  });
});
