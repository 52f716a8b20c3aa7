// one conformance suite for every niche the lab has.
import { afterAll, describe, expect, it } from 'vitest';
import { TELEMETRY_EVENTS } from '../../ola/core/vocabulary.ts';
import type { Niche } from '../../ola/core/contracts.ts';
import { ALL_NICHES } from '../../ola/niches/catalog.ts';
import { scenariosHash } from '../../ola/score/scenario-hash.ts';
import { nicheHarness, type NicheHarness } from '../helpers/niche-harness.ts';

const harnesses: NicheHarness[] = [];
afterAll(async () => {
  for (const h of harnesses) await h.close();
});

// OLA_NICHE=ola/niches/<id>/index.ts runs the suite on one niche module (its default export)
const only = process.env.OLA_NICHE ? [(await import(`../../${process.env.OLA_NICHE}`)).default as Niche] : undefined;

describe.each((only ?? ALL_NICHES).map((n) => [n.id, n] as const))('niche %s', (_id, niche) => {
  const h = nicheHarness(niche);
  harnesses.push(h);

  it('describes itself: interface text, exports, gates, telemetry event, limits', () => {
    expect(niche.interfaceText).toMatch(/export /);
    for (const name of niche.requiredExports) expect(niche.interfaceText).toContain(name);
    expect(niche.gates.isolate).toBeDefined();
    expect(TELEMETRY_EVENTS).toContain(niche.event);
    expect(niche.harnessHash).toMatch(/^[0-9a-f]{64}$/);
    expect(niche.limits.wallMs).toBeGreaterThan(0);
  });

  it('generates the same scenarios from the same seeds, and hides held-out seeds', () => {
    const a = niche.scenarios({ heldOutKey: Buffer.alloc(32, 3), storageDir: '/nonexistent' });
    const b = niche.scenarios({ heldOutKey: Buffer.alloc(32, 3), storageDir: '/nonexistent' });
    const c = niche.scenarios({ heldOutKey: Buffer.alloc(32, 4), storageDir: '/nonexistent' });
    expect(scenariosHash(a)).toBe(scenariosHash(b));
    const held = (x: typeof a) => x.filter((s) => s.heldOut);
    expect(held(a).length).toBeGreaterThan(0);
    expect(scenariosHash(held(a))).not.toBe(scenariosHash(held(c)));
    for (const s of held(a)) expect(s.id).not.toContain(String(s.seed));
    expect(new Set(a.map((s) => s.id)).size).toBe(a.length);
  });

  it('makes fuzzed scenarios from any seed (the vm gate needs them green), and its baseline passes them', async () => {
    expect(niche.fuzz, 'a niche needs fuzz(seed) for the vm gate').toBeTypeOf('function');
    expect(niche.fuzzRuns?.vm).toBeGreaterThan(0);
    const ctx = { heldOutKey: Buffer.alloc(32, 3), storageDir: '/nonexistent' };
    const seeds = [1, 977, 2 ** 31 - 2];
    const a = seeds.map((seed) => niche.fuzz!(seed, ctx));
    expect(scenariosHash(a)).toBe(scenariosHash(seeds.map((seed) => niche.fuzz!(seed, ctx))));
    expect(new Set(a.map((s) => s.id)).size).toBe(seeds.length);
    for (const s of a) expect(s.heldOut).toBe(true);
    const score = await h.scoreOn(niche.baseline, a);
    expect(score.scenarios.filter((s) => !s.ok).map((s) => s.reason)).toEqual([]);
  });

  it('passes its baseline through the isolate gate', async () => {
    const e = await h.evaluate(niche.baseline);
    expect(e.decision.reasons).toEqual([]);
    expect(e.decision.pass).toBe(true);
    expect(e.score.crashes).toBe(0);
    expect(e.score.metrics[niche.headline.metric]).toBeTypeOf('number');
    const t = niche.telemetry(e.score, 'a_TEST');
    expect(t.artifact_id ?? t.artifactId).toBe('a_TEST');
  });

  it('fails an artifact that throws, with the reason', async () => {
    const names = niche.requiredExports.map((n) => `export function ${n}() { throw new Error('broken on purpose'); }`).join('\n');
    const e = await h.evaluate(names);
    expect(e.decision.pass).toBe(false);
    expect(e.score.crashes).toBeGreaterThan(0);
    expect(e.score.scenarios.find((s) => !s.ok)?.reason).toMatch(/broken on purpose/);
  });

  it('fails an artifact that never returns, killed by the limit', async () => {
    const names = niche.requiredExports.map((n) => `export function ${n}() { for (;;) {} }`).join('\n');
    const e = await h.evaluate(names);
    expect(e.decision.pass).toBe(false);
    expect(e.score.scenarios.find((s) => !s.ok)?.reason).toMatch(/OLA_ERR_SANDBOX_TIMEOUT/);
  });

  it('fails an artifact that returns the wrong type', async () => {
    const names = niche.requiredExports.map((n) => `export function ${n}() { return 'nonsense'; }`).join('\n');
    const e = await h.evaluate(names);
    expect(e.decision.pass).toBe(false);
    expect(e.score.crashes).toBeGreaterThan(0);
  });
});
