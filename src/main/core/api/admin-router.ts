import {
  adminUserCreateInput,
  adminUserUpdateInput,
  departmentCreateInput,
  departmentRenameInput,
  roleCopyInput,
  roleCreateInput,
  roleUpdateInput,
} from '../../../shared/domain/admin.schema';
import type { AdminInput } from '../data/data-source';
import { checked, router, serverShaped, signedInProcedure as q } from './trpc';

// admin.* as on the server; forms are checked here with the server's schemas, the rest is
// validated by the server (which alone decides who may call what).
export const adminRouter = router({
  users: router({
    list: q.input(serverShaped<AdminInput<'users', 'list'>>()).query(({ ctx, input }) => ctx.source.admin.users.list(input)),
    get: q.input(serverShaped<AdminInput<'users', 'get'>>()).query(({ ctx, input }) => ctx.source.admin.users.get(input)),
    create: q.input(checked(adminUserCreateInput)).mutation(({ ctx, input }) => ctx.source.admin.users.create(input)),
    update: q.input(checked(adminUserUpdateInput)).mutation(({ ctx, input }) => ctx.source.admin.users.update(input)),
    disable: q.input(serverShaped<AdminInput<'users', 'disable'>>()).mutation(({ ctx, input }) => ctx.source.admin.users.disable(input)),
    enable: q.input(serverShaped<AdminInput<'users', 'enable'>>()).mutation(({ ctx, input }) => ctx.source.admin.users.enable(input)),
    unlock: q.input(serverShaped<AdminInput<'users', 'unlock'>>()).mutation(({ ctx, input }) => ctx.source.admin.users.unlock(input)),
    resetPassword: q
      .input(serverShaped<AdminInput<'users', 'resetPassword'>>())
      .mutation(({ ctx, input }) => ctx.source.admin.users.resetPassword(input)),
    resetTwoFactor: q
      .input(serverShaped<AdminInput<'users', 'resetTwoFactor'>>())
      .mutation(({ ctx, input }) => ctx.source.admin.users.resetTwoFactor(input)),
    handOver: q.input(serverShaped<AdminInput<'users', 'handOver'>>()).mutation(({ ctx, input }) => ctx.source.admin.users.handOver(input)),
    sessions: q.input(serverShaped<AdminInput<'users', 'sessions'>>()).query(({ ctx, input }) => ctx.source.admin.users.sessions(input)),
    revokeSession: q
      .input(serverShaped<AdminInput<'users', 'revokeSession'>>())
      .mutation(({ ctx, input }) => ctx.source.admin.users.revokeSession(input)),
  }),
  departments: router({
    create: q.input(checked(departmentCreateInput)).mutation(({ ctx, input }) => ctx.source.admin.departments.create(input)),
    rename: q.input(checked(departmentRenameInput)).mutation(({ ctx, input }) => ctx.source.admin.departments.rename(input)),
    move: q.input(serverShaped<AdminInput<'departments', 'move'>>()).mutation(({ ctx, input }) => ctx.source.admin.departments.move(input)),
    setEnabled: q
      .input(serverShaped<AdminInput<'departments', 'setEnabled'>>())
      .mutation(({ ctx, input }) => ctx.source.admin.departments.setEnabled(input)),
  }),
  roles: router({
    list: q.input(serverShaped<AdminInput<'roles', 'list'>>()).query(({ ctx, input }) => ctx.source.admin.roles.list(input)),
    create: q.input(checked(roleCreateInput)).mutation(({ ctx, input }) => ctx.source.admin.roles.create(input)),
    copy: q.input(checked(roleCopyInput)).mutation(({ ctx, input }) => ctx.source.admin.roles.copy(input)),
    update: q.input(checked(roleUpdateInput)).mutation(({ ctx, input }) => ctx.source.admin.roles.update(input)),
    setTwoFactor: q.input(serverShaped<AdminInput<'roles', 'setTwoFactor'>>()).mutation(({ ctx, input }) => ctx.source.admin.roles.setTwoFactor(input)),
  }),
  settings: router({
    get: q.input(serverShaped<AdminInput<'settings', 'get'>>()).query(({ ctx, input }) => ctx.source.admin.settings.get(input)),
    set: q.input(serverShaped<AdminInput<'settings', 'set'>>()).mutation(({ ctx, input }) => ctx.source.admin.settings.set(input)),
  }),
  audit: router({
    list: q.input(serverShaped<AdminInput<'audit', 'list'>>()).query(({ ctx, input }) => ctx.source.admin.audit.list(input)),
    verify: q.input(serverShaped<AdminInput<'audit', 'verify'>>()).query(({ ctx, input }) => ctx.source.admin.audit.verify(input)),
    applyRetention: q
      .input(serverShaped<AdminInput<'audit', 'applyRetention'>>())
      .mutation(({ ctx, input }) => ctx.source.admin.audit.applyRetention(input)),
    export: q
      .input(serverShaped<AdminInput<'audit', 'export'>>())
      .mutation(({ ctx, input }) => ctx.source.admin.audit.export(input)),
  }),
});
