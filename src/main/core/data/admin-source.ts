import type { ServerClient } from '../session/server-client';
import type { AdminSource } from './data-source';

type Call = <T>(fn: (client: ServerClient) => Promise<T>) => Promise<T>;

// Administration forwards straight to the server (admin.*), with the session's token and error mapping.
export function createAdminSource(call: Call): AdminSource {
  return {
    users: {
      list: (i) => call((c) => c.admin.users.list.query(i)),
      get: (i) => call((c) => c.admin.users.get.query(i)),
      create: (i) => call((c) => c.admin.users.create.mutate(i)),
      update: (i) => call((c) => c.admin.users.update.mutate(i)),
      disable: (i) => call((c) => c.admin.users.disable.mutate(i)),
      enable: (i) => call((c) => c.admin.users.enable.mutate(i)),
      unlock: (i) => call((c) => c.admin.users.unlock.mutate(i)),
      resetPassword: (i) => call((c) => c.admin.users.resetPassword.mutate(i)),
      resetTwoFactor: (i) => call((c) => c.admin.users.resetTwoFactor.mutate(i)),
      handOver: (i) => call((c) => c.admin.users.handOver.mutate(i)),
      sessions: (i) => call((c) => c.admin.users.sessions.query(i)),
      revokeSession: (i) => call((c) => c.admin.users.revokeSession.mutate(i)),
    },
    departments: {
      create: (i) => call((c) => c.admin.departments.create.mutate(i)),
      rename: (i) => call((c) => c.admin.departments.rename.mutate(i)),
      move: (i) => call((c) => c.admin.departments.move.mutate(i)),
      setEnabled: (i) => call((c) => c.admin.departments.setEnabled.mutate(i)),
    },
    roles: {
      list: (i) => call((c) => c.admin.roles.list.query(i)),
      create: (i) => call((c) => c.admin.roles.create.mutate(i)),
      copy: (i) => call((c) => c.admin.roles.copy.mutate(i)),
      update: (i) => call((c) => c.admin.roles.update.mutate(i)),
      setTwoFactor: (i) => call((c) => c.admin.roles.setTwoFactor.mutate(i)),
    },
    settings: {
      get: (i) => call((c) => c.admin.settings.get.query(i)),
      set: (i) => call((c) => c.admin.settings.set.mutate(i)),
    },
    audit: {
      list: (i) => call((c) => c.admin.audit.list.query(i)),
      verify: (i) => call((c) => c.admin.audit.verify.query(i)),
      applyRetention: (i) => call((c) => c.admin.audit.applyRetention.mutate(i)),
      export: (i) => call((c) => c.admin.audit.export.mutate(i)),
    },
  };
}
