// references scored outside the registry: an artifact through the sandbox runner and the
// host scorer (gui.fb's baseline), a host one through its measure, and a broken one that says why.
import { generateKeyPairSync } from 'node:crypto';
import { afterAll, describe, expect, it } from 'vitest';
import { tmpStorage } from '../../core/tmp-storage.ts';
import { NicheCatalog } from '../../niches/catalog.ts';
import { guiFbNiche } from '../../niches/gui.fb/index.ts';
import { ioCoalesceNiche } from '../../niches/io.coalesce/index.ts';
import { ramStrategyNiche } from '../../niches/ram.strategy/index.ts';
import { TokenService } from '../../promotion/tokens.ts';
import { IsolateRunner } from '../../sandbox/isolate-runner.ts';
import { TokenGuard } from '../../sandbox/runner.ts';
import { evaluateReference, evaluateReferences } from './evaluate.ts';
import { REFERENCES } from './catalog.ts';

const storage = tmpStorage();
const tokens = new TokenService(generateKeyPairSync('ed25519'));
const runner = new IsolateRunner(new TokenGuard(tokens), { workers: 1, graceMs: 500 });
const catalog = new NicheCatalog({ heldOutKey: Buffer.alloc(32, 7), storageDir: storage.dir }, [guiFbNiche, ioCoalesceNiche, ramStrategyNiche]);
const signal = new AbortController().signal;
afterAll(async () => {
  await runner.close();
  storage.cleanup();
});

describe('evaluating references', () => {
  it('every niche with a goal has a reference', () => {
    expect(Object.keys(REFERENCES).sort()).toEqual(['clock', 'fuse.compress', 'gui.fb', 'input.predictor', 'io.coalesce', 'ram.strategy']);
  });

  it("runs gui.fb's baseline in the sandbox and judges it: every frame hit, no lag", async () => {
    const [ref] = await evaluateReferences({ runner, tokens }, guiFbNiche, catalog.scenarios('gui.fb').heldOut, signal);
    expect(ref).toMatchObject({ name: 'baseline', kind: 'artifact', ok: true, crashes: 0, reasons: [] });
    expect(ref!.metrics.cursor_hit_rate).toBe(1);
    expect(ref!.metrics.latency_frames).toBe(0);
    expect(ref!.utility).toBeGreaterThan(0.8);
  });

  it('measures host references with the utility the niche gives', async () => {
    const refs = await evaluateReferences({ runner, tokens }, ioCoalesceNiche, catalog.scenarios('io.coalesce').heldOut, signal);
    expect(refs.map((r) => [r.name, r.ok])).toEqual([['naive', true], ['sort-merge (offline gap)', true]]);
    expect(refs[0]!.utility).toBe(0);
    expect(refs[1]!.utility).toBeCloseTo(ioCoalesceNiche.judge.utility(refs[1]!.metrics), 12);
  });

  it('a reference that breaks is reported with its reason, not thrown', async () => {
    const broken = { kind: 'artifact' as const, name: 'broken', about: 'evicts nothing', source: () => 'export function init() {}\nexport function evict() { return -1; }' };
    const r = await evaluateReference({ runner, tokens }, ramStrategyNiche, broken, catalog.scenarios('ram.strategy').heldOut, signal);
    expect(r.ok).toBe(false);
    expect(r.crashes).toBeGreaterThan(0);
    expect(r.reasons[0]).toMatch(/evict returned -1/);
    const invalid = await evaluateReference({ runner, tokens }, ramStrategyNiche, { ...broken, source: () => 'export function init() { process.exit(); }' }, [], signal);
    expect(invalid).toMatchObject({ ok: false, runs: 0 });
    expect(invalid.reasons[0]).toMatch(/does not validate/);
  });
});
