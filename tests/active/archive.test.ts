// the lab's checkpoint archives, the work of fuse.compress and io.coalesce once active: gzip and
// one read a block until then; the active codec's blocks read back in fresh sandbox jobs before
// anything is kept; a lost artifact source restored from an archive; a codec that does not
// read back exactly never reaches the archive; tampered packs refused; older ones dropped.
import { existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { ArtifactRecord } from '../../ola/core/contracts.ts';
import { KEEP } from '../../ola/promotion/active/checkpoints.ts';
import { until } from '../helpers/stand-in-ladder.ts';
import { startTestLab, type TestLab } from '../helpers/test-lab.ts';

let t: TestLab;

beforeAll(async () => {
  t = await startTestLab({ archive: { everyMs: 0 } });
  // a few artifacts, so the archive holds sources
  const base = t.lab.catalog.get('clock')!.baseline;
  for (let i = 0; i < 4; i++) await t.lab.engine.settled((await t.lab.engine.submit({ niche: 'clock', source: `${base}\n// archived ${i}`, language: 'js', proposer: 'person:archive' })).id);
}, 120_000);
afterAll(() => t.close());

async function artifact(niche: string, source: string): Promise<ArtifactRecord> {
  const p = await t.lab.engine.submit({ niche, source, language: 'js', proposer: 'person:archive' });
  const s = await t.lab.engine.settled(p.id);
  expect(s.artifactId, `${niche} artifact registered`).toBeTruthy();
  return (await t.lab.store.artifact(s.artifactId!))!;
}

const checkpoint = async (reason: string) => {
  const r = await t.app.inject({ method: 'POST', url: '/lab/checkpoints', payload: { reason } });
  expect(r.statusCode, r.body).toBe(201);
  return r.json();
};

/** the event lines of an export (its header carries the time of the export) */
const eventLines = (text: string, upTo: number) =>
  text
    .trim()
    .split('\n')
    .slice(1)
    .filter((l) => Number(JSON.parse(l).seq) <= upTo);

it('writes a gzip archive read back one read a block while nothing is active, and reads its export back', async () => {
  const c = await checkpoint('a test');
  expect(c).toMatchObject({ builtIn: true, codecs: [{ kind: 'gzip' }], verified: { planner: 'fallback', plannerArtifactId: null } });
  expect(c.files).toBeGreaterThan(4);
  expect(c.verified.reads).toBe(c.verified.requests);
  const back = await t.app.inject({ url: `/lab/checkpoints/${c.name}/registry.jsonl` });
  expect(back.statusCode).toBe(200);
  const now = await t.app.inject({ url: '/registry/export' });
  expect(eventLines(back.body, c.seq)).toEqual(eventLines(now.body, c.seq));
  expect(eventLines(back.body, c.seq)).toHaveLength(c.seq);
  const [e] = await t.lab.store.eventsOf({ types: ['checkpoint_archived'] });
  expect(e!.payload).toMatchObject({ name: c.name, seq: c.seq });
  expect(String(e!.payload.why)).toMatch(/read back from disk/);
  expect((await t.app.inject({ url: '/metrics' })).body).toMatch(/ola_capability_use_duration_seconds_count\{niche="fuse.compress",source="fallback",ok="true"\} [1-9]/);
}, 120_000);

it('compresses with the active fuse.compress and plans its reads with the active io.coalesce', async () => {
  const codec = await artifact('fuse.compress', `${t.lab.catalog.get('fuse.compress')!.baseline}\n// the lab's codec`);
  const planner = await artifact('io.coalesce', `${t.lab.catalog.get('io.coalesce')!.baseline}\n// the lab's planner`);
  await t.lab.capabilities.activate(codec, 'a test');
  await t.lab.capabilities.activate(planner, 'a test');
  const c = await checkpoint('with the active codec');
  expect(c.codecs).toEqual([{ kind: 'artifact', artifactId: codec.id, method: 'lz77-greedy-stored-fallback' }]);
  expect(c.builtIn).toBe(false);
  expect(c.ratio).toBeGreaterThan(1.5);
  // sequential block reads: a planner merges them
  expect(c.verified).toMatchObject({ planner: 'active', plannerArtifactId: planner.id });
  expect(c.verified.reads).toBeLessThan(c.verified.requests);
  const back = await t.app.inject({ url: `/lab/checkpoints/${c.name}/registry.jsonl` });
  expect(eventLines(back.body, c.seq)).toEqual(eventLines((await t.app.inject({ url: '/registry/export' })).body, c.seq));
  const metrics = (await t.app.inject({ url: '/metrics' })).body;
  expect(metrics).toMatch(/ola_capability_use_duration_seconds_count\{niche="fuse.compress",source="active",ok="true"\} [1-9]/);
  expect(metrics).toMatch(/ola_capability_use_metric\{niche="io.coalesce",source="active"\} 0\.\d+/);
  // io.coalesce's shadow mirrors these reads
  expect(t.lab.traces.artifactReads()?.file).toMatch(/checkpoints\/registry-\d{8}\.pack/);
}, 180_000);

it('restores a lost artifact source from the newest archive that holds it', async () => {
  const [a] = await t.lab.store.artifacts({ niche: 'clock', limit: 1 });
  const file = join(t.dir, 'artifacts', a!.sha256.slice(0, 2), `${a!.sha256}.src`);
  const before = readFileSync(file, 'utf8');
  rmSync(file);
  // the lab's source cache may hold it: read past it
  t.lab.active.sources.clear();
  expect((await t.lab.store.verify()).ok).toBe(false);
  expect(await t.lab.store.getSource(a!.sha256)).toBe(before);
  expect(readFileSync(file, 'utf8')).toBe(before);
  const [e] = await t.lab.store.eventsOf({ types: ['source_restored'] });
  expect(e!.payload).toMatchObject({ sha256: a!.sha256 });
  expect((await t.lab.store.verify({ full: true })).ok).toBe(true);
}, 120_000);

it('never archives blocks a codec does not read back exactly: gzip takes the batch, and the watch rolls it back', async () => {
  // the baseline, except that decompress drops the last byte of any block longer than 100
  const base = t.lab.catalog.get('fuse.compress')!.baseline.replace('export function decompress(', 'function realDecompress(');
  const liar = await artifact('fuse.compress', `${base}\nexport function decompress(b) { const p = realDecompress(b); return p.length === 16384 ? p.subarray(0, p.length - 1) : p; }\n`);
  await t.lab.capabilities.activate(liar, 'a test');
  for (let i = 0; i < 3; i++) {
    const c = await checkpoint(`liar ${i}`);
    expect(c.codecs).toEqual([{ kind: 'gzip' }]);
    expect((await t.app.inject({ url: `/lab/checkpoints/${c.name}/registry.jsonl` })).statusCode).toBe(200);
  }
  const rolled = await until('the automatic rollback', async () => (await t.lab.store.eventsOf({ types: ['capability_rolled_back'], subject: 'capability:fuse.compress' })).find((e) => e.payload.from === liar.id));
  expect(rolled.payload).toMatchObject({ automatic: true });
  expect((await t.lab.store.verify({ full: true })).ok).toBe(true);
}, 240_000);

it('refuses a tampered pack, keeps the newest built-in one, and the lab stays healthy', async () => {
  const list = (await t.app.inject({ url: '/lab/checkpoints' })).json();
  expect(list.checkpoints.length).toBeLessThanOrEqual(KEEP + 1);
  expect(list.checkpoints.some((c: { builtIn: boolean }) => c.builtIn)).toBe(true);
  const newest = list.checkpoints[0].name;
  const pack = join(t.dir, 'checkpoints', `${newest}.pack`);
  const bytes = readFileSync(pack);
  // inside the first block: the export's
  bytes[40] = bytes[40]! ^ 0xff;
  writeFileSync(pack, bytes);
  const r = await t.app.inject({ url: `/lab/checkpoints/${newest}/registry.jsonl` });
  expect(r.statusCode).toBe(409);
  expect(r.json().error.code).toBe('OLA_ERR_ARCHIVE_UNREADABLE');
  expect((await t.app.inject({ url: '/lab/checkpoints/registry-00000001/registry.jsonl' })).statusCode).toBe(404);
  expect((await t.app.inject({ url: '/lab/checkpoints/..%2Fkeys/registry.jsonl' })).statusCode).toBe(400);
  expect((await t.app.inject({ method: 'POST', url: '/lab/checkpoints', payload: { reason: 3 } })).statusCode).toBe(400);
  expect((await t.app.inject({ url: '/healthz' })).statusCode).toBe(200);
  expect(existsSync(join(t.dir, 'keys'))).toBe(true);
  expect((await t.lab.store.verify({ full: true })).ok).toBe(true);
}, 120_000);
