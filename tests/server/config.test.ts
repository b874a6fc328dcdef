import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { freshDatabase, TEST_DB } from '../support/databases';
import { cliEnv, envFor, runCli, spawnCli } from './cli-run';

const dirs: string[] = [];
const tempDir = () => {
  const d = fs.mkdtempSync(path.join(os.tmpdir(), 'crm-config-'));
  dirs.push(d);
  return d;
};
afterAll(() => dirs.forEach((d) => fs.rmSync(d, { recursive: true, force: true })));

// A wrong setting must stop the start with exactly one line that names it, before anything
// touches the database.
async function expectRefusal(env: Record<string, string>, setting: string | RegExp) {
  const r = await runCli(['start'], cliEnv({ CRM_DATA_DIR: tempDir(), ...env }));
  expect(r.code).not.toBe(0);
  expect(r.code).not.toBeNull();
  const lines = r.stderr.trim().split('\n');
  expect(lines).toHaveLength(1);
  expect(lines[0]).toMatch(setting);
  expect(r.stdout).not.toMatch(/listening/);
  return lines[0]!;
}

describe.concurrent('configuration errors stop the start with one line naming the setting', () => {
  it('PORT that is not a number', async () => {
    expect(await expectRefusal({ PORT: 'abc' }, /\bPORT\b/)).toContain('"abc"');
  });

  it('a database URL of an unknown kind', async () => {
    expect(await expectRefusal({ CRM_DATABASE_URL: 'foo://db.example/crm' }, /CRM_DATABASE_URL/)).toContain('foo://');
  });

  it('does not print the password of a rejected database URL', async () => {
    const line = await expectRefusal({ CRM_DATABASE_URL: 'oracle://crm:TopSecret1@db.example/crm' }, /CRM_DATABASE_URL/);
    expect(line).not.toContain('TopSecret1');
  });

  it('a TLS certificate without its key', async () => {
    const cert = path.join(tempDir(), 'cert.pem');
    fs.writeFileSync(cert, 'not used');
    await expectRefusal({ CRM_TLS_CERT: cert }, /CRM_TLS_KEY/);
  });

  it('a config file that is not JSON', async () => {
    const dir = tempDir();
    fs.writeFileSync(path.join(dir, 'config.json'), '{ "port": 3210, }');
    const r = await runCli(['start'], cliEnv({ CRM_DATA_DIR: dir }));
    expect(r.code).not.toBe(0);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(r.stderr).toMatch(/config\.json.*not valid JSON/);
  });

  it('an unknown key in the config file', async () => {
    const dir = tempDir();
    const file = path.join(dir, 'settings.json');
    fs.writeFileSync(file, JSON.stringify({ port: 3210, databseUrl: 'sqlite:x.sqlite' }));
    const line = await expectRefusal({ CRM_CONFIG: file }, /databseUrl/);
    expect(line).toMatch(/not a known setting/);
  });
});

describe(`a good start (${TEST_DB})`, () => {
  it('says where the database is, creates the first administrator and serves /healthz', async () => {
    const { config, drop } = await freshDatabase();
    const child = spawnCli(['start'], envFor(config, { PORT: '0' }));
    let stdout = '';
    let stderr = '';
    child.stderr!.on('data', (c) => (stderr += c));
    try {
      const url = await new Promise<string>((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`no start line; stderr: ${stderr}`)), 60_000);
        child.stdout!.on('data', (c) => {
          stdout += c;
          const m = /listening on (https?:\/\/\S+?)\s/.exec(stdout);
          if (m) {
            clearTimeout(timer);
            resolve(m[1]!);
          }
        });
        child.on('exit', (code) => reject(new Error(`exited with ${code}: ${stderr}`)));
      });
      if (TEST_DB === 'sqlite') expect(stderr).toContain(`Database: sqlite at ${path.join(config.dataDir, 'crm.sqlite')}`);
      else expect(stderr).toContain(`Database: ${TEST_DB} at ${config.databaseUrl.replace(/\/\/([^:@/]+):[^@/]*@/, '//$1:***@')}`);
      expect(stdout).toMatch(/username: admin\s+one-time password: \S{16}/);
      const health = await fetch(`${url}/healthz`);
      expect(health.status).toBe(200);
      expect(await health.json()).toMatchObject({ status: 'ok', database: TEST_DB });
    } finally {
      const exited = new Promise((resolve) => child.once('exit', resolve));
      child.kill('SIGTERM');
      await exited;
      await drop();
    }
  });
});
