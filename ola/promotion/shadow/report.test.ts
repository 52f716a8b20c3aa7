// the report's shape: built from a run, it parses with the api schema, survives json, and
// keeps its mismatch sample bounded and fair.
import { describe, expect, it } from 'vitest';
import { shadow as fuse } from '../../niches/fuse.compress/shadow.ts';
import { rng } from '../../niches/shared/rng.ts';
import { MAX_MISMATCH_SAMPLES, MAX_PREVIEW_CHARS, MismatchSampler, preview } from './mismatch-sample.ts';
import { durationSummary, ShadowReportSchema, shadowReport, type ShadowRun } from './report.ts';

function run(o: Partial<ShadowRun> = {}): ShadowRun {
  const ratios = Array.from({ length: 40 }, (_, i) => 1.5 + (i % 7) / 10);
  return {
    niche: 'fuse.compress',
    candidate: { artifactId: 'a_01JCANDIDATE00000000000000' },
    incumbent: { artifactId: null, kind: 'baseline' },
    startedAt: '2026-11-30T10:00:00.000Z',
    endedAt: '2026-11-30T10:05:00.000Z',
    counts: { events: 40, matched: 38, mismatched: 2, ignored: 0 },
    durations: { candidate: ratios.map((r) => r * 2), incumbent: ratios },
    candidateSide: { values: ratios.map((r) => r + 0.3), events: 40, crashes: 0, mismatches: 0 },
    incumbentSide: { values: ratios, events: 40, crashes: 0, mismatches: 0 },
    mismatches: [],
    mismatchesSeen: 0,
    ...o,
  };
}

describe('the shadow report', () => {
  it('holds the counts, durations, crashes and verdict, and parses with its schema', () => {
    const report = shadowReport(run(), fuse);
    expect(report.verdict.verdict).toBe('pass');
    expect(report.verdict.effectSize!.delta).toBeGreaterThan(0);
    expect(report.durations.incumbent).toMatchObject({ count: 40, maxMs: 2.1 });
    expect(ShadowReportSchema.parse(JSON.parse(JSON.stringify(report)))).toEqual(report);
  });

  it('parses an insufficient report with its null statistics', () => {
    const report = shadowReport(run({ candidateSide: { values: [], events: 0, crashes: 0, mismatches: 0 }, durations: { candidate: [], incumbent: [] } }), fuse);
    expect(report.verdict.verdict).toBe('insufficient');
    expect(report.durations.candidate).toEqual({ count: 0, meanMs: null, p50Ms: null, p95Ms: null, maxMs: null });
    expect(ShadowReportSchema.parse(JSON.parse(JSON.stringify(report)))).toEqual(report);
  });

  it('records the last crash, cut short, and a failing verdict', () => {
    const report = shadowReport(run({ candidateSide: { values: [1, 2], events: 3, crashes: 1, mismatches: 1 }, lastCrash: 'x'.repeat(5000) }), fuse);
    expect(report.verdict.verdict).toBe('fail');
    expect(report.crashes).toMatchObject({ candidate: 1, incumbent: 0 });
    expect(report.crashes.last).toHaveLength(400);
  });

  it('refuses what the api must never carry: NaN, negative counts, too many mismatches', () => {
    const report = shadowReport(run(), fuse);
    expect(ShadowReportSchema.safeParse({ ...report, verdict: { ...report.verdict, p: Number.NaN } }).success).toBe(false);
    expect(ShadowReportSchema.safeParse({ ...report, counts: { ...report.counts, ignored: -1 } }).success).toBe(false);
    const m = { at: '2026-11-30T10:00:00.000Z', event: 'e', candidate: '1', incumbent: '2' };
    expect(ShadowReportSchema.safeParse({ ...report, mismatches: new Array(MAX_MISMATCH_SAMPLES + 1).fill(m) }).success).toBe(false);
  });

  it('summarises durations, leaving out what is not a duration', () => {
    const d = durationSummary([4, 1, 3, 2, Number.NaN, -1]);
    expect(d).toMatchObject({ count: 4, meanMs: 2.5, p50Ms: 2.5, maxMs: 4 });
    expect(d.p95Ms).toBeCloseTo(3.85, 12);
  });
});

describe('the mismatch sample', () => {
  it('keeps at most its capacity, a fair sample of all it saw, oldest first', () => {
    const r = rng(7);
    const kept = new Array<number>(1000).fill(0);
    for (let trial = 0; trial < 400; trial++) {
      const s = new MismatchSampler(10, r.next);
      for (let i = 0; i < 1000; i++) s.offer({ at: `t${String(i).padStart(4, '0')}`, event: String(i), candidate: i, incumbent: -i });
      const got = s.samples();
      expect(got).toHaveLength(10);
      expect(s.seen).toBe(1000);
      expect(got.map((g) => g.at)).toEqual([...got.map((g) => g.at)].sort());
      for (const g of got) kept[Number(g.event)]!++;
    }
    // each event kept with chance 10/1000: over 400 trials, 4 times on average per event
    const firstHalf = kept.slice(0, 500).reduce((a, b) => a + b, 0);
    expect(firstHalf / 4000).toBeGreaterThan(0.45);
    expect(firstHalf / 4000).toBeLessThan(0.55);
  });

  it('previews any value briefly and never throws', () => {
    const circular: Record<string, unknown> = {};
    circular.self = circular;
    expect(preview({ x: 1 })).toBe('{"x":1}');
    expect(preview(new Uint8Array(70000))).toBe('<Uint8Array 70000 bytes>');
    expect(preview('y'.repeat(5000))).toHaveLength(MAX_PREVIEW_CHARS);
    expect(preview(circular)).toBe('[object Object]');
    expect(preview(undefined)).toBe('undefined');
    const s = new MismatchSampler();
    s.offer({ at: 'a', event: 'e', candidate: 1, incumbent: 2, truth: 3, detail: 'z'.repeat(1000) });
    expect(s.samples()[0]).toMatchObject({ candidate: '1', incumbent: '2', truth: '3' });
    expect(s.samples()[0]!.detail).toHaveLength(MAX_PREVIEW_CHARS);
  });
});
