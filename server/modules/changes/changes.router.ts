import { on } from 'node:events';
import { authedProcedure } from '../../trpc/procedures';
import { router } from '../../trpc/trpc';
import type { ChangeEvent } from './change-log.service';
import { mayHear } from './change-visibility';

export interface ChangeNotice {
  entity: string;
  entityId: string;
  op: ChangeEvent['op'];
}

// Live refresh over SSE (tRPC httpSubscriptionLink): tells a client which records changed,
// never what they contain, and only for records it may see; the client re-reads them.
export const changesRouter = router({
  onChange: authedProcedure.subscription(async function* ({ ctx, signal }): AsyncGenerator<ChangeNotice> {
    const events = ctx.services.changes.events;
    try {
      for await (const [ev] of on(events, 'change', { signal }) as AsyncIterable<[ChangeEvent]>) {
        if (await mayHear(ctx.db, ctx.caller, ev)) yield { entity: ev.entity, entityId: ev.entityId, op: ev.op };
      }
    } catch (e) {
      if ((e as Error).name !== 'AbortError') throw e;
    }
  }),
});
