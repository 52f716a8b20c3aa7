// io.coalesce cheats: batches as wide as a read may be, gaps and all (reads saved, bytes wasted), and
// batches that claim to serve requests they do not hold (reads saved on paper). the gate bounds
// amplification, and the harness checks every request against its batch and every byte read.
import { afterAll, describe, expect, it } from 'vitest';
import io from '../../ola/niches/io.coalesce/index.ts';
import { firstFailure, nicheHarness } from '../helpers/niche-harness.ts';
import { gateRefuses } from './cheat.ts';

const h = nicheHarness(io);
afterAll(() => h.close());

describe('io.coalesce cheats fail the gate', () => {
  it('batches as wide as a read may be, gaps and all, fail on amplification', async () => {
    // sorted by offset, each batch grows to the largest read allowed whatever lies between
    const e = await h.evaluate(`export function plan(offsets, lengths, opts) {
      const idx = Array.from(offsets, (_, i) => i).sort((a, b) => offsets[a] - offsets[b]);
      const o = [], l = [], serve = new Array(offsets.length);
      for (const i of idx) {
        const end = offsets[i] + lengths[i], b = o.length - 1;
        if (b >= 0 && end - o[b] <= opts.maxReadBytes) { l[b] = Math.max(l[b], end - o[b]); serve[i] = b; }
        else { o.push(offsets[i]); l.push(lengths[i]); serve[i] = o.length - 1; }
      }
      return { offsets: o, lengths: l, serve };
    }`);
    expect(e.score.crashes).toBe(0);
    expect(e.score.metrics.reads_saved).toBeGreaterThan(0.3);
    gateRefuses(e, /read_amplification_max \S+ not <= 2/);
  });

  it('every request served by one small batch it does not fit in fails the run with the rule it broke', async () => {
    const e = await h.evaluate(`export function plan(offsets, lengths) {
      return { offsets: [offsets[0]], lengths: [lengths[0]], serve: Array.from(offsets, () => 0) };
    }`);
    gateRefuses(e, /public: \d+ of \d+ runs failed/);
    expect(firstFailure(e)).toMatch(/serve|batch|request/);
  });
});
