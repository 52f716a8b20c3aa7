// the policy gate: every set it is given (public, held-out, fuzzed) must pass the stage's gate.
import { describe, expect, it } from 'vitest';
import type { Score } from '../core/contracts.ts';
import clock from '../niches/clock/index.ts';
import { PolicyGate } from './gate.ts';

function score(crashes: number): Score {
  return { utility: 1, stability: 1, efficiency: 1, crashes, runs: 4, metrics: {}, labels: {}, scenarios: [{ scenarioId: 'clock:fuzz:7', ok: crashes === 0, reason: crashes ? 'threw' : undefined, metrics: {} }], harnessHash: '', scenariosHash: '' };
}

describe('the policy gate', () => {
  const gate = new PolicyGate();

  it('fails a rung whose fuzzed runs failed, naming the set and the first failure', () => {
    const d = gate.decide({ niche: clock, stage: 'vm', score: score(0), heldOut: score(0), fuzzed: score(1) });
    expect(d.pass).toBe(false);
    expect(d.reasons.some((r) => r.startsWith('fuzzed: 1 of 4 runs failed') && r.includes('threw'))).toBe(true);
    expect(d.reasons.filter((r) => r.includes('runs failed'))).toHaveLength(1);
  });

  it('says why in plain language: what a pass met, and what a fail did not', () => {
    const good = { ...score(0), metrics: { mean_abs_error_ms: 0.4, max_abs_error_ms: 2, p99_abs_error_ms: 1 } };
    const pass = gate.decide({ niche: clock, stage: 'jail', score: good, heldOut: good });
    expect(pass.reasons).toEqual([]);
    expect(pass.why).toMatch(/^passed the jail gate: public: 0 of 4 runs failed \(allowed 0\), utility 1 >= [\d.]+, efficiency 1 >= [\d.]+.*; held-out: /);
    const fail = gate.decide({ niche: clock, stage: 'vm', score: score(0), heldOut: score(0), fuzzed: score(1) });
    expect(fail.why).toBe(`failed the vm gate: ${fail.reasons.join('; ')}`);
  });

  it('fails a rung whose fuzzed runs did not run (held-out runs failed first)', () => {
    const none = { ...score(0), runs: 0, scenarios: [] };
    expect(gate.decide({ niche: clock, stage: 'vm', score: score(0), heldOut: score(0), fuzzed: none }).reasons).toContain('fuzzed: not run');
  });

  it('screens the public set: held-out runs are spent only when it passes, and a skipped set says why', () => {
    const good = { ...score(0), metrics: { mean_abs_error_ms: 0.4, max_abs_error_ms: 2, p99_abs_error_ms: 1 } };
    const slow = { ...good, metrics: { ...good.metrics, max_abs_error_ms: 50 } };
    expect(gate.screen({ niche: clock, stage: 'isolate', score: good })).toEqual([]);
    const screened = gate.screen({ niche: clock, stage: 'isolate', score: slow });
    expect(screened.length).toBeGreaterThan(0);
    expect(screened.every((r) => r.startsWith('public: '))).toBe(true);
    const none = { ...score(0), runs: 0, scenarios: [] };
    const d = gate.decide({ niche: clock, stage: 'isolate', score: slow, heldOut: none });
    expect(d.reasons).toEqual([...screened, 'held-out: not run, as the public set failed']);
    // a held-out set missing after a public pass is still a failure of its own
    expect(gate.decide({ niche: clock, stage: 'isolate', score: good, heldOut: none }).reasons).toEqual(['held-out: not run']);
  });
});
