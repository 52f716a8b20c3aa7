// the judge on hand-made driver outputs: perfect, wrong and malformed.
import { describe, expect, it } from 'vitest';
import { rng } from '../shared/rng.ts';
import { HEIGHT, LAGS, PATCH, PATCH_HALF, WIDTH } from './cursor-contract.ts';
import { cursorAt, guiFbJudge } from './judge.ts';
import type { GuiOutput } from './output-shape.ts';
import { generate, type GuiScenario } from './scenarios.ts';

const BG = [18, 20, 28] as const;
const TW = WIDTH / 4, TH = HEIGHT / 4;
const scenario = generate(7, 'jumps', false);
const cost = { cpuMs: 50, wallMs: 60 };

interface Fake {
  /** the lag the cursor is drawn with; undefined draws none */
  lag?: number;
  /** background samples per frame out of 1024 */
  bgCount?: number;
  /** rects [x, y, w, h, r, g, b] (thumbnail px) per thumbnail: first, middle, last frame */
  rects?: (number[][] | undefined)[];
}

/** what the driver would return for a cursor of 3x3 white pixels drawn `lag` frames late */
function fake(s: GuiScenario, opt: Fake = {}): GuiOutput {
  const n = s.input.x.length;
  const patches = new Uint8Array(n * LAGS * PATCH * PATCH).fill(20); // the bg luminance
  if (opt.lag !== undefined) {
    for (let f = 0; f < n; f++) {
      const base = (f * LAGS + opt.lag) * PATCH * PATCH;
      for (let dy = -1; dy <= 1; dy++) for (let dx = -1; dx <= 1; dx++) patches[base + (PATCH_HALF + dy) * PATCH + PATCH_HALF + dx] = 255;
    }
  }
  // the driver's thumbnails: first, middle and last frame (and the full last frame)
  const paint = (img: Uint8Array, w: number, scale: number, rects: number[][] | undefined) => {
    for (let p = 0; p < img.length / 4; p++) img.set([...BG, 255], p * 4);
    for (const [x, y, rw, rh, r, g, b] of rects ?? []) {
      for (let yy = y! * scale; yy < (y! + rh!) * scale; yy++) for (let xx = x! * scale; xx < (x! + rw!) * scale; xx++) img.set([r!, g!, b!, 255], (yy * w + xx) * 4);
    }
    return img;
  };
  const thumbs = [0, 1].map((t) => paint(new Uint8Array(TW * TH * 4), TW, 1, opt.rects?.[t]));
  const last = paint(new Uint8Array(WIDTH * HEIGHT * 4), WIDTH, 4, opt.rects?.[2]);
  const lastThumb = paint(new Uint8Array(TW * TH * 4), TW, 1, opt.rects?.[2]);
  const bg = new Uint8Array(n * 3);
  for (let f = 0; f < n; f++) bg.set(BG, f * 3);
  return {
    width: WIDTH, height: HEIGHT, frames: n, bg, bgCount: new Uint16Array(n).fill(opt.bgCount ?? 1024), samples: 1024,
    patches, hashes: Uint32Array.from({ length: n }, (_, i) => i), thumbFrames: [0, n >> 1], thumbs,
    lastThumb, last, calls: 10, ignored: 0, badType: '',
  };
}

