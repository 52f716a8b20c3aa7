// clock inference: +-5 ms over 30 s from monotonic deltas, on one real 30 s run of this
// machine's clocks and on replayed traces with drift and jitter.
import { clockJudge } from '../../niches/clock/judge.ts';
import { KINDS, recorded, synthetic, type ClockScenario } from '../../niches/clock/scenarios.ts';
import { quantile } from '../../niches/shared/stats.ts';
import { sampleClocks } from '../../senses/clock-recorder.ts';
import { failure, prepare, type Day1Context } from './context.ts';
import { row, type PartResult, type Plot } from './types.ts';

const TARGET_MS = 5;
const REPLAY_SEEDS = [11, 23, 37, 41, 53, 67, 79, 83];

interface Errors {
  id: string;
  t: number[];
  err: number[];
}

function errorsOf(s: ClockScenario, output: unknown): Errors {
  const out = output as { estimates: Float64Array };
  const mono0 = s.input.mono[0] ?? 0;
  const t: number[] = [];
  const err: number[] = [];
  let q = 0;
  for (let i = 0; i < s.input.kind.length; i++) {
    if (s.input.kind[i] !== 1) continue;
    if (!s.truth.unknowable[q]) {
      t.push((s.input.mono[i]! - mono0) / 1000);
      err.push(out.estimates[q]! - s.truth.wall[q]!);
    }
    q++;
  }
  return { id: s.id, t, err };
}

export async function clockPart(ctx: Day1Context, progress: (label: string) => void): Promise<PartResult> {
  const p = await prepare(ctx, 'clock');
  const seconds = ctx.quick ? 5 : 30;
  progress(`recording ${seconds} s of this machine's clocks`);
  const rec = await sampleClocks(seconds * 1000, 20, ctx.signal);
  const real = recorded({ id: 'day1-live', ...rec });
  const replays = REPLAY_SEEDS.slice(0, ctx.quick ? 4 : 8).map((seed, i) => synthetic(seed, KINDS[i % KINDS.length]!, false));
  progress('running the artifact on the real trace and the replays');
  const scenarios = [real, ...replays];
  const runs = await p.run(scenarios);
  const rows = [];
  const plots: Plot[] = [];
  const series: Plot['series'] = [];
  let worst = 0;
  for (const [i, s] of scenarios.entries()) {
    const r = runs[i];
    const why = failure(r);
    if (why) {
      rows.push(row('clock', `${s.id}: failed`, NaN, '', undefined, why));
      continue;
    }
    const judged = clockJudge.judge(s, r!.output, { cpuMs: r!.cpuMs, wallMs: r!.wallMs });
    if (!judged.ok) {
      rows.push(row('clock', `${s.id}: failed`, NaN, '', undefined, judged.reason));
      continue;
    }
    const e = errorsOf(s, r!.output);
    const max = judged.metrics.max_abs_error_ms!;
    if (i > 0) worst = Math.max(worst, max);
    if (i === 0) {
      rows.push(row('clock', `real ${seconds} s run, max |error|`, max, 'ms', { op: '<=', value: TARGET_MS }));
      rows.push(row('clock', `real ${seconds} s run, p99 |error|`, quantile([...e.err.map(Math.abs)].sort((a, b) => a - b), 0.99), 'ms'));
    }
    if (i <= 2) series.push({ name: i === 0 ? 'real run' : s.id, points: e.t.map((t, k) => [Number(t.toFixed(3)), Number(e.err[k]!.toFixed(4))]) });
  }
  rows.push(row('clock', `replayed traces (${replays.length}), worst max |error|`, worst, 'ms', { op: '<=', value: TARGET_MS }, 'drift, jitter, steps, wander'));
  plots.push({ id: 'clock-error', kind: 'line', title: 'clock: error over time', x: 's', y: 'estimate - truth (ms)', series });
  return { part: 'clock', niche: 'clock', title: 'clock inference (+-5 ms over 30 s)', artifact: p.artifact, rows, plots };
}
