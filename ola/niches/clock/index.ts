// niche `clock`: infer wall time from monotonic deltas and sparse sync samples.
import type { Niche, Score } from '../../core/contracts.ts';
import { nicheFiles } from '../shared/harness-hash.ts';
import { newestRecordings } from '../shared/recordings.ts';
import { heldOutSeeds } from '../shared/rng.ts';
import { gates } from './gates.ts';
import { clockJudge, TARGET_MS } from './judge.ts';
import { KINDS, recorded, synthetic, type ClockInput, type ClockScenario, type ClockTruth, type Recording } from './scenarios.ts';
import { shadow } from './shadow.ts';

/** one public scenario per kind: each run costs a fresh context, so the set is lean */
const PUBLIC_SEEDS = [101, 202, 303, 404];
/** recorded host traces used as public scenarios (the newest few) */
const MAX_RECORDINGS = 2;

function parseRecording(raw: unknown): Recording | undefined {
  const rec = raw as Recording;
  const ok = Array.isArray(rec?.mono) && Array.isArray(rec.wall) && rec.mono.length === rec.wall.length && rec.mono.length > 10;
  return ok ? rec : undefined;
}

/**
 * evolution selects by the typical worst (each trace's p99, averaged) beside the single worst
 * estimate: the max of four traces alone is one moment of one trace, and variants tuned to it
 * lose on traces they have not seen
 */
function robustFitness(score: Score): number {
  const ok = score.scenarios.filter((s) => s.ok && Number.isFinite(s.metrics.p99_abs_error_ms));
  const max = score.metrics.max_abs_error_ms;
  if (ok.length === 0 || ok.length < score.scenarios.length || max === undefined || !Number.isFinite(max)) return score.utility;
  const p99 = ok.reduce((a, s) => a + s.metrics.p99_abs_error_ms!, 0) / ok.length;
  return TARGET_MS / (TARGET_MS + (max + p99) / 2);
}

export const clockNiche: Niche<ClockInput, ClockTruth> = {
  id: 'clock',
  title: 'internal clock',
  description: 'infer wall time within +-5 ms over 30 s from monotonic time and sparse, jittered sync samples',
  ...nicheFiles(import.meta.url),
  requiredExports: ['sync', 'estimate'],
  event: 'internal_clock_inferred',
  headline: { metric: 'max_abs_error_ms', better: 'lower', unit: 'ms' },
  gates,
  shadow,
  judge: clockJudge,
  fitness: robustFitness,
  limits: { memoryMb: 64, cpuMs: 1000, wallMs: 2000, maxOutputBytes: 1 << 20 },

  // leaving the vm stage also needs green runs on scenarios from seeds drawn at random
  fuzzRuns: { vm: 8 },
  fuzz(seed) {
    return synthetic(seed, KINDS[seed % KINDS.length]!, true, `clock:fuzz:${seed}`);
  },

  scenarios(ctx): ClockScenario[] {
    const pub = PUBLIC_SEEDS.map((seed, i) => synthetic(seed, KINDS[i % KINDS.length]!, false));
    const held = heldOutSeeds(ctx.heldOutKey, KINDS.length).map((seed, i) => synthetic(seed, KINDS[i]!, true, `clock:heldout:${i}`));
    return [...pub, ...newestRecordings(ctx.storageDir, 'clock', MAX_RECORDINGS, parseRecording).map((r) => recorded(r)), ...held];
  },

  telemetry(score: Score, artifactId: string) {
    return {
      artifact_id: artifactId,
      drift_ppm: score.metrics.drift_ppm ?? null,
      confidence: score.metrics.confidence ?? null,
      method: score.labels.method ?? 'unnamed',
      max_abs_error_ms: score.metrics.max_abs_error_ms ?? null,
      p99_abs_error_ms: score.metrics.p99_abs_error_ms ?? null,
    };
  },
};

export default clockNiche;
