// gui.fb through the real validator, isolate runner, scorer and gate.
import { afterAll, describe, expect, it } from 'vitest';
import { firstFailure, nicheHarness } from '../../../tests/helpers/niche-harness.ts';
import { decodePng, downsample, encodePng } from '../../actuators/framebuffer.ts';
import { guiFbNiche, lastFrame } from './index.ts';
import type { GuiOutput } from './output-shape.ts';

const h = nicheHarness(guiFbNiche);
afterAll(() => h.close());

/** a 3x3 white block centred on (x, y): 9 contrasting pixels, the smallest honest cursor */
const BLOCK = 'function block(fb, x, y) { fb.fillRect(x - 1, y - 1, 3, 3, 255, 255, 255); }';

const LATE = `${BLOCK}
let px = -1, py = -1;
export function frame(fb, s) {
  fb.clear(18, 20, 28);
  if (px >= 0) block(fb, px, py);
  px = s.x; py = s.y;
}`;

const NEVER = `export function frame(fb) {
  fb.clear(18, 20, 28);
  fb.fillRect(0, 0, fb.width, 28, 52, 72, 116);
}`;

const THROWS_AT_10 = `${BLOCK}
export function frame(fb, s) {
  if (s.frame === 10) throw new Error('gave up at frame 10');
  fb.clear(18, 20, 28);
  block(fb, s.x, s.y);
}`;

const MUTATES = `${BLOCK}
export function frame(fb, s) {
  fb.clear(18, 20, 28);
  block(fb, s.x, s.y);
  s.x = -1;
}`;

/** paints the screen light, and dark only on a 16-px grid where a fixed sampler would look */
const GRID_CHEAT = `export function frame(fb) {
  fb.clear(250, 250, 250);
  for (let y = 0; y < fb.height; y += 16) for (let x = 0; x < fb.width; x += 16) fb.setPixel(x, y, 18, 20, 28);
}`;

/** hunts for the buffer and throws absurd arguments at every method, then draws a proper cursor.
 *  red (255, 0, 0) is drawn only if it found something buffer-like or a call reached valueOf */
const ABSURD = `${BLOCK}
let found = 0;
const sneaky = { valueOf() { found++; return 5; } };
export function frame(fb, s) {
  fb.clear(10, 10, 20);
  for (const k of Object.getOwnPropertyNames(fb)) if (fb[k] !== null && typeof fb[k] === 'object') found++;
  try { fb.rgba = new Uint8Array(4); } catch (e) { /* frozen */ }
  if (fb.rgba !== undefined || fb.buffer !== undefined || fb.data !== undefined) found++;
  fb.fillRect(NaN, 0, 10, 10, 255, 0, 0);
  fb.fillRect(0, 0, Infinity, 10, 255, 0, 0);
  fb.fillRect(1e9, 1e9, 1e12, 1e12, 255, 0, 0);
  fb.fillRect(sneaky, 0, 10, 10, 255, 0, 0);
  fb.fillRect(0, 0, 10, 10, sneaky, 0, 0);
  fb.fillRect(630, 50, 20, 1, 0, 255, 0);
  fb.setPixel(-1, 60, 255, 0, 0);
  fb.setPixel(640, 60, 255, 0, 0);
  fb.setPixel(0, -1, 255, 0, 0);
  fb.setPixel(0, 480, 255, 0, 0);
  fb.setPixel('5', 5, 255, 0, 0);
  fb.setPixel(5, 5, 1e9, 1e9, -7);
  fb.line(-1e300, 0, 1e300, 479, 255, 0, 0);
  fb.line(NaN, 0, 10, 10, 255, 0, 0);
  fb.line(-1000, 70, 2000, 70, 0, 255, 0);
  fb.line(5e5, -5e5 + 500, -5e5, 5e5 + 500, 0, 0, 255);
  fb.text(0, 0, 12345, 255, 0, 0);
  fb.text(600, 200, 'W'.repeat(100000), 0, 255, 0, 1e9);
  fb.clear();
  fb.clear(255, 0);
  if (found > 0) fb.fillRect(200, 200, 100, 100, 255, 0, 0);
  block(fb, s.x, s.y);
}`;

