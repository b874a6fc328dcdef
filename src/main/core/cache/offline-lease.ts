import { AppError } from '../../../shared/errors';
import type { CacheDb } from './cache-db';

// The offline lease (server settings sync.offlineLockDays / sync.offlineWipeDays): how long a
// cache may serve reads without the server having confirmed the user. Kept inside the
// encrypted cache, so moving the date forward in a file needs the cache key anyway.
export interface LeaseTerms {
  lockDays: number;
  wipeDays: number;
}

// Used until the first pull brings the server's own terms (the server's defaults).
export const DEFAULT_LEASE: LeaseTerms = { lockDays: 7, wipeDays: 30 };

export type LeaseState = 'ok' | 'locked' | 'expired';

interface StoredLease extends LeaseTerms {
  lastContactAt: string | null;
}

const DAY_MS = 24 * 60 * 60 * 1000;
// A clock corrected backwards by NTP after a contact is not a user turning the date back.
const SKEW_MS = 10 * 60 * 1000;
const KEY = 'lease';

export function readLease(db: CacheDb): StoredLease {
  const row = db.prepare('SELECT value FROM sync_state WHERE key = ?').get(KEY) as { value: string } | undefined;
  try {
    const v = row ? (JSON.parse(row.value) as Partial<StoredLease>) : {};
    const days = (n: unknown, fallback: number) => (typeof n === 'number' && Number.isFinite(n) && n > 0 ? n : fallback);
    return {
      lastContactAt: typeof v.lastContactAt === 'string' ? v.lastContactAt : null,
      lockDays: days(v.lockDays, DEFAULT_LEASE.lockDays),
      wipeDays: days(v.wipeDays, DEFAULT_LEASE.wipeDays),
    };
  } catch {
    return { lastContactAt: null, ...DEFAULT_LEASE };
  }
}

// The server answered this user (a sign-in, a restored session, a pull): the lease starts over,
// under the server's current terms when it sent them.
export function recordContact(db: CacheDb, now: Date, terms?: LeaseTerms): void {
  const prev = readLease(db);
  const next: StoredLease = { lastContactAt: now.toISOString(), lockDays: terms?.lockDays ?? prev.lockDays, wipeDays: terms?.wipeDays ?? prev.wipeDays };
  db.prepare('INSERT INTO sync_state (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value').run(KEY, JSON.stringify(next));
}

// A cache that never had contact is new (it is created at a sign-in, which records one at
// once). A clock set back well before the last contact counts as locked: otherwise turning
// the date back would stretch the lease for ever.
export function leaseState(db: CacheDb, now: Date): LeaseState {
  const lease = readLease(db);
  if (!lease.lastContactAt) return 'ok';
  const elapsed = now.getTime() - Date.parse(lease.lastContactAt);
  if (Number.isNaN(elapsed)) return 'locked';
  if (elapsed >= lease.wipeDays * DAY_MS) return 'expired';
  if (elapsed < -SKEW_MS || elapsed >= lease.lockDays * DAY_MS) return 'locked';
  return 'ok';
}

// Cached reads call this first. Locked is not wiped: the outbox stays and is pushed after the
// next online sign-in.
export function assertReadable(db: CacheDb, now: Date): void {
  if (leaseState(db, now) !== 'ok') throw new AppError('CACHE_LOCKED');
}
