// scores a ram.strategy run on the host: replays the logged decisions, checks the driver's
// counts against the replay, and compares the hit rate with plain lru on the same trace.
import type { NicheJudge, ScenarioScore } from '../../core/contracts.ts';
import { mean } from '../shared/stats.ts';
import { replay, type RamCounts, type RamLog } from './replay.ts';
import type { RamInput, RamTruth } from './scenarios.ts';

/** counts the driver reports beside its log; all must agree with the replay */
const COUNTS = ['hits', 'misses', 'evictions', 'prefetchLoads', 'prefetchUsed', 'occupancySum', 'samples'] as const;

type RamOutput = RamLog & Pick<RamCounts, (typeof COUNTS)[number]> & { method: string; badType: string };

function shapeProblem(o: unknown, n: number): string {
  if (typeof o !== 'object' || o === null) return 'output is not the driver shape';
  const x = o as Partial<RamOutput>;
  if (typeof x.badType !== 'string' || typeof x.method !== 'string') return 'output is not the driver shape';
  if (x.badType) return '';
  if (!(x.codes instanceof Uint8Array) || x.codes.length !== n) return 'codes are not one byte per access';
  if (!(x.prefetchCounts instanceof Uint8Array) || x.prefetchCounts.length !== n) return 'prefetch counts are not one byte per access';
  if (!(x.victims instanceof Int32Array) || !(x.prefetched instanceof Int32Array)) return 'the decision log is not int32 arrays';
  for (const k of COUNTS) if (typeof x[k] !== 'number' || !Number.isFinite(x[k])) return `count ${k} is not a finite number`;
  return '';
}

function fail(scenarioId: string, reason: string): ScenarioScore {
  return { scenarioId, ok: false, reason, metrics: {} };
}

export const ramJudge: NicheJudge<RamInput, RamTruth> = {
  judge(scenario, output): ScenarioScore {
    const id = scenario.id;
    const { input, truth } = scenario;
    const n = input.keys.length;
    const shape = shapeProblem(output, n);
    if (shape) return fail(id, shape);
    const out = output as RamOutput;
    if (out.badType) return fail(id, out.badType);
    const r = replay(input, out);
    if (!r.ok) return fail(id, `replay: ${r.reason}`);
    for (const k of COUNTS) {
      if (out[k] !== r.counts[k]) return fail(id, `driver counts disagree with the replay: ${k} ${out[k]} vs ${r.counts[k]}`);
    }
    const c = r.counts;
    const hitRate = c.hits / n;
    const lruRate = truth.lruHits / n;
    const metrics: Record<string, number> = {
      cache_hit_rate: hitRate,
      lru_hit_rate: lruRate,
      gain_over_lru: hitRate - lruRate,
      compaction: c.samples > 0 ? c.occupancySum / (c.samples * input.capacity) : 0,
      buffering: c.prefetchLoads > 0 ? c.prefetchUsed / c.prefetchLoads : 0,
      evictions: c.evictions,
      prefetch_rate: c.prefetchLoads / n,
      bypass_rate: c.bypassed / n,
    };
    return { scenarioId: id, ok: true, metrics, labels: { method: out.method || 'unnamed' } };
  },

  aggregate(scores) {
    const ok = scores.filter((s) => s.ok);
    const pick = (k: string) => ok.map((s) => s.metrics[k]).filter((v): v is number => v !== undefined);
    const out: Record<string, number> = {};
    for (const k of ['cache_hit_rate', 'lru_hit_rate', 'gain_over_lru', 'compaction', 'buffering', 'evictions', 'prefetch_rate', 'bypass_rate']) {
      out[k] = mean(pick(k));
    }
    // the gate also wants no single trace much worse than lru
    out.worst_gain_over_lru = Math.min(...pick('gain_over_lru'));
    return out;
  },

  utility: (m) => (Number.isFinite(m.cache_hit_rate) ? Math.min(1, Math.max(0, m.cache_hit_rate!)) : 0),
};
