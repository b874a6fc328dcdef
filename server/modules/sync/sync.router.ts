import { z } from 'zod';
import { permitted } from '../../trpc/procedures';
import { router } from '../../trpc/trpc';
import { actorOf } from '../customers/customer.router';
import { syncMutationSchema } from './sync-push';

const pullInput = z.object({
  cursor: z.string().max(200).nullish(),
  limit: z.number().int().min(1).max(2000).default(500),
});

const pushInput = z.object({ mutations: z.array(syncMutationSchema).min(1).max(100) });

// The offline client's feed. Everything the cache holds hangs off customers, so seeing
// customers is the entry ticket; what else a caller gets (contacts, follow-ups, which fields)
// and may write is decided per record and per mutation by the same rules as online.
export const syncRouter = router({
  pull: permitted('customers.view')
    .input(pullInput)
    .query(({ ctx, input }) => ctx.services.sync.pull(ctx.caller, input.cursor, input.limit)),
  push: permitted('customers.view')
    .input(pushInput)
    .mutation(({ ctx, input }) => ctx.services.sync.push(actorOf(ctx), input.mutations)),
});
