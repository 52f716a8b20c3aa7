// the host's cpu clock, and what a run's cpu figure is when that clock is sampled. under gvisor
// (runsc) the kernel charges cpu a whole tick (10 ms) at a time to whatever runs at the tick, so
// a 3 ms run reads 0 or 10 or 20 ms. there the figure is the time spent inside the isolate,
// bounded by the sampled figure plus a tick: exact on an idle machine, within a tick of the
// truth on a busy one (where time inside counts waiting for a core too).

/** the smallest step process.cpuUsage moves by here, in ms (spins up to `budgetMs` to find out) */
export function cpuTickMs(budgetMs = 60): number {
  const read = () => {
    const u = process.cpuUsage();
    return (u.user + u.system) / 1000;
  };
  const end = performance.now() + budgetMs;
  let last = read();
  let smallest = Infinity;
  let steps = 0;
  while (steps < 3 && performance.now() < end) {
    const now = read();
    if (now !== last) {
      smallest = Math.min(smallest, now - last);
      last = now;
      steps++;
    }
  }
  // no step at all in the budget: a clock coarser than it
  return Number.isFinite(smallest) ? smallest : budgetMs;
}

/** a clock whose steps are this coarse is a sampled one */
export const SAMPLED_TICK_MS = 2;

/** a run's cpu in ms: the clock's own figure, or (sampled) the time inside bounded by figure + tick */
export function runCpuMs(clockMs: number, insideMs: number, tickMs: number): number {
  if (tickMs < SAMPLED_TICK_MS) return clockMs;
  return Math.max(0, Math.min(insideMs, clockMs + tickMs));
}
