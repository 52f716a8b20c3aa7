// niche `input.predictor`: predict pointer position, velocity and click intent a horizon ahead.
import type { Niche, Score } from '../../core/contracts.ts';
import { nicheFiles } from '../shared/harness-hash.ts';
import { heldOutSeeds, rng } from '../shared/rng.ts';
import { gates } from './gates.ts';
import { inputPredictorJudge } from './judge.ts';
import { loadRecordings, recorded } from './recorded.ts';
import { KINDS, synthetic, TIMINGS, type MotionKind, type PointerInput, type PointerScenario, type PointerTruth, type Timing } from './scenarios.ts';
import { shadow } from './shadow.ts';


/** every motion style and every device timing appears at least once in public */
const PUBLIC: { seed: number; kind: MotionKind; timing: Timing }[] = [
  { seed: 101, kind: 'targets', timing: 'mouse125' },
  { seed: 202, kind: 'curves', timing: 'irregular' },
  { seed: 303, kind: 'tremor', timing: 'display60' },
  { seed: 404, kind: 'drags', timing: 'mouse125' },
  { seed: 505, kind: 'targets', timing: 'gaming500' },
];

/** one held-out scenario per motion style; its device timing comes from the secret seed too */
function heldOut(key: Buffer): PointerScenario[] {
  return heldOutSeeds(key, KINDS.length).map((seed, i) => {
    const timing = rng(seed ^ 0x5bd1e995).pick(TIMINGS);
    return synthetic(seed, KINDS[i]!, timing, true, `input.predictor:heldout:${i}`);
  });
}

export const inputPredictorNiche: Niche<PointerInput, PointerTruth> = {
  id: 'input.predictor',
  title: 'pointer input predictor',
  description: 'from pointer events, predict position and velocity 50-100 ms ahead and whether a click is coming',
  ...nicheFiles(import.meta.url),
  requiredExports: ['observe', 'predict'],
  event: 'input_prediction',
  headline: { metric: 'pos_error_px', better: 'lower', unit: 'px' },
  gates,
  shadow,
  judge: inputPredictorJudge,
  limits: { memoryMb: 64, cpuMs: 1000, wallMs: 3000, maxOutputBytes: 1 << 20 },
  // at the vm stage the trace goes through the virtio tablet and evdev
  device: 'tablet',

  // leaving the vm stage also needs green runs on scenarios from seeds drawn at random
  fuzzRuns: { vm: 3 },
  fuzz(seed) {
    return synthetic(seed, KINDS[seed % KINDS.length]!, TIMINGS[(seed >>> 3) % TIMINGS.length]!, true, `input.predictor:fuzz:${seed}`);
  },

  scenarios(ctx): PointerScenario[] {
    const pub = PUBLIC.map((p) => synthetic(p.seed, p.kind, p.timing, false));
    return [...pub, ...loadRecordings(ctx.storageDir).map(recorded), ...heldOut(ctx.heldOutKey)];
  },

  telemetry(score: Score, artifactId: string) {
    return {
      artifact_id: artifactId,
      latency_ms: score.metrics.latency_ms ?? null,
      acc_v: score.metrics.acc_v ?? null,
      click_intent_acc: score.metrics.click_intent_acc ?? null,
      pos_error_px: score.metrics.pos_error_px ?? null,
      method: score.labels.method ?? 'unnamed',
    };
  },
};

export default inputPredictorNiche;
