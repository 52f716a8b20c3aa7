import { describe, expect, it } from 'vitest';
import { fakeLlm } from '../../../tests/helpers/fake-llm.ts';
import { startTestLab } from '../../../tests/helpers/test-lab.ts';
import { clockNiche } from '../../niches/clock/index.ts';

// a better clock than the baseline: the median of more samples, as an llm might propose it
const improved = clockNiche.baseline.replace('const WINDOW = 7;', 'const WINDOW = 9;');
const answer = (source: string, language = 'js') => JSON.stringify({ source, language, rationale: 'a longer window averages more jitter away' });

describe('llm proposer', () => {
  it('asks with the interface, best artifacts and failures, and proposes what comes back', async () => {
    const llm = await fakeLlm([answer('export function sync( {'), answer(improved)]);
    const t = await startTestLab({ llm: { url: llm.url, model: 'fake-coder' } });
    try {
      const v = t.lab.ola.start({ niche: 'clock', proposer: 'llm', budget: { evaluations: 2 }, batch: 1 });
      const run = (await t.lab.ola.wait(v.id))!;
      expect(run.state).toBe('done');
      expect(run.summary).toMatchObject({ proposer: 'llm', evaluations: 2 });

      const first = llm.requests[0]!;
      expect(first.model).toBe('fake-coder');
      expect(first.response_format).toMatchObject({ type: 'json_schema', json_schema: { schema: { type: 'object', required: expect.arrayContaining(['source', 'language', 'rationale']) } } });
      expect(first.messages[0]!.content).toMatch(/ES module/);
      expect(first.messages[1]!.content).toContain('export function estimate(mono: number): number;');
      expect(first.messages[1]!.content).toContain('max_abs_error_ms');
      // the second prompt carries the first proposal's rejection back
      expect(llm.requests[1]!.messages[1]!.content).toMatch(/rejected by the validator: \[parse\]/);

      const mine = await t.lab.store.artifactsOfRun(v.id);
      const proposed = mine.filter((a) => a.proposer === 'llm' && a.meta?.role !== 'seed');
      expect(proposed).toHaveLength(1);
      expect(proposed[0]!.meta).toMatchObject({ model: 'fake-coder', rationale: expect.stringContaining('window') });
      expect(proposed[0]!.gate?.pass).toBe(true);
    } finally {
      await t.close();
      await llm.close();
    }
  });

  it('records failures and stops asking after a few in a row', async () => {
    const llm = await fakeLlm(['this is not json', '{"source": 42}', { status: 500 }]);
    const t = await startTestLab({ llm: { url: llm.url, model: 'fake', maxFailures: 3 } });
    try {
      const v = t.lab.ola.start({ niche: 'clock', proposer: 'llm', budget: { evaluations: 50 }, batch: 1 });
      const run = (await t.lab.ola.wait(v.id))!;
      expect(run.summary).toMatchObject({ stopped: 'exhausted', evaluations: 0 });
      expect(llm.requests).toHaveLength(3);
      const failures = await t.lab.store.eventsOf({ subject: v.id, types: ['proposer_failed'] });
      expect(failures.map((f) => f.payload.reason)).toEqual([
        expect.stringMatching(/schema/),
        expect.stringMatching(/schema/),
        expect.stringMatching(/answered 500/),
      ]);
      expect((await t.app.inject({ url: '/healthz' })).statusCode).toBe(200);
    } finally {
      await t.close();
      await llm.close();
    }
  });
});
