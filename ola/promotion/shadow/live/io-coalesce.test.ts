// the io.coalesce feed on a real file and a trace of reads against it kept by the lab's trace
// log: the baseline through the real driver saves reads and serves every byte, a file cut short
// under it makes wrong windows, hostile outputs are refused, and a copy of the baseline passes
// a whole shadow run beside it.
import { copyFileSync, statSync, truncateSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { tmpStorage } from '../../../core/tmp-storage.ts';
import { ioCoalesceNiche } from '../../../niches/io.coalesce/index.ts';
import type { IoScenario } from '../../../niches/io.coalesce/scenarios.ts';
import { rng } from '../../../niches/shared/rng.ts';
import { LabTraceLog } from '../traces.ts';
import { feedCheck, liveContext, shadowOnce, tracesOf } from './feed-check.ts';
import { ioCoalesceLive as feed } from './io-coalesce.ts';

const storage = tmpStorage();
const pack = join(storage.dir, 'artifacts.pack');
const traces = new LabTraceLog();
const ctx = (t = traces) => liveContext(storage.dir, t);
const check = feedCheck();

beforeAll(() => {
  // a real file of a few MiB standing in for the pack, and reads as the registry makes them:
  // runs of neighbouring records, and records picked at random
  copyFileSync(createRequire(import.meta.url).resolve('typescript/lib/lib.dom.d.ts'), pack);
  const size = statSync(pack).size;
  const r = rng(9);
  let at = 0;
  for (let i = 0; i < 2000; i++) {
    const len = r.int(200, 6000);
    if (r.chance(0.3)) at = r.int(0, size - 10_000);
    // records lie within the file
    traces.read(pack, size, Math.min(at, size - len), len);
    at += len + (r.chance(0.5) ? 0 : r.int(1, 512));
  }
});
afterAll(async () => {
  await check.close();
  storage.cleanup();
});

describe('io.coalesce live feed', () => {
  it('says why it waits while the lab has read nothing', async () => {
    expect(await feed.source({ storageDir: storage.dir, traces: tracesOf({}) })).toMatchObject({ available: false, reason: expect.stringContaining('no artifact reads') });
    expect(await feed.source({ storageDir: storage.dir, traces })).toMatchObject({ available: true, what: expect.stringContaining('2000 requests') });
  });

  it('the baseline through the real driver saves reads and serves every byte of the real file', async () => {
    const { scenarios } = await feed.capture(ctx());
    expect(scenarios).toHaveLength(2);
    const runs = await check.run(ioCoalesceNiche, scenarios);
    let windows = 0, saved = 0;
    runs.forEach((r, k) => {
      expect(r.ok, r.error?.message).toBe(true);
      const ev = feed.events(scenarios[k]!, r.output);
      if (!ev.ok) throw new Error(ev.reason);
      expect(ev.wrong).toBe(0);
      expect(ev.values).toHaveLength((scenarios[k] as IoScenario).input.windowEnds.length);
      for (const v of ev.values) expect(v >= 0 && v < 1).toBe(true);
      expect(ev.seen.every((s) => feed.same(s, s))).toBe(true);
      windows += ev.values.length;
      saved += ev.values.reduce((a, b) => a + b, 0);
    });
    expect(windows).toBeGreaterThanOrEqual(ioCoalesceNiche.shadow!.minEvents);
    expect(saved / windows).toBeGreaterThan(0.1);
  });

  it('refuses hostile plans without throwing', async () => {
    const { scenarios } = await feed.capture(ctx());
    const s = scenarios[0]!;
    const [run] = await check.run(ioCoalesceNiche, [s]);
    const o = run!.output as Record<string, unknown>;
    const serve = (o.serve as Int32Array).slice();
    serve[0] = serve[0]! + 1;
    const hostile: unknown[] = [null, 'plan', [], {}, { ...o, serve }, { ...o, batchOffsets: new Float64Array(1e6) }, { ...o, batchLengths: (o.batchLengths as Int32Array).map(() => -1) }, { ...o, problem: 'plan returned null' }, { ...o, windowBatchEnds: new Int32Array(0) }];
    for (const h of hostile) expect(feed.events(s, h).ok).toBe(false);
  });

  it('a window whose bytes cannot be served as a direct read gives them is wrong', async () => {
    const cut = join(storage.dir, 'cut.pack');
    copyFileSync(pack, cut);
    const t = new LabTraceLog();
    const size = statSync(cut).size;
    for (let i = 0; i < 64; i++) t.read(cut, size, size - 64 * 4096 + i * 4096, 4000);
    const { scenarios } = await feed.capture(ctx(t));
    const [run] = await check.run(ioCoalesceNiche, scenarios);
    truncateSync(cut, size - 8 * 4096);
    const ev = feed.events(scenarios[0]!, run!.output);
    expect(ev).toMatchObject({ ok: true, wrong: 1 });
    if (ev.ok) expect(ev.seen.at(-1)).toBe(false);
  });

  it('a copy of the baseline passes a whole shadow run beside it', async () => {
    const done = await shadowOnce(ioCoalesceNiche, feed, { storageDir: storage.dir, traces }, `${ioCoalesceNiche.baseline}\n// copy`);
    expect(done, JSON.stringify(done.reasons)).toMatchObject({ type: 'stage_passed', mismatched: 0 });
    expect(done.events).toBeGreaterThanOrEqual(100);
  });
});
