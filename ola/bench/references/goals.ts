// issue #11's goal per niche for the evolved best, on held-out scenarios, checked against the
// baseline and the references measured in the same run. a part this bench cannot measure yet
// is undefined, never met.
import type { ReferenceFigures } from './evaluate.ts';

export interface Figures {
  utility: number;
  metrics: Record<string, number>;
  crashes: number;
  runs: number;
}

export interface GoalInput {
  baseline?: Figures;
  best?: Figures;
  references: ReferenceFigures[];
  /** io.coalesce: the best's cold-cache throughput against naive (and why when unmeasured) */
  cold?: { ratio?: number; planMBs?: number; naiveMBs?: number; why?: string };
  /** input.predictor: the f1 an oracle that knows when the pointer stops reaches (click-bound.ts) */
  clickBoundF1?: number;
}

export interface GoalPart {
  text: string;
  met: boolean | undefined;
}

export interface GoalCheck {
  text: string;
  parts: GoalPart[];
  /** every part met; false when one is not; undefined when the rest is met but a part is unmeasured */
  met: boolean | undefined;
}

type Goal = { text: string; parts(g: GoalInput): GoalPart[] };

const m = (f: Figures | ReferenceFigures | undefined, k: string): number => f?.metrics[k] ?? NaN;
const ref = (g: GoalInput, name: string) => g.references.find((r) => r.name === name && r.ok);
const le = (a: number, b: number) => Number.isFinite(a) && Number.isFinite(b) && a <= b;
const ge = (a: number, b: number) => le(b, a);

const GOALS: Record<string, Goal> = {
  clock: {
    text: 'max error <= 0.5 ms and <= the least-squares reference',
    parts: (g) => [
      { text: 'max_abs_error_ms <= 0.5', met: le(m(g.best, 'max_abs_error_ms'), 0.5) },
      { text: '<= least-squares', met: le(m(g.best, 'max_abs_error_ms'), m(ref(g, 'least-squares'), 'max_abs_error_ms')) },
    ],
  },
  'fuse.compress': {
    text: 'ratio >= deflate -6 on the same blocks, exact read-back',
    parts: (g) => [
      { text: 'ratio >= deflate -6', met: ge(m(g.best, 'ratio'), m(ref(g, 'deflate -6'), 'ratio')) },
      { text: 'exact read-back', met: g.best !== undefined && g.best.runs > 0 && g.best.crashes === 0 },
    ],
  },
  'ram.strategy': {
    text: 'hit rate >= lru + 5 points and >= the best of lru, arc, s3-fifo',
    parts: (g) => {
      const hit = m(g.best, 'cache_hit_rate');
      const refs = ['lru', 'arc', 's3-fifo'].map((n) => m(ref(g, n), 'cache_hit_rate'));
      return [
        { text: '>= lru + 0.05', met: ge(hit, refs[0]! + 0.05) },
        { text: '>= best of lru, arc, s3-fifo', met: refs.every(Number.isFinite) && ge(hit, Math.max(...refs)) },
      ];
    },
  },
  'io.coalesce': {
    text: 'reads_saved >= the offline sort-merge; throughput >= 3x naive on reads that miss the page cache',
    parts: (g) => [
      { text: 'reads_saved >= sort-merge (offline gap)', met: ge(m(g.best, 'reads_saved'), m(ref(g, 'sort-merge (offline gap)'), 'reads_saved')) },
      g.cold?.ratio !== undefined
        ? { text: `cold-cache (O_DIRECT) throughput >= 3x naive (${g.cold.ratio.toFixed(2)}x: ${g.cold.planMBs!.toFixed(1)} against ${g.cold.naiveMBs!.toFixed(1)} MB/s)`, met: g.cold.ratio >= 3 }
        : { text: `cold-cache (O_DIRECT) throughput >= 3x naive (not measured${g.cold?.why ? `: ${g.cold.why}` : ''})`, met: undefined },
    ],
  },
  'input.predictor': {
    text: 'position error <= 0.6x the baseline and <= the kalman filters; click intent >= 0.9',
    parts: (g) => {
      const pos = m(g.best, 'pos_error_px');
      const kalman = Math.min(m(ref(g, 'cv-kalman'), 'pos_error_px'), m(ref(g, 'ca-kalman'), 'pos_error_px'));
      return [
        { text: 'pos_error_px <= 0.6x baseline', met: le(pos, 0.6 * m(g.baseline, 'pos_error_px')) },
        { text: '<= the better kalman filter', met: le(pos, kalman) },
        {
          text: `click_intent_acc >= 0.9${g.clickBoundF1 !== undefined ? ` (an oracle that knows when the pointer stops reaches ${g.clickBoundF1.toFixed(2)})` : ''}`,
          met: ge(m(g.best, 'click_intent_acc'), 0.9),
        },
      ];
    },
  },
  'gui.fb': {
    text: 'utility >= 0.99 with 0-frame lag',
    parts: (g) => [
      { text: 'utility >= 0.99', met: g.best !== undefined && g.best.utility >= 0.99 },
      { text: 'latency_frames = 0', met: m(g.best, 'latency_frames') === 0 },
    ],
  },
};

export function goalOf(niche: string, g: GoalInput): GoalCheck | undefined {
  const goal = GOALS[niche];
  if (!goal) return undefined;
  const parts = goal.parts(g);
  const met = parts.some((p) => p.met === false) ? false : parts.some((p) => p.met === undefined) ? undefined : true;
  return { text: goal.text, parts, met };
}
