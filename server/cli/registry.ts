import type { Command } from './commands';

// Loaded on demand, so that a wrong setting or a mistyped command is reported before the
// server code (TypeORM, every entity) is even read.
export const commandLoaders: Record<string, () => Promise<Command>> = {
  start: async () => (await import('./start-command')).start,
  demo: async () => (await import('./demo-command')).demo,
  'create-admin': async () => (await import('./account-commands')).createAdmin,
  'reset-password': async () => (await import('./account-commands')).resetPassword,
  'reset-two-factor': async () => (await import('./account-commands')).resetTwoFactor,
  backup: async () => (await import('./backup-command')).backup,
  'audit-verify': async () => (await import('./audit-command')).auditVerify,
  import: async () => (await import('./import-command')).importCommand,
};
