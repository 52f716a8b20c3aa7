// every niche, end to end from POST /proposals: the baseline is validated, run, scored,
// registered and gated with a token for the next stage, and its telemetry is on the stream.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { proposeAndSettle, startTestLab, type TestLab } from '../../tests/helpers/test-lab.ts';
import { ALL_NICHES } from '../niches/catalog.ts';

/** the fields the seed lists for each telemetry event */
const FIELDS: Record<string, string[]> = {
  internal_clock_inferred: ['drift_ppm', 'confidence', 'method'],
  input_prediction: ['latency_ms', 'acc_v', 'click_intent_acc'],
  gui_construct: ['widgets_detected', 'layout_entropy'],
  ram_strategy_learned: ['buffering', 'compaction', 'cache_hit_rate'],
};

let t: TestLab;
beforeAll(async () => {
  t = await startTestLab();
});
afterAll(() => t.close());

describe.each(ALL_NICHES.map((n) => [n.id, n] as const))('niche %s through the api', (_id, niche) => {
  it('gates its baseline with a token for jail and emits its events', async () => {
    const p = await proposeAndSettle(t, { niche: niche.id, source: niche.baseline, language: 'js', proposer: 'conformance' });
    expect(p.status).toBe('gated');
    const a = (await t.app.inject({ url: `/artifacts/${p.artifactId}` })).json();
    expect(a.gate).toMatchObject({ pass: true, next: 'jail' });
    expect(a.tokens.map((x: { to: string }) => x.to)).toContain('jail');
    expect(a.score.metrics[niche.headline.metric]).toEqual(expect.any(Number));
    const events = await t.lab.store.eventsOf({ subject: p.artifactId! });
    const types = events.map((e) => e.type);
    expect(types).toContain('capability_discovered');
    const discovered = events.find((e) => e.type === 'capability_discovered')!.payload;
    expect(discovered).toMatchObject({ name: niche.id, artifact_id: p.artifactId, metrics: { utility: expect.any(Number), stability: 1, efficiency: expect.any(Number) } });
    if (niche.event !== 'capability_discovered') {
      const telemetry = events.find((e) => e.type === niche.event)!;
      expect(telemetry.payload.artifact_id).toBe(p.artifactId);
      for (const f of FIELDS[niche.event] ?? []) expect(telemetry.payload, `${niche.event}.${f}`).toHaveProperty(f);
    }
  });
});
