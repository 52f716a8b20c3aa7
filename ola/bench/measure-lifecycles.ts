// full lifecycles per second through the engine, and the lab's resident memory meanwhile.
import type { Lab } from '../lab.ts';
import { pssBytes, rssBytes, totalRss } from './proc-rss.ts';

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
  samples: { at: number; done: number; labMb: number; totalMb: number; pssMb: number }[];
  warmupDone: number;
  /** the api process alone, and with its sandbox children (rss summed, and pss summed) */
  lab: { maxMb: number; growth: number };
  total: { maxMb: number; growth: number };
  together: { maxMb: number; growth: number };
}

export async function memoryUnderLoad(lab: Lab, source: string, count: number, onDone?: (n: number) => void): Promise<MemoryTrace> {
  const samples: MemoryTrace['samples'] = [];
  const t0 = performance.now();
  const sample = () => {
    const labMb = rssBytes(process.pid) / (1 << 20);
    const pids = lab.runner.pids();
    const totalMb = labMb + totalRss(pids) / (1 << 20);
    const pssMb = [process.pid, ...pids].reduce((sum, pid) => sum + pssBytes(pid), 0) / (1 << 20);
    samples.push({ at: Math.round(performance.now() - t0), done: count - lab.engine.pending, labMb, totalMb, pssMb });
  };
  const timer = setInterval(sample, 500);
  await lifecycles(lab, source, count, onDone);
  clearInterval(timer);
  sample();
  const warmupDone = Math.round(count * 0.2);
  const after = samples.filter((s) => s.done >= warmupDone);
  const med = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? NaN;
  const fifth = Math.max(1, Math.floor(after.length / 5));
  // growth: median of the last fifth of samples over the median of the first fifth after warm-up
  const summary = (pick: (s: MemoryTrace['samples'][number]) => number) => ({
    maxMb: Math.max(...after.map(pick)),
    growth: med(after.slice(-fifth).map(pick)) / med(after.slice(0, fifth).map(pick)) - 1,
  });
  return { samples, warmupDone, lab: summary((s) => s.labMb), total: summary((s) => s.totalMb), together: summary((s) => s.pssMb) };
}
