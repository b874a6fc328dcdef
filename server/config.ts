import fs from 'node:fs';
import path from 'node:path';
import { z } from 'zod';

// Settings come from the environment, then from an optional JSON file (CRM_CONFIG, or
// config.json in the data folder); the environment wins. A wrong setting stops the start
// with one line naming it.
export type DatabaseKind = 'sqlite' | 'postgres' | 'mysql';

export interface ServerConfig {
  port: number;
  host: string;
  dataDir: string;
  databaseUrl: string;
  databaseKind: DatabaseKind;
  tls: { cert: string; key: string } | null;
  logLevel: 'silent' | 'info' | 'debug';
}

export class ConfigError extends Error {
  constructor(
    readonly setting: string,
    problem: string,
  ) {
    super(`Configuration error: ${setting} ${problem}`);
    this.name = 'ConfigError';
  }
}

const fileSchema = z
  .object({
    port: z.union([z.number(), z.string()]).optional(),
    host: z.string().optional(),
    dataDir: z.string().optional(),
    databaseUrl: z.string().optional(),
    tlsCert: z.string().optional(),
    tlsKey: z.string().optional(),
    logLevel: z.string().optional(),
  })
  .strict();

export const DEFAULT_PORT = 3210;

export function databaseKindOf(url: string): DatabaseKind | null {
  if (url.startsWith('sqlite:')) return 'sqlite';
  if (url.startsWith('postgres://') || url.startsWith('postgresql://')) return 'postgres';
  if (url.startsWith('mysql://') || url.startsWith('mariadb://')) return 'mysql';
  return null;
}

export function sqlitePathOf(url: string, dataDir: string): string {
  const p = url.replace(/^sqlite:(\/\/)?/, '');
  if (p === ':memory:') return p;
  return path.isAbsolute(p) ? p : path.resolve(dataDir, p);
}

// Where the database lives, for the start-up line; never prints a password.
export function describeDatabase(target: Pick<ServerConfig, 'databaseUrl' | 'databaseKind' | 'dataDir'>): string {
  if (target.databaseKind === 'sqlite') return sqlitePathOf(target.databaseUrl, target.dataDir);
  return target.databaseUrl.replace(/\/\/([^:@/]+):[^@/]*@/, '//$1:***@');
}

export function loadConfig(env: NodeJS.ProcessEnv = process.env, cwd = process.cwd()): ServerConfig {
  const dataDir = path.resolve(cwd, env.CRM_DATA_DIR || 'data');
  const configFile = env.CRM_CONFIG ? path.resolve(cwd, env.CRM_CONFIG) : path.join(dataDir, 'config.json');
  let file: z.infer<typeof fileSchema> = {};
  if (fs.existsSync(configFile)) {
    let raw: unknown;
    try {
      raw = JSON.parse(fs.readFileSync(configFile, 'utf8'));
    } catch (e) {
      throw new ConfigError('CRM_CONFIG', `(${configFile}) is not valid JSON: ${(e as Error).message}`);
    }
    const parsed = fileSchema.safeParse(raw);
    if (!parsed.success) {
      const issue = parsed.error.issues[0]!;
      const key = issue.code === 'unrecognized_keys' ? issue.keys.join(', ') : issue.path.join('.');
      throw new ConfigError(`${configFile}: ${key}`, issue.code === 'unrecognized_keys' ? 'is not a known setting' : issue.message);
    }
    file = parsed.data;
  } else if (env.CRM_CONFIG) {
    throw new ConfigError('CRM_CONFIG', `points to ${configFile}, which does not exist`);
  }

  const portRaw = env.PORT ?? file.port ?? DEFAULT_PORT;
  const port = Number(portRaw);
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    throw new ConfigError('PORT', `must be a whole number from 0 to 65535, got "${portRaw}"`);
  }

  const host = env.HOST ?? file.host ?? '127.0.0.1';
  if (!/^[\w.:-]+$/.test(host)) throw new ConfigError('HOST', `must be an address or host name, got "${host}"`);

  const databaseUrl = env.CRM_DATABASE_URL ?? file.databaseUrl ?? 'sqlite:crm.sqlite';
  const databaseKind = databaseKindOf(databaseUrl);
  if (!databaseKind) {
    throw new ConfigError(
      'CRM_DATABASE_URL',
      `must start with sqlite:, postgres:// or mysql://, got "${databaseUrl.replace(/\/\/([^:@/]+):[^@/]*@/, '//$1:***@')}"`,
    );
  }
  if (databaseKind !== 'sqlite') {
    try {
      new URL(databaseUrl);
    } catch {
      throw new ConfigError('CRM_DATABASE_URL', 'is not a valid URL');
    }
  }

  const cert = env.CRM_TLS_CERT ?? file.tlsCert;
  const key = env.CRM_TLS_KEY ?? file.tlsKey;
  let tls: ServerConfig['tls'] = null;
  if (cert || key) {
    if (!cert) throw new ConfigError('CRM_TLS_CERT', 'is missing (CRM_TLS_KEY is set; both are needed for HTTPS)');
    if (!key) throw new ConfigError('CRM_TLS_KEY', 'is missing (CRM_TLS_CERT is set; both are needed for HTTPS)');
    for (const [name, p] of [['CRM_TLS_CERT', cert], ['CRM_TLS_KEY', key]] as const) {
      if (!fs.existsSync(path.resolve(cwd, p))) throw new ConfigError(name, `points to ${p}, which does not exist`);
    }
    tls = { cert: path.resolve(cwd, cert), key: path.resolve(cwd, key) };
  }

  const logLevel = (env.CRM_LOG_LEVEL ?? file.logLevel ?? 'info') as ServerConfig['logLevel'];
  if (!['silent', 'info', 'debug'].includes(logLevel)) {
    throw new ConfigError('CRM_LOG_LEVEL', `must be silent, info or debug, got "${logLevel}"`);
  }
  return { port, host, dataDir, databaseUrl, databaseKind, tls, logLevel };
}
