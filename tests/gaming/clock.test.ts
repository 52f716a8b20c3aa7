// clock cheats: reading the host's clock instead of inferring it, and memorising the public
// scenarios' answers. the sandbox pins the clock (Date.now and new Date() are the epoch, no
// performance), and held-out scenarios catch the memoriser.
import { afterAll, describe, expect, it } from 'vitest';
import clock from '../../ola/niches/clock/index.ts';
import type { ClockScenario } from '../../ola/niches/clock/scenarios.ts';
import { nicheHarness } from '../helpers/niche-harness.ts';
import { failsOnHeldOutOnly, gateRefuses, numbers } from './cheat.ts';

const h = nicheHarness(clock);
afterAll(() => h.close());

describe('clock cheats fail the gate', () => {
  it.each([
    ['Date.now()', 'return Date.now();'],
    ['new Date()', 'return new Date().getTime();'],
    ['Date()', 'return Date.parse(Date());'],
  ])('answering from the host clock (%s) sees only the epoch', async (_, body) => {
    const e = await h.evaluate(`export function sync(m, w) {}\nexport function estimate(m) { ${body} }`);
    gateRefuses(e, /public: max_abs_error_ms \S+ not <= 5/);
    for (const r of e.runs) expect(Array.from((r.output as { estimates: Float64Array }).estimates).every((v) => v === 0)).toBe(true);
  });

  it('answering from performance.now() throws: there is no performance in the sandbox', async () => {
    const e = await h.evaluate('export function sync(m, w) {}\nexport function estimate(m) { return performance.now(); }');
    gateRefuses(e, /public: \d+ of \d+ runs failed .*performance is not defined/);
  });

  it('memorised public answers, keyed by the first sync sample, fail on held-out scenarios', async () => {
    // what a proposer could learn from the public set: every query's true wall time
    const table = (h.catalog.scenarios('clock').public as ClockScenario[]).map((s) => {
      const first = s.input.kind.indexOf(0);
      const key = `${s.input.mono[first]}:${s.input.wall[first]}`;
      const monos = Array.from(s.input.kind.keys()).filter((i) => s.input.kind[i] === 1).map((i) => s.input.mono[i]!);
      return `[${JSON.stringify(key)}, ${numbers(Array.from(s.truth.wall, (w, q) => w - monos[q]!), 4)}]`;
    });
    const source = `const TABLE = new Map([${table.join(',\n')}]);
      let answers, q = 0;
      export function sync(m, w) { if (answers === undefined) answers = TABLE.get(m + ':' + w) || null; }
      // a scenario it has not seen gets the monotonic time back
      export function estimate(m) { const a = answers ? answers[q] : 0; q++; return m + a; }`;
    const e = await h.evaluate(source);
    expect(e.score.metrics.max_abs_error_ms).toBeLessThan(0.01);
    failsOnHeldOutOnly(e);
    gateRefuses(e, /held-out: max_abs_error_ms \S+ not <= 5/);
  });
});
