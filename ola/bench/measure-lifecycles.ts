// full lifecycles per second through the engine, and the lab's resident memory meanwhile.
import type { Lab } from '../lab.ts';
import { totalRss } from './proc-rss.ts';

export async function lifecycles(lab: Lab, source: string, count: number, onDone?: (n: number) => void): Promise<{ perSecond: number; passed: number }> {
  const t0 = performance.now();
  const ids: string[] = [];
  for (let i = 0; i < count; i++) ids.push((await lab.engine.submit({ niche: 'clock', source, language: 'js', proposer: 'bench' })).id);
  let last = -1;
  const tick = setInterval(() => {
    const done = count - lab.engine.pending;
    if (done !== last) onDone?.((last = done));
  }, 250);
  await lab.engine.idle();
  clearInterval(tick);
  onDone?.(count);
  const perSecond = count / ((performance.now() - t0) / 1000);
  let passed = 0;
  for (const id of ids.slice(-50)) {
    const p = await lab.store.proposal(id);
    if (p?.status === 'gated') passed++;
  }
  return { perSecond, passed };
}

export interface MemoryTrace {
  samples: { at: number; done: number; rssMb: number }[];
  warmupDone: number;
  maxMb: number;
  /** median rss of the last fifth over the median right after warm-up, minus one */
  growth: number;
}

export async function memoryUnderLoad(lab: Lab, source: string, count: number, onDone?: (n: number) => void): Promise<MemoryTrace> {
  const samples: MemoryTrace['samples'] = [];
  const t0 = performance.now();
  const sample = () => {
    const rss = totalRss([process.pid, ...lab.runner.pids()]);
    samples.push({ at: Math.round(performance.now() - t0), done: count - lab.engine.pending, rssMb: rss / (1 << 20) });
  };
  const timer = setInterval(sample, 500);
  await lifecycles(lab, source, count, onDone);
  clearInterval(timer);
  sample();
  const warmupDone = Math.round(count * 0.2);
  const after = samples.filter((s) => s.done >= warmupDone);
  const med = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? NaN;
  const fifth = Math.max(1, Math.floor(after.length / 5));
  const early = med(after.slice(0, fifth).map((s) => s.rssMb));
  const late = med(after.slice(-fifth).map((s) => s.rssMb));
  return { samples, warmupDone, maxMb: Math.max(...after.map((s) => s.rssMb)), growth: late / early - 1 };
}
