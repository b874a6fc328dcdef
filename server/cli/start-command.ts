import { startServer, type RunningServer } from '../app';
import { bootstrapIfEmpty } from '../modules/org/bootstrap';
import { parseCommandArgs, usageError } from './args';
import type { Command } from './commands';

export const start: Command = {
  usage: 'crm-server start',
  keepsRunning: true,
  async run(config, args) {
    if (parseCommandArgs(args, {}, this.usage).positionals.length) throw usageError(this.usage);
    const server = await startServer(config);
    await bootstrapAndAnnounce(server);
    console.log(`CRM server listening on ${server.url} (health: ${server.url}/healthz, API: ${server.url}/trpc)`);
    const stop = async () => {
      await server.close();
      process.exit(0);
    };
    process.once('SIGINT', stop);
    process.once('SIGTERM', stop);
  },
};

// On an empty database: creates the administrator and prints its one-time password, once.
export async function bootstrapAndAnnounce(server: Pick<RunningServer, 'db' | 'services'>): Promise<void> {
  const admin = await bootstrapIfEmpty(server.db, server.services.audit);
  if (!admin) return;
  console.log('');
  console.log('First start: created the administrator account.');
  console.log(`  username: ${admin.username}`);
  console.log(`  one-time password: ${admin.password}`);
  console.log('  (shown only now; it must be changed at first login)');
  console.log('');
}
