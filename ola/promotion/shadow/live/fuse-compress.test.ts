// the fuse.compress feed on a storage folder of real files: the baseline through the real driver
// reads every file back exactly and compresses text, hostile outputs are refused, and a copy of
// the baseline passes a whole shadow run beside it.
import { copyFileSync, mkdirSync, symlinkSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { tmpStorage } from '../../../core/tmp-storage.ts';
import { fuseCompressNiche } from '../../../niches/fuse.compress/index.ts';
import type { FuseScenario } from '../../../niches/fuse.compress/scenarios.ts';
import { feedCheck, liveContext, shadowOnce, tracesOf } from './feed-check.ts';
import { fuseCompressLive as feed, MAX_FILE_BYTES, storageFiles } from './fuse-compress.ts';

const storage = tmpStorage();
const dir = storage.dir;
const traces = tracesOf({});
const ctx = (round: number) => liveContext(dir, traces, round);
const check = feedCheck();

beforeAll(() => {
  mkdirSync(join(dir, 'logs'));
  mkdirSync(join(dir, 'senses'));
  for (let d = 0; d < 8; d++) {
    const lines = Array.from({ length: 300 + d * 200 }, (_, i) => `${new Date(1_700_000_000_000 + i * 997).toISOString()} info lab: step ${i % 7} of proposal p_${(i * 31) % 97} took ${(i * 13) % 400} ms`);
    writeFileSync(join(dir, 'logs', `lab-${d}.log`), lines.join('\n'));
  }
  writeFileSync(join(dir, 'senses', 'cpu.json'), JSON.stringify({ cores: Array.from({ length: 64 }, (_, i) => ({ core: i, user: i * 3, idle: 1000 - i })) }));
  // a real binary from the checkout, larger than one window
  copyFileSync(createRequire(import.meta.url).resolve('typescript/lib/lib.es5.d.ts'), join(dir, 'lib.es5.d.ts'));
  writeFileSync(join(dir, 'tiny.txt'), 'too small');
  writeFileSync(join(dir, 'feed.json.tmp-1'), 'x'.repeat(4096));
  symlinkSync(join(dir, 'lib.es5.d.ts'), join(dir, 'link.ts'));
  // secrets: the lab's keys
  mkdirSync(join(dir, 'keys'));
  writeFileSync(join(dir, 'keys', 'lab.txt'), 'k'.repeat(4096));
  writeFileSync(join(dir, 'lab-ed25519.pem'), 'k'.repeat(4096));
});
afterAll(async () => {
  await check.close();
  storage.cleanup();
});

describe('fuse.compress live feed', () => {
  it('walks the real files, not secrets, temp files, links or tiny ones, and rounds move on', async () => {
    const names = storageFiles(dir).map((f) => f.path.slice(dir.length + 1));
    expect(names).toContain('lib.es5.d.ts');
    expect(names).not.toContain('tiny.txt');
    expect(names).not.toContain('link.ts');
    expect(names).not.toContain('feed.json.tmp-1');
    expect(names.filter((n) => /keys|pem/.test(n))).toEqual([]);
    expect(await feed.source({ storageDir: dir, traces })).toMatchObject({ available: true });
    const a = (await feed.capture(ctx(0))).scenarios as FuseScenario[];
    const b = (await feed.capture(ctx(1))).scenarios as FuseScenario[];
    expect(a.length).toBeGreaterThan(0);
    expect(a.map((s) => `${s.truth.origin}@${s.truth.offset}`)).not.toEqual(b.map((s) => `${s.truth.origin}@${s.truth.offset}`));
    for (const s of [...a, ...b]) expect(s.input.data.length).toBeLessThanOrEqual(MAX_FILE_BYTES);
  });

  it('says why nothing can feed it on an empty storage folder', async () => {
    const empty = tmpStorage();
    expect(await feed.source({ storageDir: empty.dir, traces })).toMatchObject({ available: false, reason: expect.stringContaining('no file') });
    empty.cleanup();
  });

  it('reads the baseline back exactly through the real driver, compressing text', async () => {
    const { scenarios } = await feed.capture(ctx(0));
    const runs = await check.run(fuseCompressNiche, scenarios);
    runs.forEach((r, k) => {
      expect(r.ok, r.error?.message).toBe(true);
      const ev = feed.events(scenarios[k]!, r.output);
      if (!ev.ok) throw new Error(ev.reason);
      expect(ev.wrong).toBe(0);
      expect(ev.values).toHaveLength(1);
      expect(ev.values[0]).toBeGreaterThan(1);
      expect(feed.same(ev.seen[0], ev.seen[0])).toBe(true);
    });
  });

  it('counts a wrong byte as wrong and refuses hostile outputs without throwing', async () => {
    const { scenarios } = await feed.capture(ctx(0));
    const s = scenarios[0]!;
    const [run] = await check.run(fuseCompressNiche, [s]);
    const o = run!.output as { firstBad: Int32Array };
    const bad = { ...o, firstBad: o.firstBad.map((v, i) => (i === 0 ? 5 : v)) };
    const ev = feed.events(s, bad);
    expect(ev).toMatchObject({ ok: true, wrong: 1 });
    if (ev.ok) expect(feed.same(ev.seen[0], ev.seen[0])).toBe(false);
    const hostile: unknown[] = [null, 7, 'x', {}, [], { ...o, blockSizes: new Int32Array(1e6) }, { ...o, plainBytes: NaN }, { ...o, problem: 'compress returned object' }];
    for (const h of hostile) expect(feed.events(s, h).ok).toBe(false);
  });

  it('a copy of the baseline passes a whole shadow run beside it', async () => {
    const done = await shadowOnce(fuseCompressNiche, feed, { storageDir: dir, traces }, `${fuseCompressNiche.baseline}\n// copy`);
    expect(done, JSON.stringify(done.reasons)).toMatchObject({ type: 'stage_passed', mismatched: 0 });
    expect(done.events).toBeGreaterThanOrEqual(30);
  });
});
