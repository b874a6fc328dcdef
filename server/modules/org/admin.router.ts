import { z } from 'zod';
import {
  adminUserCreateInput,
  adminUserListInput,
  adminUserUpdateInput,
  auditListInput,
  departmentCreateInput,
  departmentEnableInput,
  departmentMoveInput,
  departmentRenameInput,
  handOverInput,
  roleCopyInput,
  roleCreateInput,
  roleTwoFactorInput,
  roleUpdateInput,
  sessionListInput,
  sessionRevokeInput,
} from '../../../src/shared/domain/admin.schema';
import { idInput } from '../../../src/shared/domain/common.schema';
import type { Context } from '../../trpc/context';
import type { Caller } from '../../trpc/context';
import { permitted, permittedLimited } from '../../trpc/procedures';
import { auditExportInput } from './audit-export.service';
import { router } from '../../trpc/trpc';
import { settingsSchema } from '../settings/settings.service';

// zod 4's .partial() keeps defaults, which would reset every setting not given; unwrap them.
const settingsPatchSchema = z.object(
  Object.fromEntries(Object.entries(settingsSchema.shape).map(([k, v]) => [k, v.unwrap().optional()])) as {
    [K in keyof typeof settingsSchema.shape]: z.ZodOptional<ReturnType<(typeof settingsSchema.shape)[K]['unwrap']>>;
  },
);

const actorOf = (ctx: Context & { caller: Caller }) => ({ caller: ctx.caller, ip: ctx.ip });
const ok = { ok: true as const };

const users = router({
  list: permitted('admin.users').input(adminUserListInput).query(({ ctx, input }) => ctx.services.adminUsers.list(input)),
  get: permitted('admin.users').input(idInput).query(({ ctx, input }) => ctx.services.adminUsers.get(input.id)),
  create: permitted('admin.users').input(adminUserCreateInput).mutation(({ ctx, input }) => ctx.services.adminUsers.create(actorOf(ctx), input)),
  update: permitted('admin.users').input(adminUserUpdateInput).mutation(({ ctx, input }) => ctx.services.adminUsers.update(actorOf(ctx), input)),
  disable: permitted('admin.users').input(idInput).mutation(({ ctx, input }) => ctx.services.adminUsers.setEnabled(actorOf(ctx), input.id, false)),
  enable: permitted('admin.users').input(idInput).mutation(({ ctx, input }) => ctx.services.adminUsers.setEnabled(actorOf(ctx), input.id, true)),
  unlock: permitted('admin.users').input(idInput).mutation(({ ctx, input }) => ctx.services.adminUsers.unlock(actorOf(ctx), input.id)),
  resetPassword: permitted('admin.users').input(idInput).mutation(({ ctx, input }) => ctx.services.adminUsers.resetPassword(actorOf(ctx), input.id)),
  resetTwoFactor: permitted('admin.users').input(idInput).mutation(({ ctx, input }) => ctx.services.adminUsers.resetTwoFactor(actorOf(ctx), input.id)),
  handOver: permitted('admin.users')
    .input(handOverInput)
    .mutation(({ ctx, input }) => ctx.services.adminUsers.handOver(actorOf(ctx), input.fromUserId, input.toUserId)),
  sessions: permitted('admin.users').input(sessionListInput).query(({ ctx, input }) => ctx.services.adminOps.sessions(input.userId, ctx.caller.sessionId)),
  revokeSession: permitted('admin.users').input(sessionRevokeInput).mutation(async ({ ctx, input }) => {
    await ctx.services.adminOps.revokeSession(actorOf(ctx), input.id);
    return ok;
  }),
});

const departments = router({
  create: permitted('admin.departments').input(departmentCreateInput).mutation(({ ctx, input }) => ctx.services.adminDepartments.create(actorOf(ctx), input)),
  rename: permitted('admin.departments').input(departmentRenameInput).mutation(async ({ ctx, input }) => {
    await ctx.services.adminDepartments.rename(actorOf(ctx), input.id, input.name);
    return ok;
  }),
  move: permitted('admin.departments').input(departmentMoveInput).mutation(async ({ ctx, input }) => {
    await ctx.services.adminDepartments.move(actorOf(ctx), input.id, input.parentId);
    return ok;
  }),
  setEnabled: permitted('admin.departments').input(departmentEnableInput).mutation(async ({ ctx, input }) => {
    await ctx.services.adminDepartments.setEnabled(actorOf(ctx), input.id, input.enabled);
    return ok;
  }),
});

const roles = router({
  list: permitted('admin.roles').query(({ ctx }) => ctx.services.adminRoles.list()),
  create: permitted('admin.roles').input(roleCreateInput).mutation(({ ctx, input }) => ctx.services.adminRoles.create(actorOf(ctx), input)),
  copy: permitted('admin.roles').input(roleCopyInput).mutation(({ ctx, input }) => ctx.services.adminRoles.copy(actorOf(ctx), input.id, input.name)),
  update: permitted('admin.roles').input(roleUpdateInput).mutation(({ ctx, input }) => ctx.services.adminRoles.update(actorOf(ctx), input)),
  setTwoFactor: permitted('admin.roles')
    .input(roleTwoFactorInput)
    .mutation(({ ctx, input }) => ctx.services.adminRoles.setTwoFactor(actorOf(ctx), input.id, input.required)),
});

const settings = router({
  get: permitted('admin.settings').query(({ ctx }) => ctx.services.adminOps.settings()),
  set: permitted('admin.settings')
    .input(z.object({ patch: settingsPatchSchema }))
    .mutation(({ ctx, input }) => ctx.services.adminOps.setSettings(actorOf(ctx), input.patch)),
});

const audit = router({
  list: permitted('admin.audit').input(auditListInput).query(({ ctx, input }) => ctx.services.adminOps.auditList(input)),
  verify: permitted('admin.audit').query(({ ctx }) => ctx.services.adminOps.auditVerify()),
  // A mutation: it writes its own audit entry, and the file travels back in the body.
  export: permittedLimited('admin.audit', 'export')
    .input(auditExportInput)
    .mutation(({ ctx, input }) => ctx.services.auditExport.export(actorOf(ctx), input)),
  applyRetention: permitted('admin.audit').mutation(({ ctx }) => ctx.services.adminOps.applyRetention(actorOf(ctx))),
});

// Administration: every procedure needs one of the admin.* permissions.
export const adminRouter = router({ users, departments, roles, settings, audit });
