// the ram.strategy feed on a real access trace kept by the lab's trace log: windows as
// scenarios, the lru baseline through the real driver scores exactly lru's hit rate per
// window, hostile outputs are refused, and a copy of the baseline passes a whole shadow run.
import { afterAll, describe, expect, it } from 'vitest';
import { tmpStorage } from '../../../core/tmp-storage.ts';
import { ramStrategyNiche } from '../../../niches/ram.strategy/index.ts';
import { synthetic, type RamScenario } from '../../../niches/ram.strategy/scenarios.ts';
import { LabTraceLog } from '../traces.ts';
import { feedCheck, liveContext, shadowOnce } from './feed-check.ts';
import { ramStrategyLive as feed, WINDOW } from './ram-strategy.ts';

const storage = tmpStorage();
const traces = new LabTraceLog();
// a zipf-popular stream of objects of 1..64 units, as the lab's cache sees artifact sources
const stream = synthetic(5, 'mixed', false).input;
const ctx = () => liveContext(storage.dir, traces);
const check = feedCheck();

afterAll(async () => {
  await check.close();
  storage.cleanup();
});

describe('ram.strategy live feed', () => {
  it('waits, saying why, until the trace fills a window', async () => {
    for (let i = 0; i < WINDOW - 1; i++) traces.access(stream.keys[i]!, stream.sizes[stream.keys[i]!]!);
    expect(await feed.source({ storageDir: storage.dir, traces })).toEqual({ available: false, reason: `the lab's artifact cache has ${WINDOW - 1} accesses so far; a window needs ${WINDOW}` });
    for (let i = WINDOW - 1; i < 12_000; i++) traces.access(stream.keys[i]!, stream.sizes[stream.keys[i]!]!);
    expect(await feed.source({ storageDir: storage.dir, traces })).toMatchObject({ available: true });
  });

  it('cuts the newest accesses into windows of the niche shape', async () => {
    const { scenarios } = await feed.capture(ctx());
    expect(scenarios.length).toBeGreaterThanOrEqual(ramStrategyNiche.shadow!.minEvents);
    const last = scenarios.at(-1) as RamScenario;
    expect(last.input.keys).toHaveLength(WINDOW);
    expect(Math.max(...last.input.keys)).toBe(last.input.sizes.length - 1);
    expect(last.input.capacity).toBeGreaterThanOrEqual(64);
    // the window's last access is the trace's last, renumbered
    const firstSeen = [...new Set(Array.from(stream.keys.slice(12_000 - WINDOW, 12_000)))];
    expect(firstSeen[last.input.keys.at(-1)!]).toBe(stream.keys[11_999]);
  });

  it('feeds each access once: the next round gets only accesses that came after', async () => {
    const first = await feed.capture(ctx());
    expect(first.cursor).toBe(Math.floor(12_000 / WINDOW) * WINDOW);
    const idle = await feed.capture(liveContext(storage.dir, traces, 1, first.cursor!));
    expect(idle.scenarios).toEqual([]);
    for (let i = 12_000; i < 12_000 + WINDOW; i++) traces.access(stream.keys[i]!, stream.sizes[stream.keys[i]!]!);
    const next = await feed.capture(liveContext(storage.dir, traces, 2, first.cursor!));
    expect(next.scenarios).toHaveLength(1);
    expect(next.cursor).toBe(first.cursor! + WINDOW);
  });

  it("the lru baseline through the real driver scores lru's own hit rate on every window", async () => {
    const { scenarios } = await feed.capture(ctx());
    const runs = await check.run(ramStrategyNiche, scenarios);
    runs.forEach((r, k) => {
      expect(r.ok, r.error?.message).toBe(true);
      const s = scenarios[k] as RamScenario;
      const ev = feed.events(s, r.output);
      if (!ev.ok) throw new Error(ev.reason);
      expect(ev.values).toEqual([s.truth.lruHits / WINDOW]);
      expect(feed.same(ev.seen[0], ev.seen[0])).toBe(true);
    });
    expect(feed.same(0.5, 0.25)).toBe(false);
  });

  it('refuses hostile outputs without throwing', async () => {
    const { scenarios } = await feed.capture(ctx());
    const s = scenarios[0]!;
    const [run] = await check.run(ramStrategyNiche, [s]);
    const o = run!.output as Record<string, unknown>;
    const hostile: unknown[] = [null, 3, [], {}, { ...o, codes: new Uint8Array(1e6) }, { ...o, hits: NaN }, { ...o, hits: (o.hits as number) + 1 }, { ...o, badType: 'evict returned a string' }, { ...o, victims: [1, 2] }];
    for (const h of hostile) expect(feed.events(s, h).ok).toBe(false);
  });

  it('a copy of the baseline passes a whole shadow run beside it', async () => {
    const done = await shadowOnce(ramStrategyNiche, feed, { storageDir: storage.dir, traces }, `${ramStrategyNiche.baseline}\n// copy`);
    expect(done, JSON.stringify(done.reasons)).toMatchObject({ type: 'stage_passed', mismatched: 0 });
    expect(done.events).toBeGreaterThanOrEqual(50);
  });
});
