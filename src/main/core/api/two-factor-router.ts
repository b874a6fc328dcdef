import { z } from 'zod';
import { totpCodeSchema, twoFactorCodeSchema, twoFactorDisableInput } from '../../../shared/domain/two-factor.schema';
import { checked, publicProcedure, router, signedInProcedure as q } from './trpc';

// The second step of a sign-in (session.loginTwoFactor): the core holds the challenge, the
// renderer sends only the code.
export const loginTwoFactorProcedure = publicProcedure.input(checked(z.object({ code: twoFactorCodeSchema }))).mutation(async ({ ctx, input }) => {
  const user = await ctx.session.loginTwoFactor(input);
  // As after a one-step sign-in: the offline cache is open before the UI asks for anything.
  await ctx.sync.settled();
  return user;
});

// The signed-in user's own authenticator (session.twoFactor.*), as auth.twoFactor.* on the server.
export const twoFactorRouter = router({
  status: q.query(({ ctx }) => ctx.session.twoFactorStatus()),
  start: q.mutation(({ ctx }) => ctx.session.twoFactorStart()),
  confirm: q.input(checked(z.object({ code: totpCodeSchema }))).mutation(({ ctx, input }) => ctx.session.twoFactorConfirm(input)),
  disable: q.input(checked(twoFactorDisableInput)).mutation(({ ctx, input }) => ctx.session.twoFactorDisable(input)),
});
