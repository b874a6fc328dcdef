import { sessionRevokeInput } from '../../../src/shared/domain/admin.schema';
import { changePasswordInput, loginInput } from '../../../src/shared/domain/auth.schema';
import { authedProcedure, publicProcedure } from '../../trpc/procedures';
import { router } from '../../trpc/trpc';

export const authRouter = router({
  login: publicProcedure
    .input(loginInput)
    .mutation(({ ctx, input }) => ctx.services.auth.login(input.username, input.password, ctx.ip, input.device ?? ctx.userAgent)),
  logout: authedProcedure.mutation(async ({ ctx }) => {
    await ctx.services.auth.logout(ctx.caller, ctx.ip);
    return { ok: true as const };
  }),
  me: authedProcedure.query(({ ctx }) => ctx.caller.user),
  changePassword: authedProcedure.input(changePasswordInput).mutation(async ({ ctx, input }) => {
    await ctx.services.auth.changePassword(ctx.caller, input.currentPassword, input.newPassword, ctx.ip);
    return { ok: true as const };
  }),
  // The caller's own live sessions (devices), and ending one of them.
  sessions: authedProcedure.query(({ ctx }) => ctx.services.adminOps.sessions(ctx.caller.user.id, ctx.caller.sessionId)),
  revokeSession: authedProcedure.input(sessionRevokeInput).mutation(async ({ ctx, input }) => {
    await ctx.services.adminOps.revokeSession({ caller: ctx.caller, ip: ctx.ip }, input.id, ctx.caller.user.id);
    return { ok: true as const };
  }),
});
