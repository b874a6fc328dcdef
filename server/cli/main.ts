import { ConfigError, describeDatabase, loadConfig } from '../config';
import { CliError } from './cli-error';
import { commandLoaders } from './registry';

const USAGE = `crm-server <command> [options]

Commands:
  start                          start the server (applies database migrations first)
  demo [--customers <n>] [--seed <n>] [--force]
                                 load the demo company, users and customers (default 2,000)
                                 into the configured database; refuses a database that has customers
  create-admin <username>        create an administrator; prints a one-time password
  reset-password <username>      set a new one-time password (also unlocks and ends sessions);
                                 the user must change it at the next sign-in
  reset-two-factor <username>    remove the user's authenticator (lost phone and recovery codes)
  backup <file>                  write a consistent copy of the SQLite database to <file>
                                 (works while the server runs; for PostgreSQL/MySQL it prints the dump command)
  audit-verify                   check the audit log's hash chain; exits 1 naming the first broken entry
  import <file> --owner <username> [--entity customers] [--on-duplicate skip|update|create]
         [--sheet N] [--dry-run] [--json]
                                 import customers (with their primary contact) from .xlsx/.xls/.csv/.ods
                                 as that user; --json prints a JSON summary as the last line

Settings (environment, or the JSON file named by CRM_CONFIG / <data dir>/config.json):
  PORT (default 3210), HOST (default 127.0.0.1), CRM_DATA_DIR (default ./data),
  CRM_DATABASE_URL (default sqlite:crm.sqlite in the data folder; or postgres://..., mysql://...),
  CRM_TLS_CERT + CRM_TLS_KEY (PEM files, turn on HTTPS), CRM_LOG_LEVEL (silent|info|debug)`;

// Exits once stdout and stderr are flushed (they are asynchronous pipes on some systems, and
// a one-time password must never be cut off).
async function exit(code: number): Promise<never> {
  await Promise.all([process.stdout, process.stderr].map((s) => new Promise<void>((resolve) => s.write('', () => resolve()))));
  process.exit(code);
}

const [name, ...rest] = process.argv.slice(2);
if (!name || name === 'help' || name === '--help' || name === '-h') {
  console.log(USAGE);
  await exit(0);
}
const load = commandLoaders[name!];
if (!load) {
  console.error(`crm-server: unknown command "${name}"\n\n${USAGE}`);
  await exit(2);
}
if (rest.includes('--help') || rest.includes('-h')) {
  console.log(`usage: ${(await load!()).usage}`);
  await exit(0);
}

let debug = false;
try {
  const config = loadConfig();
  debug = config.logLevel === 'debug';
  if (config.logLevel !== 'silent') console.error(`Database: ${config.databaseKind} at ${describeDatabase(config)}`);
  const command = await load!();
  await command.run(config, rest);
  if (!command.keepsRunning) await exit(0);
} catch (e) {
  if (e instanceof ConfigError) {
    console.error(e.message);
    await exit(78);
  }
  if (e instanceof CliError) {
    console.error(`crm-server ${name}: ${e.message}`);
    await exit(e.exitCode);
  }
  // Anything else (database unreachable, disk full...) is still one line; the stack only
  // with CRM_LOG_LEVEL=debug.
  console.error(`crm-server ${name}: ${oneLine(e)}`);
  if (debug) console.error(e);
  await exit(1);
}

function oneLine(e: unknown): string {
  const inner = e instanceof AggregateError && e.errors.length ? e.errors[0] : e;
  const err = inner as { message?: unknown; code?: unknown };
  const message = typeof err?.message === 'string' && err.message.trim() ? err.message : String(err?.code ?? inner);
  return message.split('\n')[0]!.trim();
}
