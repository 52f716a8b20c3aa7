// clock in shadow: the host's real clocks. a round samples (monotonic, wall) pairs for a few
// seconds; every half second a pair is handed over as a sync sample, the rest are queries,
// and each query's ground truth is the wall time read beside it.
import { recorded, type ClockScenario } from '../../../niches/clock/scenarios.ts';
import { sampleClocks } from '../../../senses/clock-recorder.ts';
import type { LiveFeed, SideEvents } from '../live.ts';

const ROUND_MS = 3000;
const EVERY_MS = 20;
const SYNC_EVERY_MS = 500;
/** estimates within this of each other agree */
const AGREE_MS = 0.5;

export const clockLive: LiveFeed = {
  niche: 'clock',
  async source() {
    return { available: true, what: "the host's real clocks (CLOCK_MONOTONIC and CLOCK_REALTIME read together)" };
  },
  async capture(ctx) {
    const { mono, wall } = await sampleClocks(ROUND_MS, EVERY_MS, ctx.signal);
    const s = recorded({ id: `live-${ctx.round}`, mono, wall }, SYNC_EVERY_MS);
    return { scenarios: [{ ...s, id: `clock:live:${ctx.round}` }], source: `${mono.length} clock pairs read over ${ROUND_MS} ms` };
  },
  events(scenario, output): SideEvents {
    const { truth } = scenario as ClockScenario;
    const est = (output as { estimates?: unknown })?.estimates;
    if (!(est instanceof Float64Array) || est.length !== truth.wall.length) return { ok: false, reason: 'output is not one estimate per query' };
    const values: number[] = [];
    const seen: number[] = [];
    for (let i = 0; i < est.length; i++) {
      const e = est[i]!;
      if (!Number.isFinite(e)) return { ok: false, reason: `estimate ${i} is not finite` };
      seen.push(e);
      values.push(truth.unknowable[i] ? NaN : Math.abs(e - truth.wall[i]!));
    }
    return { ok: true, values, seen, truth: Array.from(truth.wall), wrong: 0 };
  },
  same: (a, b) => typeof a === 'number' && typeof b === 'number' && Math.abs(a - b) <= AGREE_MS,
};
