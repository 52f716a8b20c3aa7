// timing helpers for bench:stages: latency of back-to-back runs, runs per second at a given
// concurrency, and latency when runs are paced so a warm pool keeps up.
import { quantile } from '../niches/shared/stats.ts';

export interface Timing {
  /** milliseconds, in the order the runs finished */
  ms: number[];
  /** runs per second over the whole measure */
  perSecond: number;
}

export function p(ms: readonly number[], q: number): number {
  return quantile([...ms].sort((a, b) => a - b), q);
}

/** `n` runs, `concurrency` at a time; each run's own latency is kept */
export async function timeRuns(n: number, concurrency: number, once: (i: number) => Promise<void>, tick?: () => void): Promise<Timing> {
  const ms: number[] = [];
  let next = 0;
  const t0 = performance.now();
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next < n) {
        const i = next++;
        const s = performance.now();
        await once(i);
        ms.push(performance.now() - s);
        tick?.();
      }
    }),
  );
  return { ms, perSecond: n / ((performance.now() - t0) / 1000) };
}

/** one run every `gapMs` (at least), so a warm pool has time to refill between runs */
export async function timePaced(n: number, gapMs: number, once: (i: number) => Promise<void>, tick?: () => void): Promise<number[]> {
  const ms: number[] = [];
  for (let i = 0; i < n; i++) {
    const s = performance.now();
    await once(i);
    const took = performance.now() - s;
    ms.push(took);
    tick?.();
    if (took < gapMs) await new Promise((r) => setTimeout(r, gapMs - took));
  }
  return ms;
}
