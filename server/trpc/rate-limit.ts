import { AppError } from '../../src/shared/errors';

// Per-user token buckets for the procedures that cost the server real work (a full export, an
// import file parsed, a LIKE search over every customer). In memory: one server process serves
// one company, and a restart forgetting the counts is harmless. Sized so a person working in
// the UI never meets them; a script hammering the API does, and is told when to come back.
export const RATE_LIMITS = {
  // burst size, and how many seconds it takes to earn one call back
  export: { burst: 10, refillSeconds: 6 },
  import: { burst: 30, refillSeconds: 2 },
  search: { burst: 120, refillSeconds: 0.5 },
} as const;
export type RateBucket = keyof typeof RATE_LIMITS;

interface Bucket {
  tokens: number;
  at: number;
}

export class RateLimiter {
  private readonly buckets = new Map<string, Bucket>();
  // Replaceable so tests can move time on instead of sleeping; `enabled` is for benchmarks.
  now: () => number = () => Date.now();
  enabled = true;

  // Takes one call from the user's bucket or refuses with the seconds until one is back.
  take(userId: string, bucket: RateBucket): void {
    if (!this.enabled) return;
    const { burst, refillSeconds } = RATE_LIMITS[bucket];
    const key = `${bucket}:${userId}`;
    const now = this.now();
    const b = this.buckets.get(key) ?? { tokens: burst, at: now };
    b.tokens = Math.min(burst, b.tokens + (now - b.at) / 1000 / refillSeconds);
    b.at = now;
    this.buckets.set(key, b);
    if (b.tokens < 1) throw new AppError('RATE_LIMITED', { retryAfter: Math.ceil((1 - b.tokens) * refillSeconds) });
    b.tokens -= 1;
    // Full buckets carry no information: dropping them keeps the map as small as the active users.
    if (this.buckets.size > 10_000) for (const [k, v] of this.buckets) if (v.tokens >= RATE_LIMITS[k.split(':')[0] as RateBucket].burst - 1) this.buckets.delete(k);
  }
}
