import { z } from 'zod';
import { idSchema, pageInput } from '../../../src/shared/domain/common.schema';
import { authedProcedure } from '../../trpc/procedures';
import { router } from '../../trpc/trpc';

// Everyone has notifications; each user only ever reaches their own.
export const notificationsRouter = router({
  list: authedProcedure
    .input(pageInput.extend({ unreadOnly: z.boolean().optional() }).default({ page: 1, pageSize: 50 }))
    .query(({ ctx, input }) => ctx.services.notifications.list(ctx.caller, input)),
  markRead: authedProcedure
    .input(z.union([z.object({ ids: z.array(idSchema).min(1).max(500) }), z.object({ all: z.literal(true) })]))
    .mutation(({ ctx, input }) => ctx.services.notifications.markRead(ctx.caller, input)),
});
