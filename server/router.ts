import { authRouter } from './modules/auth/auth.router';
import { publicProcedure } from './trpc/procedures';
import { router } from './trpc/trpc';
import { SERVER_VERSION } from './version';

export const appRouter = router({
  health: publicProcedure.query(({ ctx }) => ({ status: 'ok' as const, version: SERVER_VERSION, database: ctx.config.databaseKind })),
  auth: authRouter,
});

export type ServerRouter = typeof appRouter;
