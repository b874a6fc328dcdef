import type { Caller } from '../../trpc/context';
import type { Actor } from '../customers/actor';
import type { SettingsService } from '../settings/settings.service';
import { SyncFeed, type FeedDeps, type PullResult } from './sync-feed';
import { SyncPush, type MutationResult, type PushDeps, type SyncMutationInput } from './sync-push';

// The offline client's two calls: pull (sync-feed.ts: the caller's view as changes since a
// cursor, never skipping a committed change) and push (sync-push.ts: outbox mutations applied
// exactly once through the domain services, merged field by field).
export interface OfflineLease {
  lockDays: number;
  wipeDays: number;
}

export class SyncService {
  private readonly feed: SyncFeed;
  private readonly pusher: SyncPush;

  private readonly settings: SettingsService;

  constructor(deps: FeedDeps & PushDeps & { settings: SettingsService }) {
    this.feed = new SyncFeed(deps);
    this.pusher = new SyncPush(deps);
    this.settings = deps.settings;
  }

  // Each page carries the offline lease, so a change of the settings reaches every client at
  // its next round, and every successful pull renews the client's lease.
  async pull(caller: Caller, cursor: string | null | undefined, limit: number): Promise<PullResult & { lease: OfflineLease }> {
    const [page, settings] = await Promise.all([this.feed.pull(caller, cursor, limit), this.settings.all()]);
    return { ...page, lease: { lockDays: settings['sync.offlineLockDays'], wipeDays: settings['sync.offlineWipeDays'] } };
  }

  push(actor: Actor, mutations: SyncMutationInput[]): Promise<MutationResult[]> {
    return this.pusher.push(actor, mutations);
  }
}
