// the gui.fb feed on a real pointer path: the baseline through the real driver hits every
// frame, a blanked cursor misses, hostile outputs are refused, and with no pointer the
// framebuffer loop's lissajous path stands in; a copy of the baseline passes a shadow run.
import { afterAll, describe, expect, it } from 'vitest';
import { cursorPath } from '../../../actuators/cursor-path.ts';
import { tmpStorage } from '../../../core/tmp-storage.ts';
import { guiFbNiche } from '../../../niches/gui.fb/index.ts';
import { generate, type GuiScenario } from '../../../niches/gui.fb/scenarios.ts';
import { feedCheck, liveContext, shadowOnce, tracesOf } from './feed-check.ts';
import { guiFbLive as feed } from './gui-fb.ts';

// a pointer path as the dashboard would hand it over: a seeded session of the niche's own kinds
const session = generate(7, 'mixed', false);
const pointer = { x: Array.from(session.input.x), y: Array.from(session.input.y), buttons: Array.from(session.input.buttons) };
const traces = tracesOf({ pointer });
const storage = tmpStorage();
const ctx = (round: number, t = traces) => liveContext(storage.dir, t, round);
const check = feedCheck();

afterAll(async () => {
  await check.close();
  storage.cleanup();
});

describe('gui.fb live feed', () => {
  it('replays the pointer path the dashboard draws, going on along it each round', async () => {
    expect(await feed.source({ storageDir: storage.dir, traces })).toMatchObject({ available: true, what: expect.stringContaining('dashboard') });
    const a = (await feed.capture(ctx(0))).scenarios as GuiScenario[];
    const b = (await feed.capture(ctx(1))).scenarios as GuiScenario[];
    expect(a[0]!.input.x[0]).toBe(pointer.x[0]);
    expect(Array.from(a[0]!.input.x.slice(0, 10))).toEqual(pointer.x.slice(0, 10));
    expect(Array.from(b[0]!.input.x)).not.toEqual(Array.from(a[0]!.input.x));
  });

  it('falls back to the lissajous loop when the dashboard draws no pointer', async () => {
    const none = tracesOf({});
    expect(await feed.source({ storageDir: storage.dir, traces: none })).toMatchObject({ available: true, what: expect.stringContaining('lissajous') });
    const s = (await feed.capture(ctx(0, none))).scenarios[0] as GuiScenario;
    expect(Array.from(s.input.x.slice(0, 40))).toEqual(cursorPath().x);
  });

  it('the baseline through the real driver hits every frame; a blanked cursor misses', async () => {
    const { scenarios } = await feed.capture(ctx(0));
    const runs = await check.run(guiFbNiche, scenarios);
    let frames = 0;
    runs.forEach((r, k) => {
      expect(r.ok, r.error?.message).toBe(true);
      const ev = feed.events(scenarios[k]!, r.output);
      if (!ev.ok) throw new Error(ev.reason);
      expect(ev.values).toHaveLength((scenarios[k] as GuiScenario).input.x.length);
      expect(ev.values.every((v) => v === 1)).toBe(true);
      expect(ev.seen.every((v, i) => feed.same(v, ev.seen[i]))).toBe(true);
      frames += ev.values.length;
    });
    expect(frames).toBeGreaterThanOrEqual(guiFbNiche.shadow!.minEvents);
    const o = runs[0]!.output as { patches: Uint8Array; bg: Uint8Array };
    // every patch the background's colour: no cursor anywhere
    const blank = { ...o, patches: new Uint8Array(o.patches.length).fill(o.bg[0]!) };
    const ev = feed.events(scenarios[0]!, blank);
    expect(ev.ok && ev.values.filter((v) => v === 1).length).toBeLessThan(5);
  });

  it('refuses hostile outputs without throwing', async () => {
    const { scenarios } = await feed.capture(ctx(0));
    const s = scenarios[0]!;
    const [run] = await check.run(guiFbNiche, [s]);
    const o = run!.output as Record<string, unknown>;
    const hostile: unknown[] = [null, 1, 'frame', [], {}, { ...o, frames: 1e9 }, { ...o, patches: new Uint8Array(3) }, { ...o, bgCount: new Uint16Array(1e6) }, { ...o, badType: 'fillRect got a string' }, { ...o, samples: NaN }];
    for (const h of hostile) expect(feed.events(s, h).ok).toBe(false);
  });

  it('a copy of the baseline passes a whole shadow run beside it', async () => {
    const done = await shadowOnce(guiFbNiche, feed, { storageDir: storage.dir, traces }, `${guiFbNiche.baseline}\n// copy`);
    expect(done, JSON.stringify(done.reasons)).toMatchObject({ type: 'stage_passed', mismatched: 0 });
    expect(done.events).toBeGreaterThanOrEqual(300);
  });
});
