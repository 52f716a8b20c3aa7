import { describe, expect, it } from 'vitest';
import { startTestLab } from '../../tests/helpers/test-lab.ts';
import { clockNiche } from '../niches/clock/index.ts';

describe('restart', () => {
  it('finishes proposals the previous run accepted but did not finish', async () => {
    const first = await startTestLab({ lifecycle: { concurrency: 1 } });
    const ids: string[] = [];
    for (let i = 0; i < 6; i++) {
      const res = await first.app.inject({ method: 'POST', url: '/proposals', payload: { niche: 'clock', source: clockNiche.baseline, language: 'js' } });
      ids.push(res.json().id);
    }
    // close at once: most proposals are still queued
    await first.close({ keepStorage: true });
    const second = await startTestLab({}, first.dir);
    try {
      for (const id of ids) expect((await second.lab.engine.settled(id)).status).toBe('gated');
      expect((await second.lab.store.verify({ full: true })).ok).toBe(true);
    } finally {
      await second.close();
    }
  });
});
