import type { ServerConfig } from '../config';
import { createAdmin, resetPassword, resetTwoFactor } from './account-commands';
import { auditVerify } from './audit-command';
import { backup } from './backup-command';
import { demo } from './demo-command';
import { importCommand } from './import-command';
import { start } from './start-command';

export { bootstrapAndAnnounce } from './start-command';

export interface Command {
  usage: string;
  run(config: ServerConfig, args: string[]): Promise<void>;
  // The server keeps the process alive; every other command exits when it is done.
  keepsRunning?: boolean;
}

// For callers that run commands in-process (scripts/dev.ts). The command line itself loads
// them lazily through registry.ts.
export const commands: Record<string, Command> = {
  start,
  demo,
  'create-admin': createAdmin,
  'reset-password': resetPassword,
  'reset-two-factor': resetTwoFactor,
  backup,
  'audit-verify': auditVerify,
  import: importCommand,
};
