// the input.predictor feed: a mirror of evdev events (as the senses sidecar writes it), a
// recorded trace, or the dashboard's pointer, whichever the host has, said plainly; the
// baseline through the real driver predicts a real trace sanely, hostile outputs are refused,
// and a copy of the baseline passes a whole shadow run beside it.
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { tmpStorage } from '../../../core/tmp-storage.ts';
import { inputPredictorNiche } from '../../../niches/input.predictor/index.ts';
import { synthetic } from '../../../niches/input.predictor/scenarios.ts';
import type { InputEvent } from '../../../senses/input-event.ts';
import { feedCheck, liveContext, shadowOnce, tracesOf } from './feed-check.ts';
import { inputPredictorLive as feed } from './input-predictor.ts';
import { pointerReports } from './input-trace.ts';

// a real-shaped session: a 125 hz mouse's reports, from the niche's own motion model
const session = synthetic(42, 'targets', 'mouse125', false).input;
const n = 1200;

/** the session as evdev would deliver it: relative motion, button keys, a SYN_REPORT each */
function evdev(): InputEvent[] {
  const out: InputEvent[] = [];
  let prevB = 0;
  for (let i = 0; i < n; i++) {
    const t = 1_000_000 + session.t[i]!;
    // a relative mouse: the pointer starts at the screen's centre
    const dx = i === 0 ? session.x[0]! - 960 : session.x[i]! - session.x[i - 1]!;
    const dy = i === 0 ? session.y[0]! - 540 : session.y[i]! - session.y[i - 1]!;
    if (dx) out.push({ t, type: 2, code: 0, value: dx, device: 'event3' });
    if (dy) out.push({ t, type: 2, code: 1, value: dy, device: 'event3' });
    const b = session.buttons[i]!;
    if ((b ^ prevB) & 1) out.push({ t, type: 1, code: 0x110, value: b & 1, device: 'event3' });
    prevB = b;
    out.push({ t, type: 0, code: 0, value: 0, device: 'event3' });
    // a keyboard beside it: not the pointer
    if (i % 50 === 0) out.push({ t, type: 1, code: 30, value: 1, device: 'event0' }, { t, type: 0, code: 0, value: 0, device: 'event0' });
  }
  return out;
}

const traces = tracesOf({});
const check = feedCheck();
const dirs: (() => void)[] = [];
function storage(): string {
  const s = tmpStorage();
  dirs.push(s.cleanup);
  return s.dir;
}
const ctx = (storageDir: string) => liveContext(storageDir, traces);
const senses = (dir: string, feed: unknown) => {
  mkdirSync(join(dir, 'senses'), { recursive: true });
  writeFileSync(join(dir, 'senses', 'input.json'), JSON.stringify(feed));
};

afterAll(async () => {
  await check.close();
  for (const c of dirs) c();
});

describe('input.predictor live feed', () => {
  it('folds evdev events into the pointer device reports, at the real positions', () => {
    const reports = pointerReports(evdev());
    expect(reports.length).toBeGreaterThan(n * 0.9);
    const last = reports.at(-1)!;
    expect(last[1]).toBeCloseTo(session.x[n - 1]!, 6);
    expect(last[2]).toBeCloseTo(session.y[n - 1]!, 6);
    // held on the screen, as a desktop holds the pointer
    const far = pointerReports([{ t: 1, type: 2, code: 0, value: -5000, device: 'm' }, { t: 1, type: 0, code: 0, value: 0, device: 'm' }]);
    expect(far).toEqual([[1, 0, 540, 0]]);
  });

  it('says which source feeds it: mirror, else recordings, else the pointer path', async () => {
    const none = storage();
    senses(none, { available: false, reason: 'no /dev/input/event* devices' });
    const what = (await feed.source({ storageDir: none, traces })) as { what: string };
    expect(what.what).toMatch(/^this host has no input device \(no \/dev\/input\/event\* devices\).*lissajous/);

    const rec = storage();
    senses(rec, { available: false, reason: 'no /dev/input/event* devices' });
    mkdirSync(join(rec, 'scenarios', 'input.predictor'), { recursive: true });
    const events = Array.from({ length: 400 }, (_, i) => [session.t[i], session.x[i], session.y[i], session.buttons[i]]);
    writeFileSync(join(rec, 'scenarios', 'input.predictor', 'host-1.json'), JSON.stringify({ id: 'desk-1', events }));
    expect(((await feed.source({ storageDir: rec, traces })) as { what: string }).what).toContain('recorded trace desk-1');
    expect((await feed.capture(ctx(rec))).scenarios[0]!.id).toBe('input.predictor:live:recorded:0');

    const live = storage();
    senses(live, { available: true, devices: ['event0', 'event3'], events: evdev(), total: 5000, capacity: 1024, errors: {} });
    expect(((await feed.source({ storageDir: live, traces })) as { what: string }).what).toContain("the host's input devices (event0, event3)");
    expect((await feed.capture(ctx(live))).scenarios[0]!.id).toBe('input.predictor:live:mirror:0');
  });

  it('the baseline through the real driver predicts the mirrored trace sanely', async () => {
    const live = storage();
    senses(live, { available: true, devices: ['event3'], events: evdev(), total: 5000, capacity: 1024, errors: {} });
    const { scenarios } = await feed.capture(ctx(live));
    const [run] = await check.run(inputPredictorNiche, scenarios);
    expect(run!.ok, run!.error?.message).toBe(true);
    const ev = feed.events(scenarios[0]!, run!.output);
    if (!ev.ok) throw new Error(ev.reason);
    const judged = ev.values.filter((v) => !Number.isNaN(v));
    expect(judged.length).toBeGreaterThan(ev.values.length * 0.5);
    const mean = judged.reduce((a, b) => a + b, 0) / judged.length;
    expect(mean).toBeGreaterThan(0);
    expect(mean).toBeLessThan(40);
    expect(ev.seen.every((s) => feed.same(s, s))).toBe(true);
    expect(feed.same([0, 0], [3, 4])).toBe(false);
  });

  it('refuses hostile outputs without throwing', async () => {
    const { scenarios } = await feed.capture(ctx(storage()));
    const s = scenarios[0]!;
    const [run] = await check.run(inputPredictorNiche, [s]);
    const o = run!.output as Record<string, Float64Array>;
    const nan = o.x!.slice();
    nan[3] = NaN;
    const hostile: unknown[] = [null, 'x', [], {}, { ...o, x: new Float64Array(1e6) }, { ...o, x: nan }, { ...o, y: [1, 2, 3] }, { ...o, badType: 'predict returned a string' }];
    for (const h of hostile) expect(feed.events(s, h).ok).toBe(false);
  });

  it('a copy of the baseline passes a whole shadow run beside it on the pointer path', async () => {
    const dir = storage();
    const done = await shadowOnce(inputPredictorNiche, feed, { storageDir: dir, traces }, `${inputPredictorNiche.baseline}\n// copy`);
    expect(done, JSON.stringify(done.reasons)).toMatchObject({ type: 'stage_passed', mismatched: 0 });
    expect(done.events).toBeGreaterThanOrEqual(500);
  });
});
