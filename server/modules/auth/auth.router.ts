import { sessionRevokeInput } from '../../../src/shared/domain/admin.schema';
import { changePasswordInput, loginInput } from '../../../src/shared/domain/auth.schema';
import { loginTwoFactorInput, twoFactorConfirmInput, twoFactorDisableInput } from '../../../src/shared/domain/two-factor.schema';
import { authedProcedure, publicProcedure } from '../../trpc/procedures';
import { router } from '../../trpc/trpc';

// The caller's own authenticator: setting it up (also while a role forces it, hence under auth.*),
// and turning it off.
const twoFactor = router({
  status: authedProcedure.query(({ ctx }) => ctx.services.auth.twoFactor.status(ctx.caller)),
  start: authedProcedure.mutation(({ ctx }) => ctx.services.auth.twoFactor.start(ctx.caller)),
  confirm: authedProcedure.input(twoFactorConfirmInput).mutation(({ ctx, input }) => ctx.services.auth.twoFactor.confirm(ctx.caller, input.code, ctx.ip)),
  disable: authedProcedure.input(twoFactorDisableInput).mutation(async ({ ctx, input }) => {
    await ctx.services.auth.twoFactor.disable(ctx.caller, input, ctx.ip);
    return { ok: true as const };
  }),
});

export const authRouter = router({
  login: publicProcedure
    .input(loginInput)
    .mutation(({ ctx, input }) => ctx.services.auth.login(input.username, input.password, ctx.ip, input.device ?? ctx.userAgent)),
  loginTwoFactor: publicProcedure
    .input(loginTwoFactorInput)
    .mutation(({ ctx, input }) => ctx.services.auth.loginTwoFactor(input.challenge, input.code, ctx.ip, input.device ?? null)),
  twoFactor,
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
