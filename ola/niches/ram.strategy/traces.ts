// access trace generators: scans through a hot set, loops just past the cache, zipfian
// popularity and phase changes. every generator appends n keys to `out`.
import type { Rng } from '../shared/rng.ts';

export const MAX_SIZE = 64;

/** the key space: keys are handed out in consecutive runs so scans and loops are sequential */
export class Universe {
  readonly sizes: number[] = [];
  constructor(private readonly r: Rng) {}

  private fresh(): number {
    // log-uniform 1..64: mostly small objects, a few large ones
    const s = Math.floor(Math.exp(this.r.range(0, Math.log(MAX_SIZE + 1))));
    this.sizes.push(Math.min(MAX_SIZE, Math.max(1, s)));
    return this.sizes.length - 1;
  }

  /** consecutive fresh keys whose sizes add up to at least `units` */
  region(units: number): number[] {
    const keys: number[] = [];
    for (let total = 0; total < units; ) {
      const k = this.fresh();
      keys.push(k);
      total += this.sizes[k]!;
    }
    return keys;
  }

  count(n: number): number[] {
    return Array.from({ length: n }, () => this.fresh());
  }
}

/** draws ranks 0..n-1 with p(rank) proportional to 1 / (rank + 1)^alpha */
export function zipf(r: Rng, n: number, alpha: number): () => number {
  const cdf = new Float64Array(n);
  let sum = 0;
  for (let i = 0; i < n; i++) cdf[i] = sum += 1 / (i + 1) ** alpha;
  return () => {
    const x = r.next() * sum;
    let lo = 0;
    let hi = n - 1;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (cdf[mid]! < x) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  };
}

function shuffled<T>(r: Rng, xs: T[]): T[] {
  const a = xs.slice();
  for (let i = a.length - 1; i > 0; i--) {
    const j = r.int(0, i + 1);
    [a[i], a[j]] = [a[j]!, a[i]!];
  }
  return a;
}

/** the length of piece i when n is cut into k pieces that add up to n */
function part(n: number, k: number, i: number): number {
  return Math.floor((n * (i + 1)) / k) - Math.floor((n * i) / k);
}

export type Generator = (r: Rng, u: Universe, capacity: number, n: number, out: number[]) => void;

/** a hot set that fits, interrupted by long one-pass scans that flush an lru cache */
const scan: Generator = (r, u, cap, n, out) => {
  const hot = shuffled(r, u.region(r.range(0.4, 0.7) * cap));
  const pick = zipf(r, hot.length, r.range(0.4, 0.8));
  const cold = u.region(r.range(5, 8) * cap);
  const end = out.length + n;
  while (out.length < end) {
    for (let burst = r.int(500, 1400); burst > 0 && out.length < end; burst--) out.push(hot[pick()]!);
    let at = r.int(0, cold.length);
    for (let units = r.range(1.2, 2.5) * cap; units > 0 && out.length < end; at = (at + 1) % cold.length) {
      out.push(cold[at]!);
      units -= u.sizes[cold[at]!]!;
    }
  }
};

/** loops over consecutive keys a little larger than the cache, with a few hot keys between */
const loop: Generator = (r, u, cap, n, out) => {
  const hot = u.count(r.int(4, 10));
  const hotShare = r.range(0.05, 0.15);
  const segments = r.int(1, 3);
  for (let s = 0; s < segments; s++) {
    const body = u.region(r.range(1.1, 1.4) * cap);
    for (let i = 0, at = 0, len = part(n, segments, s); i < len; i++) {
      if (r.chance(hotShare)) out.push(hot[r.int(0, hot.length)]!);
      else out.push(body[at++ % body.length]!);
    }
  }
};

/** skewed popularity over a key space many times the cache */
const zipfian: Generator = (r, u, cap, n, out) => {
  const keys = shuffled(r, u.region(r.range(8, 16) * cap));
  const pick = zipf(r, keys.length, r.range(0.7, 1.0));
  for (let i = 0; i < n; i++) out.push(keys[pick()]!);
};

/** working sets that change abruptly, some revisited later */
const phase: Generator = (r, u, cap, n, out) => {
  const sets = Array.from({ length: r.int(2, 4) }, () => shuffled(r, u.region(r.range(0.7, 2.5) * cap)));
  const phases = r.int(3, 7);
  for (let p = 0; p < phases; p++) {
    const set = sets[r.int(0, sets.length)]!;
    const pick = zipf(r, set.length, r.range(0.2, 0.7));
    for (let i = 0, len = part(n, phases, p); i < len; i++) out.push(set[pick()]!);
  }
};

/** each of the other kinds in turn, in a random order, over one key space */
const mixed: Generator = (r, u, cap, n, out) => {
  const parts = shuffled(r, [scan, loop, zipfian, phase]);
  parts.forEach((g, i) => g(r, u, cap, part(n, parts.length, i), out));
};

export const GENERATORS = { scan, loop, zipf: zipfian, phase, mixed } as const;
export type TraceKind = keyof typeof GENERATORS;
