import type { DataSource } from 'typeorm';
import type { ServerConfig } from '../config';
import { openDatabase } from '../db/data-source';
import { AuditService } from '../modules/audit/audit.service';
import { AuthService } from '../modules/auth/auth.service';
import { TwoFactorService } from '../modules/auth/two-factor.service';
import { createAdministrator, ensureBuiltInRoles, oneTimePassword } from '../modules/org/bootstrap';
import { OrgService } from '../modules/org/org.service';
import { UserEntity, type User } from '../modules/org/user.entity';
import { SettingsService } from '../modules/settings/settings.service';
import { parseCommandArgs, usageError } from './args';
import { CliError } from './cli-error';
import type { Command } from './commands';

// Runs `fn` on the one user a `<command> <username>` names, with the database open.
async function withNamedUser(config: ServerConfig, args: string[], usage: string, fn: (db: DataSource, user: User) => Promise<void>): Promise<void> {
  const { positionals } = parseCommandArgs(args, {}, usage);
  const [username] = positionals;
  if (!username || positionals.length > 1) throw usageError(usage);
  const db = await openDatabase(config);
  try {
    const user = await db.getRepository(UserEntity).findOneBy({ username });
    if (!user) throw new CliError(`no user named "${username}"`);
    await fn(db, user);
  } finally {
    await db.destroy();
  }
}

export const createAdmin: Command = {
  usage: 'crm-server create-admin <username>',
  async run(config, args) {
    const { positionals } = parseCommandArgs(args, {}, this.usage);
    const [username] = positionals;
    if (!username || positionals.length > 1) throw usageError(this.usage);
    if (!/^[A-Za-z0-9_.@-]{2,50}$/.test(username)) throw new CliError(`username "${username}" may only use letters, digits and _ . @ - (2 to 50 characters)`);
    const db = await openDatabase(config);
    try {
      await ensureBuiltInRoles(db);
      if (await db.getRepository(UserEntity).existsBy({ username })) throw new CliError(`user "${username}" already exists`);
      const admin = await createAdministrator(db, new AuditService(), username);
      console.log(`Created administrator ${admin.username}; one-time password: ${admin.password}`);
      console.log('It must be changed at the first sign-in.');
    } finally {
      await db.destroy();
    }
  },
};

// For a user who lost their phone and recovery codes, including the last administrator.
export const resetTwoFactor: Command = {
  usage: 'crm-server reset-two-factor <username>',
  run(config, args) {
    return withNamedUser(config, args, this.usage, async (db, user) => {
      await new TwoFactorService(db, new AuditService()).reset(null, user.id);
      console.log(
        user.totpEnabledAt
          ? `Two-factor sign-in removed for ${user.username}: the password alone signs them in (a role that requires it asks them to set it up again).`
          : `${user.username} had no two-factor sign-in; nothing to remove.`,
      );
    });
  },
};

// For a user who forgot their password or locked themselves out, including the last admin.
export const resetPassword: Command = {
  usage: 'crm-server reset-password <username>',
  run(config, args) {
    return withNamedUser(config, args, this.usage, async (db, user) => {
      const auth = new AuthService(db, new OrgService(db), new AuditService(), new SettingsService(db));
      const password = oneTimePassword();
      await auth.setPassword(user, password, true, { userId: null, username: null, via: 'command line' });
      console.log(`New one-time password for ${user.username}: ${password}`);
      console.log('It must be changed at the next sign-in. Their sessions have been ended and any account lock lifted.');
      if (!user.enabled) console.log(`Note: "${user.username}" is disabled and cannot sign in until an administrator enables the account.`);
    });
  },
};
