// the host's check of a run: replays the driver's decision log on the trace with the same
// rules and recomputes every count, so a count the log does not support is caught.
import type { RamInput } from './scenarios.ts';

export interface RamLog {
  /** per access: 0 hit, 1 miss loaded, 2 miss bypassed */
  codes: Uint8Array;
  /** per access: how many keys the prefetch after it loaded */
  prefetchCounts: Uint8Array;
  /** every victim, in the order evict named them */
  victims: Int32Array;
  /** every prefetched key that was loaded, in order */
  prefetched: Int32Array;
}

export interface RamCounts {
  hits: number;
  misses: number;
  bypassed: number;
  evictions: number;
  prefetchLoads: number;
  prefetchUsed: number;
  occupancySum: number;
  samples: number;
}

/** resident: per key, 1 when the policy left it in the cache at the end */
export type Replay = { ok: true; counts: RamCounts; resident: Uint8Array } | { ok: false; reason: string };

export function replay(input: RamInput, log: RamLog): Replay {
  const { capacity, sizes, keys, warmup } = input;
  const resident = new Uint8Array(sizes.length);
  const unused = new Uint8Array(sizes.length);
  const c: RamCounts = { hits: 0, misses: 0, bypassed: 0, evictions: 0, prefetchLoads: 0, prefetchUsed: 0, occupancySum: 0, samples: 0 };
  let used = 0;
  let pi = 0;
  let problem = '';

  const room = (size: number, t: number): boolean => {
    while (used + size > capacity) {
      const v = log.victims[c.evictions];
      if (v === undefined) return (problem = `the log has too few victims at access ${t}`), false;
      if (!(v >= 0 && v < sizes.length) || !resident[v]) return (problem = `victim ${v} at access ${t} is not resident`), false;
      c.evictions++;
      resident[v] = 0;
      unused[v] = 0;
      used -= sizes[v]!;
    }
    return true;
  };
  const load = (k: number, early: boolean) => {
    resident[k] = 1;
    used += sizes[k]!;
    if (early) unused[k] = 1;
  };

  for (let i = 0; i < keys.length; i++) {
    const k = keys[i]!;
    const code = log.codes[i];
    if (resident[k]) {
      if (code !== 0) return { ok: false, reason: `access ${i} is logged as a miss but key ${k} is resident` };
      c.hits++;
      if (unused[k]) (unused[k] = 0), c.prefetchUsed++;
    } else {
      if (code !== 1 && code !== 2) return { ok: false, reason: `access ${i} is logged as a hit but key ${k} is not resident` };
      c.misses++;
      if (code === 2) c.bypassed++;
      else if (room(sizes[k]!, i)) load(k, false);
      else return { ok: false, reason: problem };
    }
    for (let j = log.prefetchCounts[i]!; j > 0; j--) {
      const p = log.prefetched[pi++];
      if (p === undefined) return { ok: false, reason: `the log has too few prefetched keys at access ${i}` };
      if (!(p >= 0 && p < sizes.length) || resident[p]) return { ok: false, reason: `prefetched key ${p} at access ${i} is not a load` };
      if (!room(sizes[p]!, i)) return { ok: false, reason: problem };
      load(p, true);
      c.prefetchLoads++;
    }
    if (i >= warmup) (c.occupancySum += used), c.samples++;
  }
  if (c.evictions !== log.victims.length) return { ok: false, reason: `the log has ${log.victims.length - c.evictions} victims more than the replay needed` };
  if (pi !== log.prefetched.length) return { ok: false, reason: `the log has ${log.prefetched.length - pi} prefetched keys more than it placed` };
  return { ok: true, counts: c, resident };
}