describe('gui.fb judge: cursor', () => {
  it('scores a cursor on time as all hits and no lag', () => {
    const s = guiFbJudge.judge(scenario, fake(scenario, { lag: 0 }), cost);
    expect(s.ok).toBe(true);
    expect(s.metrics.cursor_hit_rate).toBe(1);
    expect(s.metrics.latency_frames).toBe(0);
    expect(s.metrics.informative_frames).toBeGreaterThanOrEqual(8);
    expect(s.metrics.frame_time_ms).toBeCloseTo(50 / scenario.input.x.length);
    expect(s.metrics.distinct_hashes).toBe(scenario.input.x.length);
    const still = { ...fake(scenario, { lag: 0 }), hashes: new Uint32Array(scenario.input.x.length).fill(7) };
    expect(guiFbJudge.judge(scenario, still, cost).metrics.distinct_hashes).toBe(1);
  });

  it('finds a lagging cursor at the earlier position and counts a missing one as LAGS late', () => {
    const late = guiFbJudge.judge(scenario, fake(scenario, { lag: 2 }), cost);
    expect(late.metrics.cursor_hit_rate).toBe(0);
    expect(late.metrics.latency_frames).toBe(2);
    const none = guiFbJudge.judge(scenario, fake(scenario), cost);
    expect(none.metrics.cursor_hit_rate).toBe(0);
    expect(none.metrics.latency_frames).toBe(LAGS);
    expect(none.metrics.latency_ms).toBeCloseTo(LAGS * (1000 / 60));
  });

  it('gives no hits on frames without a dominant background', () => {
    const s = guiFbJudge.judge(scenario, fake(scenario, { lag: 0, bgCount: 300 }), cost);
    expect(s.ok).toBe(true);
    expect(s.metrics.cursor_hit_rate).toBe(0);
    expect(s.metrics.no_background_rate).toBe(1);
  });

  it('needs enough cursor pixels, except where the window is clipped by the screen edge', () => {
    const one = new Uint8Array(PATCH * PATCH).fill(20);
    one[PATCH_HALF * PATCH + PATCH_HALF] = 255;
    expect(cursorAt(one, 0, 20, false)).toBe(false);
    expect(cursorAt(one, 0, 20, true)).toBe(true);
    const dim = new Uint8Array(PATCH * PATCH).fill(20).fill(100);
    expect(cursorAt(dim, 0, 20, false)).toBe(false); // a difference of 80 is not contrast
    const dark = new Uint8Array(PATCH * PATCH).fill(200).fill(0, 0, PATCH * (PATCH_HALF + 2));
    expect(cursorAt(dark, 0, 200, false)).toBe(true); // a dark cursor on a light background counts
  });
});

describe('gui.fb judge: layout', () => {
  const panel = [0, 0, 160, 7, 52, 72, 116];
  const side = [0, 7, 35, 113, 36, 44, 66];

  it('counts regions that persist at the same place in the same colour', () => {
    const all = [panel, side];
    const s = guiFbJudge.judge(scenario, fake(scenario, { lag: 0, rects: [all, all, all] }), cost);
    expect(s.metrics.widgets_detected).toBe(2);
    const moved = guiFbJudge.judge(scenario, fake(scenario, { lag: 0, rects: [all, [panel], all] }), cost);
    expect(moved.metrics.widgets_detected).toBe(1);
    const tiny = [[80, 60, 3, 3, 200, 200, 200]];
    expect(guiFbJudge.judge(scenario, fake(scenario, { rects: [tiny, tiny, tiny] }), cost).metrics.widgets_detected).toBe(0);
  });

  it('measures how drawn pixels spread over the 8x6 grid', () => {
    const empty = guiFbJudge.judge(scenario, fake(scenario, { lag: 0 }), cost);
    expect(empty.metrics.layout_entropy).toBe(0);
    // one rect in a single grid cell, away from every pointer position of the last frame
    const cell = [[0, 100, 10, 10, 200, 200, 200]];
    const one = guiFbJudge.judge(scenario, fake(scenario, { rects: [undefined, undefined, cell] }), cost);
    expect(one.metrics.layout_entropy).toBeLessThan(0.5);
    const full = [[0, 0, TW, TH, 200, 200, 200]];
    const everywhere = guiFbJudge.judge(scenario, fake(scenario, { rects: [undefined, undefined, full] }), cost);
    expect(everywhere.metrics.layout_entropy).toBeGreaterThan(5.4);
    expect(everywhere.metrics.layout_entropy).toBeLessThanOrEqual(Math.log2(48) + 1e-9);
  });
});

