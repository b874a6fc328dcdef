import { openDatabase } from '../db/data-source';
import { AuditEntity } from '../modules/audit/audit.entity';
import { AuditService } from '../modules/audit/audit.service';
import { parseCommandArgs, usageError } from './args';
import { CliError } from './cli-error';
import type { Command } from './commands';

// Checks the audit log's hash chain: any edited, deleted or inserted entry breaks it.
// Read-only; safe while the server runs.
export const auditVerify: Command = {
  usage: 'crm-server audit-verify',
  async run(config, args) {
    const { positionals } = parseCommandArgs(args, {}, this.usage);
    if (positionals.length) throw usageError(this.usage);
    const db = await openDatabase(config, { migrate: false });
    try {
      const result = await new AuditService().verify(db.manager);
      if (result.ok) {
        console.log(`Audit log intact: ${result.count} entries, hash chain verified.`);
        return;
      }
      const entry = await db.getRepository(AuditEntity).findOneBy({ seq: result.seq });
      const what = entry ? ` (${entry.at}, ${entry.action}${entry.username ? ` by ${entry.username}` : ''})` : '';
      throw new CliError(`Audit log broken at entry #${result.seq}${what}: ${result.reason}`, 1);
    } finally {
      await db.destroy();
    }
  },
};
