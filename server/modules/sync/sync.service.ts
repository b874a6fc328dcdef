import type { Caller } from '../../trpc/context';
import type { Actor } from '../customers/actor';
import { SyncFeed, type FeedDeps, type PullResult } from './sync-feed';
import { SyncPush, type MutationResult, type PushDeps, type SyncMutationInput } from './sync-push';

// The offline client's two calls: pull (sync-feed.ts: the caller's view as changes since a
// cursor, never skipping a committed change) and push (sync-push.ts: outbox mutations applied
// exactly once through the domain services, merged field by field).
export class SyncService {
  private readonly feed: SyncFeed;
  private readonly pusher: SyncPush;

  constructor(deps: FeedDeps & PushDeps) {
    this.feed = new SyncFeed(deps);
    this.pusher = new SyncPush(deps);
  }

  pull(caller: Caller, cursor: string | null | undefined, limit: number): Promise<PullResult> {
    return this.feed.pull(caller, cursor, limit);
  }

  push(actor: Actor, mutations: SyncMutationInput[]): Promise<MutationResult[]> {
    return this.pusher.push(actor, mutations);
  }
}
