import { describe, expect, it } from 'vitest';
import { startTestLab } from '../../tests/helpers/test-lab.ts';

describe('autopilot (ola serve --evolve)', () => {
  it('chooses niches by least effort and evolves on its own, visible in the registry', async () => {
    const t = await startTestLab({ autopilot: { enabled: true, budget: 16, idleMs: 50, maxCpuPercent: 100 } });
    try {
      for (let i = 0; i < 600; i++) {
        const finished = await t.lab.store.eventsOf({ types: ['evolution_finished'] });
        if (new Set(finished.map((e) => e.payload.niche)).size >= 2) break;
        await new Promise((r) => setTimeout(r, 100));
      }
      const finished = await t.lab.store.eventsOf({ types: ['evolution_finished'] });
      const niches = finished.map((e) => e.payload.niche);
      // two different niches in turn: the second run went to a niche with less effort
      expect(new Set(niches).size).toBeGreaterThanOrEqual(2);
      expect(niches[0]).not.toBe(niches[1]);
      expect(t.lab.autopilot.decisions.some((d) => d.reason === 'evolving')).toBe(true);
      const evolved = await t.lab.store.artifacts({ limit: 1000 });
      expect(evolved.some((a) => a.proposer === 'evolve' && a.meta?.role !== 'seed')).toBe(true);
    } finally {
      await t.close();
    }
  });

  it('waits while people have proposals queued', async () => {
    const t = await startTestLab({ autopilot: { enabled: false, budget: 8, idleMs: 20, maxPending: 0 }, lifecycle: { concurrency: 1 } });
    try {
      const src = (await import('../niches/clock/index.ts')).clockNiche.baseline;
      for (let i = 0; i < 20; i++) await t.lab.engine.submit({ niche: 'clock', source: src, language: 'js' });
      t.lab.autopilot.start();
      await new Promise((r) => setTimeout(r, 100));
      expect(t.lab.autopilot.decisions[0]?.reason).toMatch(/proposals are waiting/);
    } finally {
      await t.close();
    }
  });
});
