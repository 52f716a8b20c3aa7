import { describe, expect, it } from 'vitest';
import { actionLine, findingWhy, fmtReviewedAt, fmtSignedDelta, fmtSpan, fmtUses, fmtWhen, newerReview, outcomeLine, reviewIsStale, rivalVerdict } from './decay-format.ts';

describe('decay review wording', () => {
  it('times and spans', () => {
    expect(fmtWhen('2026-11-30T16:40:01.123Z')).toBe('2026-11-30 16:40:01');
    expect(fmtWhen(null)).toBe('–');
    expect(fmtSpan(12_400)).toBe('12 s');
    expect(fmtSpan(10 * 60_000)).toBe('10 min');
    expect(fmtSpan(5 * 3_600_000)).toBe('5 h');
    const at = '2026-11-30T16:40:01.000Z';
    expect(fmtReviewedAt(at, Date.parse(at) + 300)).toBe('2026-11-30 16:40:01 (just now)');
    expect(fmtReviewedAt(at, Date.parse(at) + 95_000)).toBe('2026-11-30 16:40:01 (95 s ago)');
  });

  it('shows the newer of the polled review and the one run now', () => {
    const old = { at: '2026-11-30T16:40:01.000Z', n: 1 };
    const fresh = { at: '2026-11-30T16:41:00.000Z', n: 2 };
    expect(newerReview(old, fresh)).toBe(fresh);
    expect(newerReview(fresh, old)).toBe(fresh);
    expect(newerReview(undefined, old)).toBe(old);
    expect(newerReview(old, undefined)).toBe(old);
    expect(newerReview(undefined, undefined)).toBeUndefined();
  });

  it('uses, findings and rivals', () => {
    expect(fmtUses(0, null)).toBe('no use seen');
    expect(fmtUses(1, '2026-11-30T16:40:01.000Z')).toBe('1 use seen, the last at 2026-11-30 16:40:01');
    expect(fmtUses(7, '2026-11-30T16:40:01.000Z')).toBe('7 uses seen, the last at 2026-11-30 16:40:01');
    expect(findingWhy({ kind: 'unused', why: 'unused: no use of a_X in the last 10 min' })).toBe('no use of a_X in the last 10 min');
    expect(findingWhy({ kind: 'outperformed', why: 'something else' })).toBe('something else');
    expect(rivalVerdict({ verdict: 'pass', better: true })).toBe('pass, better');
    expect(rivalVerdict({ verdict: 'pass', better: false })).toBe('pass, no worse');
    expect(rivalVerdict({ verdict: 'marginal', better: false })).toBe('marginal');
    expect(fmtSignedDelta(0.4567)).toBe('+0.46');
    expect(fmtSignedDelta(-0.1)).toBe('−0.10');
    expect(fmtSignedDelta(0)).toBe('0.00');
    expect(fmtSignedDelta(null)).toBe('–');
  });

  it('knows when a review was about another artifact than the active one', () => {
    expect(reviewIsStale({ active: 'a_X' }, 'a_X')).toBe(false);
    expect(reviewIsStale({ active: 'a_X' }, 'a_Y')).toBe(true);
    expect(reviewIsStale({ active: 'a_X' }, null)).toBe(true);
    expect(reviewIsStale({ active: null }, null)).toBe(false);
    expect(reviewIsStale(undefined, 'a_X')).toBe(false);
  });

  it('says what a rollback or a retirement will do, and what it did', () => {
    const t = { niche: 'clock', expect: 'a_0123456789abcdef', previous: 'a_P' };
    expect(actionLine('rollback', t)).toBe('roll clock back from a_0123…cdef to a_P');
    expect(actionLine('retire', t)).toBe("retire clock's a_0123…cdef: a_P, the handle beneath it, is used again");
    expect(actionLine('retire', { ...t, previous: null })).toBe("retire clock's a_0123…cdef: the built-in fallback is used again");
    const r = { niche: 'clock', from: 'a_B', to: 'a_A', by: 'alice', seq: 42 };
    expect(outcomeLine(r)).toBe('rolled clock back from a_B to a_A by alice (registry seq 42)');
    expect(outcomeLine({ ...r, retired: true })).toBe("retired clock's a_B by alice (registry seq 42): a_A is active again");
    expect(outcomeLine({ ...r, to: null, retired: true })).toBe("retired clock's a_B by alice (registry seq 42): the built-in fallback is used again");
  });
});
