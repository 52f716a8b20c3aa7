// lru, arc and s3-fifo as ram.strategy artifacts: each passes the gate; lru matches the
// judge's own host lru; arc and s3-fifo do what they are known for.
import { afterAll, describe, expect, it } from 'vitest';
import { nicheHarness } from '../../../tests/helpers/niche-harness.ts';
import { ramStrategyNiche as niche } from '../../niches/ram.strategy/index.ts';
import { synthetic } from '../../niches/ram.strategy/scenarios.ts';
import { referencesOf } from './catalog.ts';

const h = nicheHarness(niche);
afterAll(() => h.close());
const source = (name: string) => {
  const r = referencesOf('ram.strategy').find((x) => x.name === name)!;
  return r.kind === 'artifact' ? r.source(niche) : '';
};
const hit = async (name: string, kind: 'loop' | 'scan' | 'zipf') =>
  (await h.scoreOn(source(name), [0, 1, 2].map((i) => synthetic(8300 + i, kind, true, `ram:ref:${kind}:${i}`)))).metrics;

describe('ram.strategy references', () => {
  it.each(['lru', 'arc', 's3-fifo'])('%s passes the gate on public and held-out traces', async (name) => {
    const e = await h.evaluate(source(name));
    expect(e.decision.reasons).toEqual([]);
    expect(e.score.labels.method).toBe(name);
    expect(e.heldOut.metrics.cache_hit_rate).toBeGreaterThan(0.3);
  });

  it('lru scores exactly what the judge computes for lru on the host', async () => {
    const m = await hit('lru', 'zipf');
    expect(m.gain_over_lru).toBe(0);
  });

  it("arc's hit rate is at least lru's on looping traces, and above it on scans", async () => {
    const [lruLoop, arcLoop] = [await hit('lru', 'loop'), await hit('arc', 'loop')];
    expect(arcLoop.cache_hit_rate).toBeGreaterThanOrEqual(lruLoop.cache_hit_rate!);
    expect((await hit('arc', 'scan')).gain_over_lru).toBeGreaterThan(0.02);
  });

  it('s3-fifo resists scans and keeps much of a loop that lru loses entirely', async () => {
    expect((await hit('s3-fifo', 'scan')).gain_over_lru).toBeGreaterThan(0.03);
    expect((await hit('s3-fifo', 'loop')).gain_over_lru).toBeGreaterThan(0.2);
  });
});
