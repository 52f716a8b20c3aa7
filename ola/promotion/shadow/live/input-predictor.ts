// input.predictor in shadow: a real pointer trace (the host's input devices, else recorded
// traces, else the dashboard's pointer; input-trace.ts), replayed as a recorded scenario of the
// niche. one event a prediction: its distance from the real position at the horizon, left out
// where the trace cannot say (a stroke leaving rest within the horizon, the trace's end).
import { recorded } from '../../../niches/input.predictor/recorded.ts';
import { shapeProblem } from '../../../niches/input.predictor/judge.ts';
import type { PointerScenario } from '../../../niches/input.predictor/scenarios.ts';
import type { LiveFeed, SideEvents } from '../live.ts';
import { liveTrace } from './input-trace.ts';

/** predictions within this many pixels of each other agree */
const AGREE_PX = 1;
const FIELDS = ['x', 'y', 'vx', 'vy', 'click'] as const;

export const inputPredictorLive: LiveFeed = {
  niche: 'input.predictor',
  async source(ctx) {
    return { available: true, what: liveTrace(ctx.storageDir, ctx.traces, 0).what };
  },
  async capture(ctx) {
    const t = liveTrace(ctx.storageDir, ctx.traces, ctx.round);
    const s = recorded(t.recording);
    return { scenarios: [{ ...s, id: `input.predictor:live:${t.kind}:${ctx.round}` }], source: t.what };
  },
  events(scenario, output): SideEvents {
    const { truth } = scenario as PointerScenario;
    const m = truth.press.length;
    const shape = shapeProblem(output, m);
    if (shape) return { ok: false, reason: shape };
    const o = output as Record<(typeof FIELDS)[number], Float64Array>;
    const values: number[] = [];
    const seen: [number, number][] = [];
    const real: ([number, number] | null)[] = [];
    for (let k = 0; k < m; k++) {
      for (const f of FIELDS) if (!Number.isFinite(o[f][k]!)) return { ok: false, reason: `prediction ${k}: ${f} is not finite` };
      seen.push([o.x[k]!, o.y[k]!]);
      const judged = truth.judged[k] === 1;
      values.push(judged ? Math.hypot(o.x[k]! - truth.x[k]!, o.y[k]! - truth.y[k]!) : NaN);
      real.push(judged ? [truth.x[k]!, truth.y[k]!] : null);
    }
    return { ok: true, values, seen, truth: real, wrong: 0 };
  },
  same(a, b) {
    if (!Array.isArray(a) || !Array.isArray(b)) return false;
    const d = Math.hypot(Number(a[0]) - Number(b[0]), Number(a[1]) - Number(b[1]));
    return d <= AGREE_PX;
  },
};
