import { parseArgs } from 'node:util';
import { ConfigError, loadConfig } from '../config';
import { describeDatabase } from '../db/data-source';
import { CliError } from './cli-error';
import { commands } from './commands';

const USAGE = `crm-server <command> [options]

Commands:
  start                          start the server (applies database migrations first)
  demo                           load the demo company, users and customers into the configured database
  create-admin <username>        create an administrator; prints a one-time password
  reset-password <username>      set a new one-time password; the user must change it at next login
  backup <file>                  write a consistent copy of the SQLite database to <file>

Settings (environment, or the JSON file named by CRM_CONFIG / <data dir>/config.json):
  PORT (default 3210), HOST (default 127.0.0.1), CRM_DATA_DIR (default ./data),
  CRM_DATABASE_URL (default sqlite:crm.sqlite in the data folder; or postgres://..., mysql://...),
  CRM_TLS_CERT + CRM_TLS_KEY (PEM files, turn on HTTPS), CRM_LOG_LEVEL (silent|info|debug)`;

const { positionals, values } = parseArgs({
  allowPositionals: true,
  strict: false,
  options: { help: { type: 'boolean', short: 'h' } },
});
const [name, ...rest] = positionals;
if (!name || values.help || !(name in commands)) {
  console.log(USAGE);
  process.exit(name && !values.help ? 2 : 0);
}

try {
  const config = loadConfig();
  if (config.logLevel !== 'silent') console.error(`Database: ${config.databaseKind} at ${describeDatabase(config)}`);
  await commands[name]!(config, rest);
} catch (e) {
  if (e instanceof ConfigError) {
    console.error(e.message);
    process.exit(78);
  }
  if (e instanceof CliError) {
    console.error(e.message);
    process.exit(e.exitCode);
  }
  console.error(e);
  process.exit(1);
}
