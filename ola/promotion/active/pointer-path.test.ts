import { describe, expect, it } from 'vitest';
import { recorded } from '../../niches/input.predictor/recorded.ts';
import { LabTraceLog } from '../shadow/traces.ts';
import { KEEP, LIVE_MS, PointerPath } from './pointer-path.ts';
import { errorSince } from './pointer-predictor.ts';

const FRAME = 1000 / 60;

describe('PointerPath', () => {
  it('keeps one position a frame (the newest), holds a still pointer, and hands the path to the traces', () => {
    let now = 0;
    const traces = new LabTraceLog();
    const p = new PointerPath(traces, () => now);
    p.push(10, 20, 0);
    now = 5;
    p.push(11, 21, 0); // the same frame: replaces it
    now = 4 * FRAME + 1;
    p.push(50, 60, 1); // three frames later: the two between held the pointer
    expect(traces.pointerPath()).toEqual({ x: [11, 11, 11, 11, 50], y: [21, 21, 21, 21, 60], buttons: [0, 0, 0, 0, 1] });
    expect(p.events(10).map((e) => e.slice(1))).toEqual([[10, 20, 0], [11, 21, 0], [50, 60, 1]]);
    expect(p.live()).toBe(true);
    now += LIVE_MS;
    expect(p.live()).toBe(false);
    // a long pause is not replayed frame by frame
    now += 60_000;
    p.push(1, 2, 0);
    expect(traces.pointerPath().x.length).toBeLessThanOrEqual(5 + 31);
  });

  it('keeps the last 600 positions', () => {
    let now = 0;
    const traces = new LabTraceLog();
    const p = new PointerPath(traces, () => now);
    for (let i = 0; i < 1000; i++, now += FRAME) p.push(i % 640, 0, 0);
    expect(traces.pointerPath().x).toHaveLength(KEEP);
    expect(traces.pointerPath().x.at(-1)).toBe(999 % 640);
    expect(p.events(KEEP + 100)).toHaveLength(KEEP);
    expect(p.frames(30).x).toHaveLength(30);
  });
});

describe('errorSince', () => {
  it("measures only predictions whose real position came in after the last use's end", () => {
    // a pointer moving right at 600 px/s, reported every 10 ms
    const events: [number, number, number, number][] = [];
    for (let i = 0; i < 50; i++) events.push([i * 10, i * 6, 100, 0]);
    const s = recorded({ id: 'test', horizonMs: 50, events });
    // carrying the position forward is 30 px off at a 50 ms horizon
    const all = errorSince(s, s.input, -Infinity);
    expect(all.judged).toBeGreaterThan(30);
    expect(all.errorPx).toBeCloseTo(30, 5);
    // predictions whose horizon ended before 400 ms were measured by an earlier use
    const later = errorSince(s, s.input, 400);
    expect(later.judged).toBeLessThan(all.judged);
    expect(errorSince(s, s.input, 1e9)).toEqual({ errorPx: null, judged: 0 });
  });
});
