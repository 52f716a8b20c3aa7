// each niche figure that /metrics exports is a field of its niche's telemetry event: a renamed
// field fails here instead of leaving a dashboard panel empty.
import { describe, expect, it } from 'vitest';
import type { Score } from '../../ola/core/contracts.ts';
import { TELEMETRY_METRICS } from '../../ola/core/telemetry-metrics.ts';
import { ALL_NICHES } from '../../ola/niches/catalog.ts';

const score = (metrics: Record<string, number>): Score => ({
  utility: 1,
  stability: 1,
  efficiency: 1,
  crashes: 0,
  runs: 1,
  metrics,
  labels: {},
  scenarios: [],
  harnessHash: '',
  scenariosHash: '',
});

describe('telemetry metrics', () => {
  for (const t of TELEMETRY_METRICS) {
    it(`${t.name} reads ${t.field} of ${t.event}, which its niche writes from its score`, () => {
      const niche = ALL_NICHES.find((n) => n.event === t.event);
      expect(niche, `no niche records ${t.event}`).toBeDefined();
      expect(niche!.telemetry(score({ [t.field]: 7 }), 'a_1')[t.field]).toBe(7);
    });
  }
});
