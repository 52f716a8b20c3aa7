// the niche end to end: baseline through the real validator, isolate, scorer and gate;
// broken artifacts failing for the right reason; deterministic, honest scenarios.
import { afterAll, describe, expect, it } from 'vitest';
import { firstFailure, nicheHarness } from '../../../tests/helpers/niche-harness.ts';
import { inputPredictorNiche as niche } from './index.ts';
import { KINDS, TIMINGS, type PointerScenario } from './scenarios.ts';

const h = nicheHarness(niche);
afterAll(() => h.close());

const ctx = (fill: number) => ({ heldOutKey: Buffer.alloc(32, fill), storageDir: '/nonexistent' });

describe('input.predictor through the isolate gate', () => {
  it('passes its baseline on public and held-out scenarios, with room to improve', async () => {
    const e = await h.evaluate(niche.baseline);
    expect(e.decision.reasons).toEqual([]);
    expect(e.decision.pass).toBe(true);
    for (const s of [e.score, e.heldOut]) {
      expect(s.crashes).toBe(0);
      expect(s.metrics.pos_error_px).toBeGreaterThan(5);
      expect(s.metrics.pos_error_p95_px).toBeLessThan(150 * 0.85);
      expect(s.metrics.click_recall).toBeGreaterThan(0.3);
      expect(s.metrics.acc_v).toBeGreaterThan(0.25);
      expect(s.metrics.acc_v).toBeLessThan(0.8);
      expect(s.metrics.cpu_ms_p50).toBeGreaterThan(0);
    }
    expect(e.score.labels.method).toBe('ema-constant-velocity');
    const t = niche.telemetry(e.score, 'a_TEST');
    expect(t).toMatchObject({ artifact_id: 'a_TEST' });
    for (const k of ['latency_ms', 'acc_v', 'click_intent_acc']) expect(t[k]).toBeTypeOf('number');
  });

  it('fails predict returning a number instead of an object', async () => {
    const e = await h.evaluate(`export function observe() {}\nexport function predict() { return 42; }`);
    expect(e.decision.pass).toBe(false);
    expect(e.score.crashes).toBe(e.score.runs);
    expect(firstFailure(e)).toBe('OLA_ERR_BAD_OUTPUT: predict returned number at query 0');
  });

  it('fails predict returning NaN coordinates', async () => {
    const e = await h.evaluate(`export function observe() {}\nexport function predict() { return { x: NaN, y: NaN, vx: 0, vy: 0, click: 0 }; }`);
    expect(e.decision.pass).toBe(false);
    expect(e.score.crashes).toBe(e.score.runs);
    expect(firstFailure(e)).toBe('OLA_ERR_BAD_OUTPUT: prediction 0: x is not finite');
  });

  it('fails an artifact that always predicts (0, 0) on the error thresholds, without crashing', async () => {
    const e = await h.evaluate(`export function observe(x, y, t, b) {}\nexport function predict(h) { return { x: 0, y: 0, vx: 0, vy: 0, click: 0 }; }`);
    expect(e.score.crashes).toBe(0);
    expect(e.heldOut.crashes).toBe(0);
    expect(e.decision.pass).toBe(false);
    expect(e.decision.reasons.some((r) => /^public: pos_error_p95_px \d+\.\d+ not <= 150$/.test(r))).toBe(true);
    expect(e.decision.reasons.some((r) => r.startsWith('held-out: pos_error_p95_px'))).toBe(true);
    expect(e.decision.reasons.join('\n')).not.toMatch(/runs failed/);
  });
});

describe('input.predictor scenarios', () => {
  const a = niche.scenarios(ctx(3));

  it('are the same from the same seeds, and held-out ones change with the key', () => {
    const b = niche.scenarios(ctx(3));
    const c = niche.scenarios(ctx(4));
    expect(b.map((s) => s.id)).toEqual(a.map((s) => s.id));
    for (let i = 0; i < a.length; i++) {
      expect(b[i]!.input.t).toEqual(a[i]!.input.t);
      expect(b[i]!.input.x).toEqual(a[i]!.input.x);
      expect(b[i]!.truth.vx).toEqual(a[i]!.truth.vx);
    }
    const held = (x: PointerScenario[]) => x.filter((s) => s.heldOut);
    expect(held(a)).toHaveLength(4);
    expect(held(c).map((s) => s.input.t.length)).not.toEqual(held(a).map((s) => s.input.t.length));
    for (const s of held(a)) expect(s.id).not.toContain(String(s.seed));
  });

  it('cover every motion style and device timing in public, one held-out per style', () => {
    const pub = a.filter((s) => !s.heldOut);
    for (const k of KINDS) expect(pub.some((s) => s.kind.startsWith(`${k}-`))).toBe(true);
    for (const t of TIMINGS) expect(pub.some((s) => s.kind.endsWith(`-${t}`))).toBe(true);
    expect(a.filter((s) => s.heldOut).map((s) => s.kind.split('-')[0])).toEqual([...KINDS]);
  });

  it('hand the artifact ordered events and keep the truth consistent with them', () => {
    for (const s of a) {
      const { t, x, buttons, horizonMs, every } = s.input;
      expect(horizonMs).toBeGreaterThanOrEqual(50);
      expect(horizonMs).toBeLessThanOrEqual(100);
      expect(s.truth.press.length).toBe(Math.floor(t.length / every));
      for (let i = 1; i < t.length; i++) expect(t[i]!).toBeGreaterThanOrEqual(t[i - 1]!);
      // mice report whole pixels; a pen reports tenths
      if (!s.kind.startsWith('tremor')) expect(x.every((v) => Number.isInteger(v))).toBe(true);
      // a press label marks exactly the queries followed by a press event within the horizon
      const presses: number[] = [];
      for (let i = 0; i < t.length; i++) if (buttons[i]! & ~(buttons[i - 1] ?? 0)) presses.push(t[i]!);
      const last = t[t.length - 1]!;
      let positives = 0;
      for (let k = 0; k < s.truth.press.length; k++) {
        const now = t[(k + 1) * every - 1]!;
        if (now + horizonMs > last) continue;
        const want = presses.some((p) => p > now && p <= now + horizonMs) ? 1 : 0;
        expect(s.truth.press[k]).toBe(want);
        positives += want;
      }
      expect(positives).toBeGreaterThan(0);
    }
  });

  it('leave out of position judging only queries where a stroke leaves rest within the horizon', () => {
    for (const s of a) {
      const m = s.truth.judged.length;
      const skipped = m - s.truth.judged.reduce((p, v) => p + v, 0);
      expect(skipped).toBeGreaterThan(0);
      expect(skipped / m).toBeLessThan(0.15);
    }
  });
});
