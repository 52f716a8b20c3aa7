// ram.strategy in shadow: the lab's own artifact-cache access trace (keys and sizes, oldest
// first), cut into windows from its newest end; each window is a scenario of the niche's shape
// (its keys renumbered from 0, each key's size, a cache half the window's footprint), and its
// event is the window's hit rate, replayed and checked by the niche's judge.
import { ramJudge } from '../../../niches/ram.strategy/judge.ts';
import { lruHits } from '../../../niches/ram.strategy/lru.ts';
import { WARMUP_SHARE, type RamScenario } from '../../../niches/ram.strategy/scenarios.ts';
import type { LiveFeed, SideEvents } from '../live.ts';

/** accesses a window, and windows a round at most */
export const WINDOW = 200;
const MAX_WINDOWS = 64;
/** the cache holds this share of a window's footprint, and at least the largest object */
const CAPACITY_SHARE = 0.5;
const MAX_SIZE = 64;

/** one window as a scenario: keys renumbered by first sight, sizes 1..64 units */
export function windowScenario(id: string, keys: number[], sizes: number[]): RamScenario {
  const index = new Map<number, number>();
  const size: number[] = [];
  const trace = keys.map((k, i) => {
    let j = index.get(k);
    if (j === undefined) {
      j = index.size;
      index.set(k, j);
      size.push(Math.min(MAX_SIZE, Math.max(1, Math.round(sizes[i] ?? 1) || 1)));
    }
    return j;
  });
  const footprint = size.reduce((a, b) => a + b, 0);
  const input = {
    capacity: Math.max(MAX_SIZE, Math.floor(footprint * CAPACITY_SHARE)),
    sizes: Uint8Array.from(size),
    keys: Int32Array.from(trace),
    warmup: Math.floor(trace.length * WARMUP_SHARE),
  };
  return { id, seed: 0, kind: 'live', heldOut: false, input, truth: { lruHits: lruHits(input) } };
}

export const ramStrategyLive: LiveFeed = {
  niche: 'ram.strategy',
  async source(ctx) {
    const n = ctx.traces.cacheAccesses().keys.length;
    if (n < WINDOW) return { available: false, reason: `the lab's artifact cache has ${n} accesses so far; a window needs ${WINDOW}` };
    return { available: true, what: `the lab's artifact-cache access trace (${n} accesses), in windows of ${WINDOW}` };
  },
  async capture(ctx) {
    const { keys, sizes, start: first } = ctx.traces.cacheAccesses();
    // only accesses no earlier round consumed: an idle lab feeds nothing twice
    const fresh = Math.max(0, ctx.cursor - first);
    const count = Math.min(MAX_WINDOWS, Math.floor((keys.length - fresh) / WINDOW));
    const scenarios: RamScenario[] = [];
    for (let w = 0; w < count; w++) {
      const from = fresh + w * WINDOW;
      scenarios.push(windowScenario(`ram.strategy:live:${ctx.round}:${w}`, keys.slice(from, from + WINDOW), sizes.slice(from, from + WINDOW)));
    }
    const cursor = first + fresh + count * WINDOW;
    return { scenarios, cursor, source: `${count} windows of ${WINDOW} new artifact-cache accesses (${keys.length - fresh} not fed before)` };
  },
  events(scenario, output): SideEvents {
    const s = scenario as RamScenario;
    const score = ramJudge.judge(s, output, { cpuMs: NaN, wallMs: NaN });
    if (!score.ok) return { ok: false, reason: score.reason ?? 'the run could not be judged' };
    const rate = score.metrics.cache_hit_rate!;
    return { ok: true, values: [rate], seen: [rate], truth: [{ lru_hit_rate: score.metrics.lru_hit_rate }], wrong: 0 };
  },
  // what a reader of the cache sees: as many hits in the window
  same: (a, b) => typeof a === 'number' && typeof b === 'number' && Math.abs(a - b) < 1e-9,
};
