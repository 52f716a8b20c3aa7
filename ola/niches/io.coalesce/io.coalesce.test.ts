// io.coalesce through the real validator, isolate runner, scorer and gate: the baseline
// passes with margin; broken plans fail, each for its own reason.
import { afterAll, describe, expect, it } from 'vitest';
import { firstFailure, nicheHarness } from '../../../tests/helpers/niche-harness.ts';
import { ioCoalesceNiche as niche } from './index.ts';

const h = nicheHarness(niche);
afterAll(() => h.close());

/** one batch per request, exactly: valid, and saves nothing */
const NAIVE = `
export function plan(offsets, lengths) {
  const serve = [];
  for (let i = 0; i < offsets.length; i++) serve.push(i);
  return { offsets: Array.from(offsets), lengths: Array.from(lengths), serve };
}`;

describe('io.coalesce baseline', () => {
  it('passes the isolate gate on public and held-out scenarios, with margin', async () => {
    const e = await h.evaluate(niche.baseline);
    expect(e.decision.reasons).toEqual([]);
    expect(e.decision.pass).toBe(true);
    for (const s of [e.score, e.heldOut]) {
      expect(s.crashes).toBe(0);
      // the gate asks for 0.05 saved and at most 2x bytes read
      expect(s.metrics.reads_saved).toBeGreaterThan(0.1);
      expect(s.metrics.read_amplification_max).toBeLessThanOrEqual(1.5);
      expect(s.metrics.reads_per_request_max).toBeLessThan(1.0001);
      expect(s.metrics.backing_reads).toBeLessThan(s.metrics.requests!);
      expect(s.labels.method).toBe('sort-merge-4k');
      for (const k of ['throughput_mb_s', 'naive_throughput_mb_s', 'speedup_vs_naive', 'latency_var_ms2', 'naive_latency_var_ms2']) {
        expect(Number.isFinite(s.metrics[k])).toBe(true);
      }
    }
    // every public scenario was byte-checked against the real file
    expect(e.score.scenarios.every((s) => s.ok && s.metrics.requests! >= 500)).toBe(true);
    const t = niche.telemetry(e.score, 'a_X');
    expect(Object.keys(t).sort()).toEqual(['artifact_id', 'backing_reads', 'latency_var_ms2', 'read_amplification', 'throughput_mb_s']);
    expect(t.backing_reads).toBe(e.score.metrics.backing_reads);
  });
});

describe('io.coalesce broken artifacts', () => {
  it('fails a plan whose batch misses part of a request', async () => {
    const e = await h.evaluate(NAIVE.replace('Array.from(lengths)', 'Array.from(lengths, (l) => l - 1)'));
    expect(e.decision.pass).toBe(false);
    expect(firstFailure(e)).toMatch(/request 0 of window 0 \(\d+\+\d+\) is not covered by its batch 0/);
  });

  it('fails a batch past the end of the file', async () => {
    const e = await h.evaluate(`
export function plan(offsets, lengths, opts) {
  return { offsets: [opts.fileSize - 100], lengths: [4096], serve: Array.from(offsets, () => 0) };
}`);
    expect(e.decision.pass).toBe(false);
    expect(firstFailure(e)).toMatch(/batch 0 of window 0 ends past the end of the file \(\d+ > \d+\)/);
  });

  it('fails a plan that returns a number instead of an object', async () => {
    const e = await h.evaluate('export function plan() { return 42; }');
    expect(e.decision.pass).toBe(false);
    expect(firstFailure(e)).toBe('OLA_ERR_BAD_OUTPUT: plan returned number instead of an object at window 0');
  });

  it('fails a plan that mutates the offsets it was handed, even when its batches are right', async () => {
    const e = await h.evaluate(NAIVE.replace('return {', 'const out = {').replace(/serve };\n}$/, 'serve };\n  offsets[0] += 1;\n  return out;\n}'));
    expect(e.decision.pass).toBe(false);
    expect(firstFailure(e)).toBe('OLA_ERR_BAD_OUTPUT: plan mutated its input offsets at window 0');
  });

  it('fails a plan whose batches are typed wrong', async () => {
    const e = await h.evaluate(`export function plan(o, l) { return { offsets: 'x', lengths: l, serve: [] }; }`);
    expect(firstFailure(e)).toBe('OLA_ERR_BAD_OUTPUT: plan returned batch offsets that is string, not an array, at window 0');
  });

  it('runs the naive plan cleanly but gates it out: it saves no reads', async () => {
    const e = await h.evaluate(NAIVE);
    expect(e.score.crashes).toBe(0);
    expect(e.score.metrics.reads_saved).toBe(0);
    expect(e.score.metrics.read_amplification).toBe(1);
    expect(e.decision.pass).toBe(false);
    expect(e.decision.reasons.join('; ')).toMatch(/public: reads_saved 0 not >= 0.05/);
  });

  it('gates out a plan that reads whole spans: far fewer reads, far too many bytes', async () => {
    const e = await h.evaluate(`
export function plan(offsets, lengths, opts) {
  const idx = Array.from(offsets, (_, i) => i).sort((a, b) => offsets[a] - offsets[b]);
  const bo = [], bl = [], serve = new Int32Array(offsets.length);
  for (const i of idx) {
    const s = offsets[i], e = s + lengths[i], k = bo.length - 1;
    if (k >= 0 && Math.max(e, bo[k] + bl[k]) - bo[k] <= opts.maxReadBytes) bl[k] = Math.max(e, bo[k] + bl[k]) - bo[k];
    else { bo.push(s); bl.push(lengths[i]); }
    serve[i] = bo.length - 1;
  }
  return { offsets: bo, lengths: bl, serve };
}`);
    expect(e.score.crashes).toBe(0);
    expect(e.score.metrics.reads_saved).toBeGreaterThan(0.5);
    expect(e.decision.pass).toBe(false);
    expect(e.decision.reasons.join('; ')).toMatch(/read_amplification_max [\d.]+ not <= 2/);
  });
});
