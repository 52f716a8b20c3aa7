import { describe, expect, it } from 'vitest';
import type { ReferenceFigures } from './evaluate.ts';
import { goalOf, type Figures } from './goals.ts';

const fig = (metrics: Record<string, number>, utility = 0.5, crashes = 0): Figures => ({ metrics, utility, crashes, runs: 4 });
const ref = (name: string, metrics: Record<string, number>, ok = true): ReferenceFigures => ({ name, about: '', kind: 'artifact', ok, utility: 0, metrics, crashes: 0, runs: 4, reasons: [] });

describe('issue #11 goals', () => {
  it('clock: both parts must hold', () => {
    const refs = [ref('least-squares', { max_abs_error_ms: 0.6 })];
    expect(goalOf('clock', { best: fig({ max_abs_error_ms: 0.45 }), references: refs })?.met).toBe(true);
    expect(goalOf('clock', { best: fig({ max_abs_error_ms: 0.55 }), references: refs })?.met).toBe(false);
    const g = goalOf('clock', { best: fig({ max_abs_error_ms: 0.45 }), references: [ref('least-squares', { max_abs_error_ms: 0.4 })] })!;
    expect(g.parts.map((p) => p.met)).toEqual([true, false]);
  });

  it('ram.strategy: lru plus five points and the best of the three', () => {
    const refs = [ref('lru', { cache_hit_rate: 0.5 }), ref('arc', { cache_hit_rate: 0.52 }), ref('s3-fifo', { cache_hit_rate: 0.6 })];
    expect(goalOf('ram.strategy', { best: fig({ cache_hit_rate: 0.61 }), references: refs })?.met).toBe(true);
    expect(goalOf('ram.strategy', { best: fig({ cache_hit_rate: 0.56 }), references: refs })?.parts.map((p) => p.met)).toEqual([true, false]);
  });

  it('a failed or missing reference never counts as beaten', () => {
    expect(goalOf('fuse.compress', { best: fig({ ratio: 9 }), references: [ref('deflate -6', { ratio: 2 }, false)] })?.met).toBe(false);
    expect(goalOf('clock', { references: [ref('least-squares', { max_abs_error_ms: 3 })] })?.met).toBe(false);
  });

  it('io.coalesce: reads saved and the cold-cache throughput; unmeasured throughput leaves the goal unmeasured', () => {
    const refs = [ref('sort-merge (offline gap)', { reads_saved: 0.4 })];
    const g = goalOf('io.coalesce', { best: fig({ reads_saved: 0.5 }), references: refs, cold: { why: 'no dd' } })!;
    expect(g.parts.map((p) => p.met)).toEqual([true, undefined]);
    expect(g.parts[1]!.text).toMatch(/no dd/);
    expect(g.met).toBeUndefined();
    expect(goalOf('io.coalesce', { best: fig({ reads_saved: 0.5 }), references: refs, cold: { ratio: 3.2, planMBs: 64, naiveMBs: 20 } })!.met).toBe(true);
    expect(goalOf('io.coalesce', { best: fig({ reads_saved: 0.5 }), references: refs, cold: { ratio: 2.1, planMBs: 42, naiveMBs: 20 } })!.parts.map((p) => p.met)).toEqual([true, false]);
  });

  it('input.predictor and gui.fb read the baseline and utility', () => {
    const refs = [ref('cv-kalman', { pos_error_px: 15 }), ref('ca-kalman', { pos_error_px: 12 })];
    const ok = goalOf('input.predictor', { baseline: fig({ pos_error_px: 20 }), best: fig({ pos_error_px: 11, click_intent_acc: 0.95 }), references: refs })!;
    expect(ok.met).toBe(true);
    const slow = goalOf('input.predictor', { baseline: fig({ pos_error_px: 20 }), best: fig({ pos_error_px: 12.5, click_intent_acc: 0.95 }), references: refs })!;
    expect(slow.parts.map((p) => p.met)).toEqual([false, false, true]);
    expect(goalOf('gui.fb', { best: fig({ latency_frames: 0 }, 0.995), references: [] })?.met).toBe(true);
    expect(goalOf('gui.fb', { best: fig({ latency_frames: 0.1 }, 0.995), references: [] })?.met).toBe(false);
    expect(goalOf('usb.probe', { references: [] })).toBeUndefined();
  });
});
