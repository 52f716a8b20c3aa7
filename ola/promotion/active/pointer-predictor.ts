// where the dashboard's pointer goes next: the active input.predictor, handed the pointer's last
// reports as one recorded trace (a prediction after each), predicts a horizon past the newest
// report; the viewer is sent that prediction. a use's metric is its error where the truth has
// come in: the predictions whose real position (at their horizon) arrived since the last use,
// against that position, in px. until one is active, the built-in fallback carries the last
// position forward, measured the same way.
import { recorded } from '../../niches/input.predictor/recorded.ts';
import { shapeProblem } from '../../niches/input.predictor/judge.ts';
import type { PointerScenario } from '../../niches/input.predictor/scenarios.ts';
import type { PointerEvent } from './pointer-path.ts';
import type { ActiveUse, Reader } from './use.ts';

/** the horizon: about three frames, the latency a predicted cursor hides */
export const HORIZON_MS = 50;
/** reports a use sees (2 s at 60 a second) */
export const WINDOW = 120;
/** fewer reports than this predict nothing */
export const MIN_EVENTS = 8;
const FIELDS = ['x', 'y', 'vx', 'vy', 'click'] as const;

export interface Prediction {
  x: number;
  y: number;
  horizonMs: number;
  source: 'active' | 'fallback';
  artifactId: string | null;
  /** mean error of the predictions whose truth came in with this batch, px (null: none did) */
  errorPx: number | null;
  /** predictions that error is over */
  judged: number;
}

type Xy = { x: Float64Array; y: Float64Array };

/** the mean error over the judged predictions whose truth time is past `since` (trace ms) */
export function errorSince(s: PointerScenario, p: Xy, since: number): { errorPx: number | null; judged: number } {
  const { truth, input } = s;
  let sum = 0;
  let n = 0;
  for (let k = 0; k < truth.judged.length; k++) {
    if (!truth.judged[k] || input.t[k]! + input.horizonMs <= since) continue;
    sum += Math.hypot(p.x[k]! - truth.x[k]!, p.y[k]! - truth.y[k]!);
    n++;
  }
  return { errorPx: n > 0 ? sum / n : null, judged: n };
}

export class PointerPredictor {
  /** the absolute time up to which truths were measured */
  private measuredTo = -Infinity;
  private seq = 0;

  constructor(private readonly use: ActiveUse) {}

  /** one batch: the reports so far (absolute ms), the prediction past the newest */
  async predict(events: PointerEvent[], signal: AbortSignal): Promise<Prediction | undefined> {
    if (events.length < MIN_EVENTS) return undefined;
    const t0 = events[0]![0];
    const tEnd = events.at(-1)![0];
    const scenario = recorded({ id: `dashboard-${++this.seq}`, horizonMs: HORIZON_MS, events });
    const since = this.measuredTo - t0;
    const started = performance.now();
    const read: Reader<Xy> = (out) => {
      const shape = shapeProblem(out, scenario.truth.press.length);
      if (shape) return { ok: false, reason: shape };
      const o = out as Record<(typeof FIELDS)[number], Float64Array>;
      for (const f of FIELDS) if (!o[f].every(Number.isFinite)) return { ok: false, reason: `a prediction's ${f} is not finite` };
      const e = errorSince(scenario, o, since);
      return { ok: true, value: o, ...(e.errorPx !== null ? { metric: e.errorPx } : {}) };
    };
    const active = await this.use.run('input.predictor', scenario, read, signal);
    if (signal.aborted) return undefined;
    this.measuredTo = tEnd;
    const last = scenario.input.x.length - 1;
    if (active) {
      const e = errorSince(scenario, active.value, since);
      return { x: active.value.x[last]!, y: active.value.y[last]!, horizonMs: HORIZON_MS, source: 'active', artifactId: active.artifactId, ...e };
    }
    // the fallback: each prediction is the position just reported
    const e = errorSince(scenario, scenario.input, since);
    this.use.fallback('input.predictor', (performance.now() - started) / 1000, e.errorPx ?? undefined);
    return { x: scenario.input.x[last]!, y: scenario.input.y[last]!, horizonMs: HORIZON_MS, source: 'fallback', artifactId: null, ...e };
  }
}
