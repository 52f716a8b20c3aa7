// seeded randomness for scenarios: same seed, same scenario, on any machine.

export interface Rng {
  /** uniform in [0, 1) */
  next(): number;
  range(lo: number, hi: number): number;
  int(lo: number, hiExclusive: number): number;
  gauss(mean?: number, sd?: number): number;
  pick<T>(items: readonly T[]): T;
  chance(p: number): boolean;
}

export function rng(seed: number): Rng {
  // mulberry32
  let s = seed >>> 0;
  const next = (): number => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const r: Rng = {
    next,
    range: (lo, hi) => lo + (hi - lo) * next(),
    int: (lo, hi) => lo + Math.floor((hi - lo) * next()),
    gauss: (mean = 0, sd = 1) => {
      const u = Math.max(next(), 1e-12);
      return mean + sd * Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * next());
    },
    pick: (items) => items[Math.floor(next() * items.length)]!,
    chance: (p) => next() < p,
  };
  return r;
}

/** held-out seeds derived from the lab's secret: never in code, never shown */
export function heldOutSeeds(key: Buffer, count: number): number[] {
  const seeds: number[] = [];
  for (let i = 0; i < count; i++) seeds.push(key.readUInt32BE((i * 4) % (key.length - 3)) ^ (i * 0x9e3779b9));
  return seeds.map((s) => s >>> 0);
}
