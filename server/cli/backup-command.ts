import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { sqlitePathOf, type ServerConfig } from '../config';
import { parseCommandArgs, usageError } from './args';
import { CliError } from './cli-error';
import type { Command } from './commands';

// A consistent copy of the SQLite database through SQLite's online backup API: safe while
// the server is running and writing. PostgreSQL and MySQL have their own dump tools.
export const backup: Command = {
  usage: 'crm-server backup <file>',
  async run(config, args) {
    const { positionals } = parseCommandArgs(args, {}, this.usage);
    const [file] = positionals;
    if (!file || positionals.length > 1) throw usageError(this.usage);
    if (config.databaseKind !== 'sqlite') throw new CliError(dumpAdvice(config, file));
    const source = sqlitePathOf(config.databaseUrl, config.dataDir);
    if (source === ':memory:' || !fs.existsSync(source)) throw new CliError(`no SQLite database at ${source}`);
    const target = path.resolve(file);
    if (fs.existsSync(target)) throw new CliError(`${target} already exists; give a new file name`);
    if (!fs.existsSync(path.dirname(target))) throw new CliError(`folder ${path.dirname(target)} does not exist`);
    if (target === path.resolve(source)) throw new CliError('the backup cannot be the database itself');
    const db = new Database(source, { readonly: true, fileMustExist: true });
    try {
      db.pragma('busy_timeout = 5000');
      await db.backup(target);
    } catch (e) {
      fs.rmSync(target, { force: true });
      throw new CliError(`backup failed: ${(e as Error).message}`);
    } finally {
      db.close();
    }
    console.log(`Backup of ${source} written to ${target} (${formatSize(fs.statSync(target).size)})`);
  },
};

export function formatSize(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(1)} KiB`;
  return `${(bytes / 1024 / 1024).toFixed(1)} MiB`;
}

// The dump command for the configured server, without its password.
export function dumpAdvice(config: Pick<ServerConfig, 'databaseKind' | 'databaseUrl'>, file: string): string {
  const u = new URL(config.databaseUrl);
  const user = decodeURIComponent(u.username);
  const database = decodeURIComponent(u.pathname.replace(/^\//, ''));
  const host = u.hostname.replace(/^\[|\]$/g, '');
  const q = (s: string) => (/^[\w./:@-]+$/.test(s) ? s : `'${s.replace(/'/g, `'\\''`)}'`);
  if (config.databaseKind === 'postgres') {
    const cmd = ['pg_dump', '--format=custom', `--file=${q(file)}`, `--host=${q(host)}`, `--port=${u.port || '5432'}`, ...(user ? [`--username=${q(user)}`] : []), q(database)];
    return `copies SQLite databases only; this server uses PostgreSQL. Back it up with: ${cmd.join(' ')}${u.password ? ' (it asks for the password, or set PGPASSWORD)' : ''}`;
  }
  const cmd = ['mysqldump', '--single-transaction', '--routines', '--default-character-set=utf8mb4', `--host=${q(host)}`, `--port=${u.port || '3306'}`, ...(user ? [`--user=${q(user)}`] : []), ...(u.password ? ['-p'] : []), `--result-file=${q(file)}`, q(database)];
  return `copies SQLite databases only; this server uses MySQL/MariaDB. Back it up with: ${cmd.join(' ')}`;
}
