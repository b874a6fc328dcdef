import fs from 'node:fs/promises';
import path from 'node:path';
import { openDatabase } from '../db/data-source';
import { DepartmentEntity } from '../modules/org/department.entity';
import { UserEntity } from '../modules/org/user.entity';
import { createServices } from '../services';
import { AppError } from '../../src/shared/errors';
import { labelKey } from '../../src/shared/excel/clean';
import { DUPLICATE_POLICIES, IMPORT_ENTITIES, type DuplicatePolicy, type ImportEntity, type ImportOwner } from '../../src/shared/excel/import.schema';
import { OWNER_FIELD } from '../../src/shared/excel/validate';
import { parseCommandArgs, usageError, wholeNumber } from './args';
import { CliError } from './cli-error';
import type { Command } from './commands';

// Imports a spreadsheet as the named user (--owner, kept for compatibility: the user the
// import runs as), with exactly the rights that user has on screen (scope, customers.import,
// the entity's create right, customers.edit for 'update', customers.transfer to give
// customers to others). New customers go to that user unless one of --assign-to,
// --owner-column, --round-robin or --pool says otherwise. The last line of --json output is
// the summary, so scripts can read it with `tail -n 1`.
export const importCommand: Command = {
  usage:
    'crm-server import <file> --owner <username> [--entity customers|contacts|followups] [--assign-to <username> | --owner-column <header> | --round-robin <department> | --pool] [--on-duplicate skip|update|create] [--sheet N] [--dry-run] [--json]',
  async run(config, args) {
    const { positionals, values } = parseCommandArgs(
      args,
      {
        entity: { type: 'string', default: 'customers' },
        owner: { type: 'string' },
        'assign-to': { type: 'string' },
        'owner-column': { type: 'string' },
        'round-robin': { type: 'string' },
        pool: { type: 'boolean', default: false },
        'on-duplicate': { type: 'string', default: 'skip' },
        sheet: { type: 'string' },
        'dry-run': { type: 'boolean', default: false },
        json: { type: 'boolean', default: false },
      },
      this.usage,
    );
    const [file] = positionals;
    if (!file || positionals.length > 1 || !values.owner) throw usageError(this.usage);
    const entity = values.entity as ImportEntity;
    if (!IMPORT_ENTITIES.includes(entity)) throw new CliError(`--entity must be ${IMPORT_ENTITIES.join(', ')} (usage: ${this.usage})`, 2);
    const policy = values['on-duplicate'] as DuplicatePolicy;
    if (!DUPLICATE_POLICIES.includes(policy)) throw new CliError(`--on-duplicate must be skip, update or create (usage: ${this.usage})`, 2);
    const ownerModes = [values['assign-to'], values['owner-column'], values['round-robin'], values.pool || undefined].filter((v) => v !== undefined);
    if (ownerModes.length > 1) throw new CliError(`give at most one of --assign-to, --owner-column, --round-robin, --pool (usage: ${this.usage})`, 2);
    if (ownerModes.length && entity !== 'customers') throw new CliError(`owners are given to customers only; --entity ${entity} takes none of them`, 2);
    const sheet = wholeNumber(values.sheet, '--sheet', this.usage, 1, 256);
    const bytes = await fs.readFile(file).catch(() => {
      throw new CliError(`cannot read ${file}`);
    });
    const db = await openDatabase(config);
    try {
      const users = db.getRepository(UserEntity);
      const user = await users.findOneBy({ username: values.owner, enabled: true });
      if (!user) throw new CliError(`no enabled user "${values.owner}"`);
      const services = createServices(db, config);
      const caller = await services.org.loadCaller(user.id, 'cli');
      if (!caller) throw new CliError(`no enabled user "${values.owner}"`);
      if (!caller.grant.permissions.has('customers.import')) throw new CliError(`user "${values.owner}" may not import`);
      const actor = { caller, ip: null };
      const base = { entity, fileName: path.basename(file), data: bytes.toString('base64'), sheet: sheet === undefined ? undefined : sheet - 1 };
      let owner: ImportOwner = { kind: 'me' };
      let mapping: { col: number; field: string | null }[] | undefined;
      if (values.pool) owner = { kind: 'pool' };
      if (values['assign-to']) {
        const target = await users.findOneBy({ username: values['assign-to'], enabled: true });
        if (!target) throw new CliError(`no enabled user "${values['assign-to']}"`);
        owner = { kind: 'user', userId: target.id };
      }
      if (values['round-robin']) {
        const name = values['round-robin'];
        const dept = (await db.getRepository(DepartmentEntity).findBy({ name })).filter((d) => d.enabled);
        if (dept.length !== 1) throw new CliError(dept.length ? `more than one department is called "${name}"` : `no department "${name}"`);
        owner = { kind: 'roundRobin', departmentId: dept[0]!.id };
      }
      if (values['owner-column']) {
        const preview = await services.imports.preview(actor, base);
        const col = preview.columns.find((c) => labelKey(c.header) === labelKey(values['owner-column']!));
        if (!col) throw new CliError(`the file has no column "${values['owner-column']}" (columns: ${preview.columns.map((c) => c.header).join(', ')})`);
        mapping = preview.columns.map((c) => ({ col: c.col, field: c.col === col.col ? OWNER_FIELD : c.field === OWNER_FIELD ? null : c.field }));
        owner = { kind: 'column' };
      }
      const input = { ...base, mapping, onDuplicate: policy, owner };
      const summary = values['dry-run'] ? await services.imports.dryRun(actor, input) : await services.imports.commitAndWait(actor, input);
      if (!values.json) {
        for (const e of summary.errors) console.log(`row ${e.row}${e.column ? `, ${e.column}` : ''}: ${e.reason}${e.value ? ` "${e.value}"` : ''}`);
      }
      const { errors, ...counts } = summary;
      if (values.json) console.log(JSON.stringify({ dryRun: values['dry-run'], ...counts, errors: errors.length }));
      else {
        const verb = values['dry-run'] ? 'Dry run' : 'Imported';
        console.log(`${verb}: ${counts.total} rows, ${counts.created} created, ${counts.updated} updated, ${counts.skipped} skipped, ${counts.invalid} invalid.`);
      }
    } catch (e) {
      if (e instanceof AppError) throw new CliError(`import refused: ${e.code}${e.params.reason ? ` (${e.params.reason})` : ''}${e.fieldErrors.length ? ` ${e.fieldErrors.map((f) => f.message).join(', ')}` : ''}`);
      throw e;
    } finally {
      await db.destroy();
    }
  },
};
