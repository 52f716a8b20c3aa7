// niche `ram.strategy`: a caching policy (admission, eviction, prefetch) over access traces.
import type { Niche, Score } from '../../core/contracts.ts';
import { nicheFiles } from '../shared/harness-hash.ts';
import { heldOutSeeds } from '../shared/rng.ts';
import { gates } from './gates.ts';
import { ramJudge } from './judge.ts';
import { KINDS, synthetic, type RamInput, type RamScenario, type RamTruth } from './scenarios.ts';
import { shadow } from './shadow.ts';
import type { TraceKind } from './traces.ts';

/** one public scenario per kind: each run costs a fresh context, so the set is lean */
const PUBLIC_SEEDS = [1101, 2202, 3303, 4404, 5505];
/** held-out kinds: the structured traces a policy could overfit, and the mix */
const HELD_OUT_KINDS: readonly TraceKind[] = ['scan', 'loop', 'phase', 'mixed'];

export const ramStrategyNiche: Niche<RamInput, RamTruth> = {
  id: 'ram.strategy',
  title: 'ram strategy',
  description: 'a cache admission, eviction and prefetch policy over memory access traces, judged by hit rate against lru',
  ...nicheFiles(import.meta.url),
  requiredExports: ['init', 'evict'],
  event: 'ram_strategy_learned',
  headline: { metric: 'cache_hit_rate', better: 'higher', unit: 'ratio' },
  gates,
  shadow,
  judge: ramJudge,
  limits: { memoryMb: 64, cpuMs: 1000, wallMs: 3000, maxOutputBytes: 2 << 20 },

  // leaving the vm stage also needs green runs on scenarios from seeds drawn at random
  fuzzRuns: { vm: 6 },
  fuzz(seed) {
    return synthetic(seed, KINDS[seed % KINDS.length]!, true, `ram.strategy:fuzz:${seed}`);
  },

  scenarios(ctx): RamScenario[] {
    const pub = PUBLIC_SEEDS.map((seed, i) => synthetic(seed, KINDS[i % KINDS.length]!, false));
    const held = heldOutSeeds(ctx.heldOutKey, HELD_OUT_KINDS.length).map((seed, i) =>
      synthetic(seed, HELD_OUT_KINDS[i]!, true, `ram.strategy:heldout:${i}`),
    );
    return [...pub, ...held];
  },

  telemetry(score: Score, artifactId: string) {
    const m = score.metrics;
    return {
      artifact_id: artifactId,
      buffering: m.buffering ?? null,
      compaction: m.compaction ?? null,
      cache_hit_rate: m.cache_hit_rate ?? null,
      gain_over_lru: m.gain_over_lru ?? null,
      worst_gain_over_lru: m.worst_gain_over_lru ?? null,
      lru_hit_rate: m.lru_hit_rate ?? null,
      evictions: m.evictions ?? null,
      method: score.labels.method ?? 'unnamed',
    };
  },
};

export default ramStrategyNiche;