const px = (out: GuiOutput, x: number, y: number) => [...out.last.subarray((y * 640 + x) * 4, (y * 640 + x) * 4 + 4)];

describe('gui.fb baseline', () => {
  it('passes the isolate gate on public and held-out scenarios with the cursor on time', async () => {
    const e = await h.evaluate(guiFbNiche.baseline);
    expect(e.decision.reasons).toEqual([]);
    expect(e.decision.pass).toBe(true);
    for (const s of [e.score, e.heldOut]) {
      expect(s.crashes).toBe(0);
      expect(s.metrics.cursor_hit_rate).toBe(1);
      expect(s.metrics.latency_frames).toBe(0);
      expect(s.metrics.widgets_detected).toBeGreaterThanOrEqual(2);
      expect(s.metrics.layout_entropy).toBeGreaterThan(1);
      expect(s.utility).toBeLessThan(0.95);
    }
    const t = guiFbNiche.telemetry(e.score, 'a_X');
    expect(Object.keys(t).sort()).toEqual(['artifact_id', 'cursor_hit_rate', 'latency_ms', 'layout_entropy', 'widgets_detected']);
    expect(t.latency_ms).toBe(0);

    // the last frame comes back whole, and survives a png round-trip
    const run = e.runs[0]!;
    const out = run.output as GuiOutput;
    const fb = lastFrame(out)!;
    expect(fb.width * fb.height).toBe(640 * 480);
    expect(Buffer.compare(Buffer.from(decodePng(encodePng(fb)).rgba), Buffer.from(fb.rgba))).toBe(0);
    expect(out.thumbs).toHaveLength(2);
    // the judge uses the driver's thumbnail of the last frame: the host's downsampling of it, byte for byte
    for (const r of e.runs) {
      const o = r.output as GuiOutput;
      expect(Buffer.compare(Buffer.from(o.lastThumb), Buffer.from(downsample(lastFrame(o)!, 4).rgba))).toBe(0);
    }
    const scenario = h.catalog.scenarios('gui.fb').public.find((s) => s.id === run.scenarioId)!;
    const input = scenario.input as { x: Int16Array; y: Int16Array };
    expect(px(out, input.x.at(-1)!, input.y.at(-1)!)).toEqual([255, 255, 255, 255]);
    expect(px(out, 320, 2)).toEqual([52, 72, 116, 255]);
  });

  it("an evaluation (the lifecycle's lean inputs) leaves the full last frame in the isolate and is judged the same", async () => {
    const full = await h.evaluate(guiFbNiche.baseline);
    const lean = await h.evaluate(guiFbNiche.baseline, 'js', { lean: true });
    // what the judge reads is the same (cpu, heap and frame times are measured afresh each run)
    const judged = (s: typeof full.score) => ({ utility: s.utility, crashes: s.crashes, cursor: s.metrics.cursor_hit_rate, lag: s.metrics.latency_frames, widgets: s.metrics.widgets_detected, entropy: s.metrics.layout_entropy });
    expect(judged(lean.score)).toEqual(judged(full.score));
    expect(judged(lean.heldOut)).toEqual(judged(full.heldOut));
    expect(lean.decision.pass).toBe(true);
    expect(lean.runs).toHaveLength(full.runs.length);
    lean.runs.forEach((r, i) => {
      const o = r.output as GuiOutput;
      const f = full.runs[i]!.output as GuiOutput;
      expect(o.last).toHaveLength(0);
      expect(lastFrame(o)).toBeUndefined();
      expect(Buffer.compare(Buffer.from(o.lastThumb), Buffer.from(f.lastThumb))).toBe(0);
    });
    // the scenarios keep their inputs: a lean one is a copy
    expect(h.catalog.scenarios('gui.fb').public.every((s) => (s.input as { lean?: boolean }).lean === undefined)).toBe(true);
  });
});

