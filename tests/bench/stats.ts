export function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return NaN;
  const i = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[i]!;
}

export interface Timing {
  p50: number;
  p95: number;
}

// Times `fn` `runs` times after a few warm-up calls; milliseconds.
export async function time(fn: () => Promise<unknown>, runs: number, warmup = 5): Promise<Timing> {
  for (let i = 0; i < warmup; i++) await fn();
  const samples: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t0 = process.hrtime.bigint();
    await fn();
    samples.push(Number(process.hrtime.bigint() - t0) / 1e6);
  }
  samples.sort((a, b) => a - b);
  return { p50: percentile(samples, 50), p95: percentile(samples, 95) };
}

export const ms = (v: number) => `${v.toFixed(2)} ms`;
export const secs = (ms: number) => `${(ms / 1000).toFixed(2)} s`;
