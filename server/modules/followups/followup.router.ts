import { idInput } from '../../../src/shared/domain/common.schema';
import { followUpCreateInput, followUpListInput, followUpUpdateInput } from '../../../src/shared/domain/followup.schema';
import { permitted } from '../../trpc/procedures';
import { router } from '../../trpc/trpc';
import { actorOf } from '../customers/customer.router';

export const followUpsRouter = router({
  list: permitted('followups.view')
    .input(followUpListInput)
    .query(({ ctx, input }) => ctx.services.followUps.list(actorOf(ctx), input)),
  get: permitted('followups.view')
    .input(idInput)
    .query(({ ctx, input }) => ctx.services.followUps.get(actorOf(ctx), input.id)),
  create: permitted('followups.create')
    .input(followUpCreateInput)
    .mutation(({ ctx, input }) => ctx.services.followUps.create(actorOf(ctx), input)),
  update: permitted('followups.edit')
    .input(followUpUpdateInput)
    .mutation(({ ctx, input }) => ctx.services.followUps.update(actorOf(ctx), input)),
  delete: permitted('followups.delete')
    .input(idInput)
    .mutation(({ ctx, input }) => ctx.services.followUps.delete(actorOf(ctx), input.id)),
});
