// framebuffer: draw a cursor following a scripted path; report input-to-draw latency, cursor
// hits and frame time, and show the last frame.
import type { Scenario } from '../../core/contracts.ts';
import { encodePng } from '../../actuators/framebuffer.ts';
import { lastFrame } from '../../niches/gui.fb/index.ts';
import { failure, prepare, type Day1Context } from './context.ts';
import { row, type PartResult, type Plot } from './types.ts';

export async function framebufferPart(ctx: Day1Context, progress: (label: string) => void): Promise<PartResult> {
  const p = await prepare(ctx, 'gui.fb');
  const scenarios = ctx.catalog.scenarios('gui.fb').public as Scenario[];
  progress('drawing the scripted paths in the sandbox');
  const runs = await p.run(scenarios);
  const rows = [];
  const latency: [string, number][] = [];
  const frameTime: [string, number][] = [];
  const hits: number[] = [];
  let image: { title: string; dataUrl: string } | undefined;
  for (const [i, s] of scenarios.entries()) {
    const r = runs[i];
    const why = failure(r);
    const j = why ? undefined : p.niche.judge.judge(s, r!.output, r!);
    if (!j?.ok) {
      rows.push(row('framebuffer', `${s.id}: failed`, NaN, '', undefined, why ?? j?.reason));
      continue;
    }
    latency.push([s.kind, j.metrics.latency_ms ?? NaN]);
    frameTime.push([s.kind, j.metrics.frame_time_ms ?? NaN]);
    hits.push(j.metrics.cursor_hit_rate ?? 0);
    const fb = image ? undefined : lastFrame(r!.output);
    if (fb) image = { title: `last frame of ${s.id} (${fb.width}x${fb.height})`, dataUrl: `data:image/png;base64,${encodePng(fb).toString('base64')}` };
  }
  const worst = (xs: [string, number][]) => Math.max(...xs.map((x) => x[1]));
  const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / Math.max(1, xs.length);
  rows.push(row('framebuffer', 'cursor at the expected position', mean(hits), 'share of frames', { op: '>=', value: 0.95 }));
  rows.push(row('framebuffer', 'input-to-draw latency (worst path)', worst(latency), 'ms', { op: '<=', value: 16.7 }, 'lag in frames x 16.67 ms'));
  rows.push(row('framebuffer', 'frame time (worst path, sandbox cpu)', worst(frameTime), 'ms', { op: '<=', value: 16.7 }, 'cpu per frame incl. read-back'));
  const plots: Plot[] = [
    {
      id: 'fb-latency',
      kind: 'bar',
      title: 'framebuffer: latency and frame time per path',
      x: 'path kind',
      y: 'ms',
      series: [
        { name: 'input-to-draw latency', points: latency },
        { name: 'frame time', points: frameTime },
      ],
    },
  ];
  return { part: 'framebuffer', niche: 'gui.fb', title: 'framebuffer: a cursor following a scripted path', artifact: p.artifact, rows, plots, images: image ? [image] : [] };
}
