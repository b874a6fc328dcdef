import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import type { ServerConfig } from '../../server/config';

// Runs `crm-server` as an administrator would: a separate process, settings from the
// environment only (the test runner's own CRM_* settings are not passed on).
export const CLI = path.resolve(import.meta.dirname, '../../server/bin/crm-server.js');

export interface CliResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

export function cliEnv(extra: Record<string, string | undefined>): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [k, v] of Object.entries(process.env)) if (!/^(CRM_(?!TEST_)|PORT$|HOST$)/.test(k)) env[k] = v;
  for (const [k, v] of Object.entries(extra)) if (v !== undefined) env[k] = v;
  return env;
}

export function envFor(config: ServerConfig, extra: Record<string, string | undefined> = {}): NodeJS.ProcessEnv {
  return cliEnv({ CRM_DATA_DIR: config.dataDir, CRM_DATABASE_URL: config.databaseUrl, ...extra });
}

export function spawnCli(args: string[], env: NodeJS.ProcessEnv): ChildProcess {
  return spawn(process.execPath, [CLI, ...args], { env, stdio: ['ignore', 'pipe', 'pipe'] });
}

export function runCli(args: string[], env: NodeJS.ProcessEnv, timeoutMs = 120_000): Promise<CliResult> {
  const child = spawnCli(args, env);
  let stdout = '';
  let stderr = '';
  child.stdout!.on('data', (c) => (stdout += c));
  child.stderr!.on('data', (c) => (stderr += c));
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`crm-server ${args.join(' ')} did not finish in ${timeoutMs} ms\n${stdout}\n${stderr}`));
    }, timeoutMs);
    child.on('error', reject);
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr });
    });
  });
}

// stderr without the informational "Database: ..." line every command prints first.
export function errorLines(r: CliResult): string[] {
  return r.stderr
    .split('\n')
    .map((l) => l.trimEnd())
    .filter((l) => l && !l.startsWith('Database: '));
}
