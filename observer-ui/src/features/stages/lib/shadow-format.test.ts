import { describe, expect, it } from 'vitest';
import { fmtDelta, fmtMean, fmtP, fmtStability, handleLabel, incumbentLabel, isShadowing, rollbackLine, verdictClass } from './shadow-format.ts';

describe('shadow report wording', () => {
  it('verdicts: marginal is drawn apart from pass and fail', () => {
    expect(verdictClass('pass')).toBe('pass');
    expect(verdictClass('marginal')).toBe('warn');
    expect(verdictClass('fail')).toBe('fail');
    expect(verdictClass('insufficient')).toBe('fail');
  });

  it('p-values: a dash for none, a bound for the tiny ones', () => {
    expect(fmtP(null)).toBe('–');
    expect(fmtP(3e-9)).toBe('< 0.0001');
    expect(fmtP(0.04567)).toBe('0.0457');
    expect(fmtP(1)).toBe('1');
  });

  it("cliff's delta with its interval, signed", () => {
    expect(fmtDelta(null)).toBe('–');
    expect(fmtDelta({ delta: 0.1234, low: -0.05, high: 0.3, se: 0.1, magnitude: 'negligible' }, 0.95)).toBe('+0.12 [−0.05, +0.30] at 95%, negligible');
    expect(fmtDelta({ delta: -1, low: -1, high: -0.98, se: 0, magnitude: 'large' })).toBe('−1.00 [−1.00, −0.98], large');
    expect(fmtDelta({ delta: 0, low: -0.2, high: 0.2, se: 0.1, magnitude: 'negligible' })).toBe('0.00 [−0.20, +0.20], negligible');
  });

  it('incumbents, means and handles', () => {
    expect(incumbentLabel({ artifactId: null, kind: 'baseline' })).toBe('the baseline');
    expect(incumbentLabel({ artifactId: 'a_X', kind: 'active' })).toBe('active a_X');
    expect(fmtMean(0.123456, 'ms')).toBe('0.1235 ms');
    expect(fmtMean(null, 'ms')).toBe('–');
    expect(fmtMean(2, '')).toBe('2');
    expect(handleLabel(null)).toBe('built-in fallback');
    expect(handleLabel('a_Y')).toBe('a_Y');
    expect(fmtStability(0.956)).toBe('96%');
  });

  it('rollbacks say who and why, automatic or by hand', () => {
    const r = { from: 'a_B', to: null, automatic: true, by: 'the lab', why: '3 of the last 20 uses failed', at: '', seq: 9 };
    expect(rollbackLine(r)).toBe('automatic by the lab, a_B → built-in fallback: 3 of the last 20 uses failed');
    expect(rollbackLine({ ...r, to: 'a_A', automatic: false, by: 'alice', why: 'slower' })).toBe('manual by alice, a_B → a_A: slower');
    expect(rollbackLine({ ...r, automatic: false, by: 'alice', why: 'unused for a week', retired: true })).toBe('retired by alice, a_B → built-in fallback: unused for a week');
  });

  it('knows when shadow mode runs', () => {
    expect(isShadowing({ state: 'running', stage: 'shadow' })).toBe(true);
    expect(isShadowing({ state: 'running', stage: 'vm' })).toBe(false);
    expect(isShadowing({ state: 'needs_approval', stage: 'active' })).toBe(false);
  });
});
