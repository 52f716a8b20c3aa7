// children of the structural operators run through each niche's real driver (validator,
// v8 isolate, host judge) on one public scenario: most run without crashing (a judged bad
// output, e.g. a plan that misses a request, is not a crash), and the shares that are also
// judged clean are printed.
import { afterAll, describe, expect, it } from 'vitest';
import { ALL_NICHES } from '../../niches/catalog.ts';
import { nicheHarness } from '../../../tests/helpers/niche-harness.ts';
import { STRUCTURAL, structuralTries } from './structural-tries.ts';

/** children per operator and niche (the cheap end: the machine is shared) */
const PER_OPERATOR = 4;
const shares: string[] = [];
afterAll(() => console.log(`per niche and operator: judged clean / ran without a crash / children\n${shares.join('\n')}`));

describe.each(ALL_NICHES.map((n) => [n.id, n] as const))('structural children of %s', (_id, niche) => {
  it('run through the driver without failing, most of the time', { timeout: 240_000 }, async () => {
    const h = nicheHarness(niche);
    try {
      const scenarios = h.catalog.scenarios(niche.id).public.slice(0, 1);
      let ran = 0;
      let crashed = 0;
      let clean = 0;
      const per: string[] = [];
      for (const name of STRUCTURAL) {
        let ok = 0;
        let bad = 0;
        const tries = structuralTries(niche, name, 20).slice(0, PER_OPERATOR);
        for (const t of tries) {
          const score = await h.scoreOn(t.source, scenarios);
          const failed = score.scenarios.filter((s) => !s.ok);
          if (failed.length === 0) ok++;
          else if (failed.some((s) => !s.reason?.startsWith('OLA_ERR_BAD_OUTPUT'))) bad++;
        }
        ran += tries.length;
        crashed += bad;
        clean += ok;
        per.push(`${name} ${tries.length ? `${ok}/${tries.length - bad}/${tries.length}` : 'n/a'}`);
      }
      shares.push(`${niche.id}: clean ${clean}, no crash ${ran - crashed}, of ${ran} (${per.join(', ')})`);
      expect(ran).toBeGreaterThan(0);
      expect((ran - crashed) / ran).toBeGreaterThan(0.5);
    } finally {
      await h.close();
    }
  });
});
