import { z } from 'zod';
import { AppError } from '../../../shared/errors';
import { ConflictStore } from '../cache/conflict-store';
import type { SyncStatus } from '../sync/sync-engine';
import type { LocalContext } from './context';
import { checked, router, signedInProcedure } from './trpc';
import { EventQueue } from '../util/event-queue';

const q = signedInProcedure;

const mutationIdInput = z.object({ mutationId: z.string().trim().min(1, { message: 'validation.required' }).max(100) });
const useMineInput = mutationIdInput.extend({
  fields: z.array(z.string().max(100)).min(1, { message: 'validation.required' }).max(100).optional(),
});

// The review shows cached values, so it is locked with the rest of the cache past the offline lease.
function reviewOf(ctx: LocalContext): ConflictStore {
  const cache = ctx.sync.readableCache();
  if (!cache) throw new AppError('NOT_SIGNED_IN');
  return new ConflictStore(cache);
}

// A change of the review lists is a change of the status counts: listeners hear it at once.
function settled(ctx: LocalContext, resolve: (review: ConflictStore) => void, sync = false): { ok: true } {
  resolve(reviewOf(ctx));
  ctx.sync.changed();
  // The user's values went into the outbox: push them now rather than at the next poll.
  if (sync) ctx.sync.engine()?.kick();
  return { ok: true };
}

// The offline cache's background sync, for the status indicator (the current status, then
// each change of it until the caller stops listening or the session ends), and the review of
// what a sync could not settle alone: conflicts and refused edits.
export const syncRouter = router({
  status: q.query(({ ctx }) => ctx.sync.status()),
  onStatus: q.subscription(async function* ({ ctx, signal }) {
    const queue = new EventQueue<SyncStatus>();
    queue.push(ctx.sync.status());
    const off = ctx.sync.onStatus((s) => queue.push(s));
    const stop = () => queue.end();
    signal?.addEventListener('abort', stop);
    try {
      yield* queue.drain(() => !signal?.aborted && ctx.session.isSignedIn());
    } finally {
      off();
      signal?.removeEventListener('abort', stop);
    }
  }),

  conflicts: q.query(({ ctx }) => reviewOf(ctx).conflicts()),
  keepServer: q.input(checked(mutationIdInput)).mutation(({ ctx, input }) => settled(ctx, (r) => r.keepServer(input.mutationId))),
  useMine: q.input(checked(useMineInput)).mutation(({ ctx, input }) => settled(ctx, (r) => r.useMine(input.mutationId, input.fields), true)),

  rejected: q.query(({ ctx }) => reviewOf(ctx).rejected()),
  discardRejected: q.input(checked(mutationIdInput)).mutation(({ ctx, input }) => settled(ctx, (r) => r.discardRejected(input.mutationId))),
  // The refused create or edit with the user's values, to reopen its form; the entry stays
  // until the form is saved (then discarded) so nothing typed is lost on a second refusal.
  reopenRejected: q.input(checked(mutationIdInput)).query(({ ctx, input }) => reviewOf(ctx).reopen(input.mutationId)),
});
