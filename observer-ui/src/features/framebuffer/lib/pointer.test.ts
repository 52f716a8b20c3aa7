import { describe, expect, it, vi } from 'vitest';
import { throttled, toFramebuffer, type PointerReport } from './pointer.ts';

describe('toFramebuffer', () => {
  it('maps a scaled canvas to whole framebuffer pixels, clamped to the screen', () => {
    const rect = { left: 10, top: 20, width: 320, height: 240 };
    expect(toFramebuffer(10, 20, rect)).toEqual({ type: 'pointer', x: 0, y: 0, buttons: 0 });
    expect(toFramebuffer(170, 140, rect, 1)).toEqual({ type: 'pointer', x: 320, y: 240, buttons: 1 });
    expect(toFramebuffer(10_000, -50, rect, 0xff)).toEqual({ type: 'pointer', x: 639, y: 0, buttons: 7 });
    expect(toFramebuffer(0, 0, { left: 0, top: 0, width: 0, height: 0 })).toBeUndefined();
  });
});

describe('throttled', () => {
  it('sends at most one report a period, the newest', () => {
    vi.useFakeTimers();
    let t = 0;
    const sent: PointerReport[] = [];
    const s = throttled((r) => sent.push(r), 16, () => t);
    const at = (x: number): PointerReport => ({ type: 'pointer', x, y: 0, buttons: 0 });
    s.push(at(1));
    for (let x = 2; x <= 10; x++) s.push(at(x));
    expect(sent.map((r) => r.x)).toEqual([1]);
    t = 16;
    vi.advanceTimersByTime(16);
    expect(sent.map((r) => r.x)).toEqual([1, 10]);
    s.push(at(11));
    s.cancel();
    t = 64;
    vi.advanceTimersByTime(64);
    expect(sent.map((r) => r.x)).toEqual([1, 10]);
    vi.useRealTimers();
  });
});
