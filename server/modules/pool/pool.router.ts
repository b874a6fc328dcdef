import { z } from 'zod';
import { idSchema, optionalText } from '../../../src/shared/domain/common.schema';
import { customerListInput, releaseInput } from '../../../src/shared/domain/customer.schema';
import { permitted } from '../../trpc/procedures';
import { router } from '../../trpc/trpc';
import { actorOf } from '../customers/customer.router';

const ids = z.array(idSchema).min(1).max(500);

export const poolRouter = router({
  list: permitted('pool.view')
    .input(customerListInput)
    .query(({ ctx, input }) => ctx.services.pool.list(actorOf(ctx), input)),
  claim: permitted('pool.claim')
    .input(z.object({ ids }))
    .mutation(({ ctx, input }) => ctx.services.pool.claim(actorOf(ctx), input.ids)),
  release: permitted('pool.release')
    .input(releaseInput)
    .mutation(({ ctx, input }) => ctx.services.pool.release(actorOf(ctx), input.ids, input.reason)),
  assign: permitted('pool.assign')
    .input(z.object({ ids, toUserId: idSchema, reason: optionalText(200) }))
    .mutation(({ ctx, input }) => ctx.services.pool.assign(actorOf(ctx), input.ids, input.toUserId, input.reason)),
});