describe('gui.fb judge: malformed output', () => {
  const good = () => fake(scenario, { lag: 0 });

  it('rejects wrong shapes with a reason', () => {
    const cases: [unknown, RegExp][] = [
      [null, /not an object/],
      ['frame', /not an object/],
      [{ ...good(), frames: 3 }, /frame count/],
      [{ ...good(), width: NaN }, /size/],
      [{ ...good(), patches: new Uint8Array(5) }, /patches/],
      [{ ...good(), patches: Array.from({ length: 10 }) }, /patches/],
      [{ ...good(), last: new Uint8Array(3) }, /last frame/],
      [{ ...good(), thumbs: [new Uint8Array(1)] }, /2 thumbnails/],
      [{ ...good(), thumbs: [new Uint8Array(1), new Uint8Array(1)] }, /thumbnail 0 has the wrong size/],
      [{ ...good(), thumbFrames: [0, 99999] }, /names no frame/],
      [{ ...good(), bgCount: new Uint8Array(scenario.input.x.length) }, /bgCount/],
      [{ ...good(), calls: -1 }, /counts/],
      [{ ...good(), badType: 'frame returned string at frame 0 (it must return nothing)' }, /frame returned string/],
    ];
    for (const [out, reason] of cases) {
      const s = guiFbJudge.judge(scenario, out, cost);
      expect(s.ok).toBe(false);
      expect(s.reason).toMatch(reason);
    }
  });

  it('never throws on junk, field by field', () => {
    const r = rng(99);
    const junk = [undefined, null, 0, -1, NaN, 'x', [], {}, new Uint8Array(0), new Float64Array(4), [1, 2, 3]];
    const g = good();
    const keys = Object.keys(g);
    for (let i = 0; i < 300; i++) {
      const out: Record<string, unknown> = { ...g };
      for (let j = 0; j < 1 + r.int(0, 3); j++) out[r.pick(keys)] = r.pick(junk);
      expect(() => guiFbJudge.judge(scenario, out, cost)).not.toThrow();
    }
  });
});

describe('gui.fb judge: aggregate and utility', () => {
  it('pools rates over frames and latency over telling frames', () => {
    const a = guiFbJudge.judge(scenario, fake(scenario, { lag: 0 }), cost);
    const other = generate(8, 'circle', false);
    const b = guiFbJudge.judge(other, fake(other, { lag: 1 }), cost);
    const m = guiFbJudge.aggregate([a, b]);
    const fa = a.metrics.frames!, fb = b.metrics.frames!;
    expect(m.cursor_hit_rate).toBeCloseTo(fa / (fa + fb));
    const ia = a.metrics.informative_frames!, ib = b.metrics.informative_frames!;
    expect(m.latency_frames).toBeCloseTo(ib / (ia + ib));
    for (const v of Object.values(m)) expect(Number.isFinite(v)).toBe(true);
  });

  it('is monotone in the hit rate and stays in [0, 1]', () => {
    const base = { latency_frames: 0, widgets_detected: 2, layout_entropy: 3 };
    const us = [0, 0.5, 0.9, 1].map((hit) => guiFbJudge.utility({ ...base, cursor_hit_rate: hit }));
    for (let i = 1; i < us.length; i++) expect(us[i]!).toBeGreaterThan(us[i - 1]!);
    expect(guiFbJudge.utility({ cursor_hit_rate: 1, latency_frames: 0, widgets_detected: 99, layout_entropy: 99 })).toBeCloseTo(1, 12);
    expect(guiFbJudge.utility({})).toBe(0);
    expect(guiFbJudge.utility({ cursor_hit_rate: NaN, latency_frames: -3, widgets_detected: NaN })).toBe(0);
    expect(guiFbJudge.utility({ ...base, cursor_hit_rate: 1, latency_frames: 1 })).toBeLessThan(us[3]!);
  });
});
