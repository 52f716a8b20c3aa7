// the lab's artifact-source cache, the ram.strategy capability's work: lru while nothing is
// active, the active policy's end state adopted every window once one is, each window's real
// hit rate on /metrics; a policy that fails on the lab's cache is rolled back automatically.
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { ArtifactRecord } from '../../ola/core/contracts.ts';
import { SYNC_EVERY } from '../../ola/promotion/active/source-cache.ts';
import { until } from '../helpers/stand-in-ladder.ts';
import { startTestLab, type TestLab } from '../helpers/test-lab.ts';

let t: TestLab;
const shas: string[] = [];

beforeAll(async () => {
  t = await startTestLab();
  // twelve artifact sources to read: registered clock proposals
  const base = t.lab.catalog.get('clock')!.baseline;
  for (let i = 0; i < 12; i++) {
    const p = await t.lab.engine.submit({ niche: 'clock', source: `${base}\n// source ${i}`, language: 'js', proposer: 'person:cache' });
    shas.push((await t.lab.store.artifact((await t.lab.engine.settled(p.id)).artifactId!))!.sha256);
  }
});
afterAll(() => t.close());

async function ramArtifact(source: string): Promise<ArtifactRecord> {
  const p = await t.lab.engine.submit({ niche: 'ram.strategy', source, language: 'js', proposer: 'person:cache' });
  return (await t.lab.store.artifact((await t.lab.engine.settled(p.id)).artifactId!))!;
}

/** one window of reads, a few sources far more often than the rest */
async function readWindow(): Promise<void> {
  for (let i = 0; i < SYNC_EVERY; i++) {
    const sha = shas[i % 5 === 0 ? i % shas.length : i % 3]!;
    expect(await t.lab.store.getSource(sha)).toBeDefined();
  }
}

const metric = async (source: string) => Number((await t.app.inject({ url: '/metrics' })).body.match(new RegExp(`ola_capability_use_metric\\{niche="ram.strategy",source="${source}"\\} ([\\d.e-]+)`))?.[1] ?? NaN);

it('caches sources by lru until a ram.strategy is active, then holds what the policy keeps', async () => {
  await readWindow();
  await until('a fallback window', async () => (t.lab.active.sources.stats().lastWindow?.source === 'fallback' ? true : undefined));
  expect(await metric('fallback')).toBeGreaterThan(0.5);

  const lru = await ramArtifact(`${t.lab.catalog.get('ram.strategy')!.baseline}\n// the lab's cache`);
  await t.lab.capabilities.activate(lru, 'a test');
  await readWindow();
  const last = await until('an active window', async () => {
    const w = t.lab.active.sources.stats().lastWindow;
    return w?.source === 'active' ? w : undefined;
  });
  expect(last).toMatchObject({ artifactId: lru.id });
  expect(last.hitRate).toBeGreaterThan(0.5);
  expect(await metric('active')).toBe(last.hitRate);
  const stats = t.lab.active.sources.stats();
  expect(stats.usedUnits).toBeLessThanOrEqual(stats.capacityUnits);
  expect((await t.app.inject({ url: '/metrics' })).body).toMatch(/ola_capability_use_duration_seconds_count\{niche="ram.strategy",source="active",ok="true"\} [1-9]/);
  await t.lab.capabilities.rollback('ram.strategy', { why: 'test over', by: 'test', automatic: false });
});

it("rolls back a policy that fails on the lab's own cache", async () => {
  // lru on every trace but the lab's cache (1024 units), where its admit answers a string
  const base = t.lab.catalog.get('ram.strategy')!.baseline.replace('export function init()', 'function lruInit()');
  const bad = await ramArtifact(`${base}\nlet lab = false;\nexport function init(capacity) { lab = capacity === 1024; lruInit(); }\nexport function admit() { return lab ? 'yes' : true; }\n`);
  await t.lab.capabilities.activate(bad, 'a test');
  for (let w = 0; w < 4; w++) await readWindow();
  const rolled = await until('the automatic rollback', async () => (await t.lab.store.eventsOf({ types: ['capability_rolled_back'], subject: 'capability:ram.strategy' })).find((e) => e.payload.from === bad.id));
  expect(rolled.payload).toMatchObject({ automatic: true, to: null });
  expect((await t.lab.store.verify({ full: true })).ok).toBe(true);
}, 120_000);