describe('gui.fb broken artifacts', () => {
  it('a cursor drawn one frame late fails the gate on latency, not a crash', async () => {
    const e = await h.evaluate(LATE);
    expect(e.score.crashes).toBe(0);
    expect(e.heldOut.crashes).toBe(0);
    expect(e.score.metrics.latency_frames).toBe(1);
    expect(e.decision.pass).toBe(false);
    expect(e.decision.reasons.join('\n')).toMatch(/public: latency_frames 1 not <= 0.25/);
    expect(e.decision.reasons.join('\n')).toMatch(/held-out: latency_frames 1 not <= 0.25/);
  });

  it('a cursor never drawn scores a hit rate of 0 and fails the gate', async () => {
    const e = await h.evaluate(NEVER);
    expect(e.score.crashes).toBe(0);
    expect(e.score.metrics.cursor_hit_rate).toBe(0);
    expect(e.score.metrics.latency_frames).toBe(4);
    // a static screen changes only on its first frame
    expect(e.score.metrics.distinct_hashes).toBe(1);
    // so the driver's middle thumbnail is the host's downsample of the last frame, byte for byte
    const out = e.runs[0]!.output as GuiOutput;
    expect(Buffer.compare(Buffer.from(downsample(lastFrame(out)!, 4).rgba), Buffer.from(out.thumbs[1]!))).toBe(0);
    expect(e.decision.pass).toBe(false);
    expect(e.decision.reasons.join('\n')).toMatch(/public: cursor_hit_rate 0 not >= 0.95/);
  });

  it('frame() throwing on frame 10 fails every run with the artifact error', async () => {
    const e = await h.evaluate(THROWS_AT_10);
    expect(e.decision.pass).toBe(false);
    expect(e.score.crashes).toBe(e.score.runs);
    expect(firstFailure(e)).toMatch(/OLA_ERR_ARTIFACT_THREW: .*gave up at frame 10/);
  });

  it('mutating the pointer state it was handed fails the run', async () => {
    const e = await h.evaluate(MUTATES);
    expect(e.decision.pass).toBe(false);
    expect(firstFailure(e)).toBe('OLA_ERR_BAD_OUTPUT: mutated its input state at frame 0');
  });

  it('painting where a fixed sampler would look does not fake a background', async () => {
    const e = await h.evaluate(GRID_CHEAT);
    expect(e.score.crashes).toBe(0);
    expect(e.score.metrics.background_share).toBeGreaterThan(0.95);
    expect(e.score.metrics.cursor_hit_rate).toBeLessThan(0.05);
    expect(e.decision.pass).toBe(false);
  });

  it('absurd arguments are clipped or ignored: no crash, no wrap-around, no way to the buffer', async () => {
    const e = await h.evaluate(ABSURD);
    expect(e.decision.reasons).toEqual([]);
    expect(e.score.metrics.ignored_calls).toBeGreaterThan(0);
    const out = e.runs[0]!.output as GuiOutput;
    const bg = [10, 10, 20, 255];
    // nothing red: every red call was ignored, clipped away, or never needed (no buffer found)
    for (let i = 0; i < out.last.length; i += 4) {
      if (out.last[i] === 255 && out.last[i + 1] === 0 && out.last[i + 2] === 0) throw new Error(`red pixel at ${i / 4}`);
    }
    expect(px(out, 639, 50)).toEqual([0, 255, 0, 255]);
    expect(px(out, 0, 51)).toEqual(bg); // the rect at the right edge did not wrap
    expect(px(out, 639, 59)).toEqual(bg); // setPixel(-1, 60) did not wrap back
    expect(px(out, 0, 61)).toEqual(bg); // setPixel(640, 60) did not wrap forward
    expect(px(out, 5, 5)).toEqual([255, 255, 0, 255]); // colours clamp
    expect(px(out, 0, 70)).toEqual([0, 255, 0, 255]);
    expect(px(out, 639, 70)).toEqual([0, 255, 0, 255]);
    expect(px(out, 250, 250)).toEqual([0, 0, 255, 255]); // the long diagonal, clipped to the screen
  });
});
