// a sampled cpu clock (gvisor's 10 ms ticks) gives a run's cpu as its time inside, bounded by the
// sampled figure plus a tick; a fine one is taken as it reads.
import { describe, expect, it } from 'vitest';
import { cpuTickMs, runCpuMs, SAMPLED_TICK_MS } from './cpu-clock.ts';

describe('the cpu clock', () => {
  it('reads this host\'s clock as fine-grained', () => {
    expect(cpuTickMs()).toBeLessThan(SAMPLED_TICK_MS);
  });

  it('takes a fine clock as it reads', () => {
    expect(runCpuMs(3.2, 9, 0.001)).toBe(3.2);
    expect(runCpuMs(0.05, 0.4, 0.001)).toBe(0.05);
  });

  it('bounds a sampled clock by the time inside, and the time inside by the sample plus a tick', () => {
    // idle: a 3 ms run the ticks missed, or charged twice
    expect(runCpuMs(0, 3, 10)).toBe(3);
    expect(runCpuMs(20, 3, 10)).toBe(3);
    // busy: 800 ms inside, of which the ticks saw 200 ms running
    expect(runCpuMs(200, 800, 10)).toBe(210);
    // starved stays starved (cpu under half the wall), a spin stays a spin
    expect(runCpuMs(300, 1000, 10)).toBeLessThan(500);
    expect(runCpuMs(1000, 1000, 10)).toBe(1000);
  });
});
