import { describe, expect, it } from 'vitest';
import { climbLine, heapLine, improvements, render, type Point } from './report.ts';

const at = (minute: number, publicUtility?: number): Point => ({ minute, runs: 1, evaluations: 10, ...(publicUtility === undefined ? {} : { best: { id: `a${minute}`, publicUtility, publicHeadline: publicUtility, heldOutUtility: publicUtility } }) });

describe("bench:autopilot's report", () => {
  it('counts rises of the best per quarter, and the last one', () => {
    const points = [at(0), at(1, 0.5), at(5, 0.5), at(16, 0.6), at(20, 0.6), at(31, 0.61), at(50, 0.7), at(59, 0.7), at(60, 0.71)];
    expect(improvements(points, 60)).toEqual({ byQuarter: [0, 1, 1, 2], lastMinute: 60 });
    // the first best is where the run starts, not a rise; a fall is not one either
    expect(improvements([at(0, 0.9), at(30, 0.8)], 60)).toEqual({ byQuarter: [0, 0, 0, 0] });
  });

  it('renders a table, a closing line and an html page from the samples alone', () => {
    const r = render({
      minutes: 60,
      budget: 200,
      sampleS: 30,
      quick: false,
      reports: [
        { niche: 'clock', metric: 'max_abs_error_ms', better: 'lower', baseline: { heldOutUtility: 0.5 }, points: [at(1, 0.5), at(50, 0.6)] },
        { niche: 'gui.fb', metric: 'cursor_hit_rate', better: 'higher', points: [at(1, 0.8)] },
      ],
    });
    expect(r.table.rows.map((x) => x[0])).toEqual(['clock', 'gui.fb']);
    expect(r.table.rows[0]![8]).toBe('0.5000 → 0.6000');
    expect(r.closing).toBe('niches whose best still improved in the second half: 1 of 2; in the last quarter: 1');
    expect(r.title).toContain('2 runs, 20 evaluations');
    expect(r.html).toContain('<svg');
  });

  it("says the lab's heap over the run, and that a run was cut off", () => {
    const lab = [
      { minute: 0, heapMb: 50.2, rssMb: 180, climbs: 0 },
      { minute: 31, heapMb: 140.6, rssMb: 400, climbs: 4 },
      { minute: 60, heapMb: 90, rssMb: 390, climbs: 2 },
    ];
    expect(heapLine(lab)).toBe("the lab's heap: 50 MB at the start, at most 141 MB (minute 31), 90 MB at the end; rss at most 400 MB");
    expect(heapLine([])).toBeUndefined();
    expect(climbLine(lab)).toBe('artifacts queued or climbing the ladder: at most 4 (minute 31), 2 at the end');
    // a run saved before the queue was sampled says nothing of it
    expect(climbLine(lab.map(({ climbs: _, ...x }) => x))).toBeUndefined();
    const r = render({ minutes: 60, budget: 200, sampleS: 30, quick: false, reports: [{ niche: 'clock', metric: 'm', better: 'lower', points: [at(1, 0.5)] }], lab, finished: false });
    expect(r.closing.split('\n')).toEqual([
      'niches whose best still improved in the second half: 0 of 1; in the last quarter: 0',
      heapLine(lab),
      climbLine(lab),
      'the run was cut off: this is what it had at its last sample',
    ]);
    expect(r.html).toContain("the lab process's memory over the run");
  });
});
