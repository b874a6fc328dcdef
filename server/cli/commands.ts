import { startServer } from '../app';
import type { ServerConfig } from '../config';
import { openDatabase } from '../db/data-source';
import { AuditService } from '../modules/audit/audit.service';
import { bootstrapIfEmpty, createAdministrator, ensureBuiltInRoles } from '../modules/org/bootstrap';
import { UserEntity } from '../modules/org/user.entity';
import { CliError } from './cli-error';

type Command = (config: ServerConfig, args: string[]) => Promise<void>;

const start: Command = async (config) => {
  const server = await startServer(config);
  const admin = await bootstrapIfEmpty(server.db, server.services.audit);
  if (admin) {
    console.log('');
    console.log('First start: created the administrator account.');
    console.log(`  username: ${admin.username}`);
    console.log(`  one-time password: ${admin.password}`);
    console.log('  (shown only now; it must be changed at first login)');
    console.log('');
  }
  console.log(`CRM server listening on ${server.url} (health: ${server.url}/healthz, API: ${server.url}/trpc)`);
  const stop = async () => {
    await server.close();
    process.exit(0);
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
};

const createAdmin: Command = async (config, [username]) => {
  if (!username) throw new CliError('usage: crm-server create-admin <username>', 2);
  const db = await openDatabase(config);
  try {
    await ensureBuiltInRoles(db);
    if (await db.getRepository(UserEntity).existsBy({ username })) throw new CliError(`user "${username}" already exists`);
    const admin = await createAdministrator(db, new AuditService(), username);
    console.log(`Created administrator ${admin.username}; one-time password: ${admin.password}`);
  } finally {
    await db.destroy();
  }
};

export const commands: Record<string, Command> = {
  start,
  'create-admin': createAdmin,
};
