import fs from 'node:fs/promises';
import path from 'node:path';
import { openDatabase } from '../db/data-source';
import { UserEntity } from '../modules/org/user.entity';
import { createServices } from '../services';
import { AppError } from '../../src/shared/errors';
import { DUPLICATE_POLICIES, type DuplicatePolicy } from '../../src/shared/excel/import.schema';
import { parseCommandArgs, usageError, wholeNumber } from './args';
import { CliError } from './cli-error';
import type { Command } from './commands';

// Imports a spreadsheet as the named user, with exactly the rights that user has on screen
// (scope, customers.import, customers.edit for 'update'). The last line of --json output is
// the summary, so scripts can read it with `tail -n 1`.
export const importCommand: Command = {
  usage: 'crm-server import <file> --entity customers --owner <username> [--on-duplicate skip|update|create] [--sheet N] [--dry-run] [--json]',
  async run(config, args) {
    const { positionals, values } = parseCommandArgs(
      args,
      {
        entity: { type: 'string', default: 'customers' },
        owner: { type: 'string' },
        'on-duplicate': { type: 'string', default: 'skip' },
        sheet: { type: 'string' },
        'dry-run': { type: 'boolean', default: false },
        json: { type: 'boolean', default: false },
      },
      this.usage,
    );
    const [file] = positionals;
    if (!file || positionals.length > 1 || !values.owner) throw usageError(this.usage);
    if (values.entity !== 'customers') throw new CliError(`--entity ${values.entity}: only "customers" can be imported so far (usage: ${this.usage})`, 2);
    const policy = values['on-duplicate'] as DuplicatePolicy;
    if (!DUPLICATE_POLICIES.includes(policy)) throw new CliError(`--on-duplicate must be skip, update or create (usage: ${this.usage})`, 2);
    const sheet = wholeNumber(values.sheet, '--sheet', this.usage, 1, 256);
    const bytes = await fs.readFile(file).catch(() => {
      throw new CliError(`cannot read ${file}`);
    });
    const db = await openDatabase(config);
    try {
      const user = await db.getRepository(UserEntity).findOneBy({ username: values.owner, enabled: true });
      if (!user) throw new CliError(`no enabled user "${values.owner}"`);
      const services = createServices(db, config);
      const caller = await services.org.loadCaller(user.id, 'cli');
      if (!caller) throw new CliError(`no enabled user "${values.owner}"`);
      if (!caller.grant.permissions.has('customers.import')) throw new CliError(`user "${values.owner}" may not import customers`);
      const input = {
        fileName: path.basename(file),
        data: bytes.toString('base64'),
        sheet: sheet === undefined ? undefined : sheet - 1,
        onDuplicate: policy,
        owner: { kind: 'me' as const },
      };
      const actor = { caller, ip: null };
      const summary = values['dry-run'] ? await services.imports.dryRun(actor, input) : await services.imports.commitAndWait(actor, input);
      if (!values.json) {
        for (const e of summary.errors) console.log(`row ${e.row}${e.column ? `, ${e.column}` : ''}: ${e.reason}`);
      }
      const { errors, ...counts } = summary;
      if (values.json) console.log(JSON.stringify({ dryRun: values['dry-run'], ...counts, errors: errors.length }));
      else {
        const verb = values['dry-run'] ? 'Dry run' : 'Imported';
        console.log(`${verb}: ${counts.total} rows, ${counts.created} created, ${counts.updated} updated, ${counts.skipped} skipped, ${counts.invalid} invalid.`);
      }
    } catch (e) {
      if (e instanceof AppError) throw new CliError(`import refused: ${e.code}${e.params.reason ? ` (${e.params.reason})` : ''}`);
      throw e;
    } finally {
      await db.destroy();
    }
  },
};
