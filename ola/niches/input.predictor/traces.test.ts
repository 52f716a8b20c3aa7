// the trace generator and the recorded-trace loader: exact kinematics, honest recordings.
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { tmpStorage } from '../../core/tmp-storage.ts';
import { rng } from '../shared/rng.ts';
import { inputPredictorNiche as niche } from './index.ts';
import { rest, straight, Trajectory } from './motion.ts';
import { KINDS, makePlan } from './plan.ts';
import { parseRecording, recordingsDir } from './recorded.ts';

describe('trajectories', () => {
  it('report velocities that match their positions, with rest at both ends of a stroke', () => {
    for (const kind of KINDS) {
      const tr = makePlan(kind, rng(9), 10_000).trajectory;
      for (let t = 50; t < 10_000; t += 37) {
        const d = 0.01;
        const a = tr.at(t - d);
        const b = tr.at(t + d);
        const s = tr.at(t);
        expect(s.vx).toBeCloseTo(((b.x - a.x) / (2 * d)) * 1000, 0);
        expect(s.vy).toBeCloseTo(((b.y - a.y) / (2 * d)) * 1000, 0);
      }
    }
    const one = new Trajectory([rest(0, 100, { x: 10, y: 10 }), straight(100, 600, { x: 10, y: 10 }, { x: 410, y: 10 }), rest(600, 900, { x: 410, y: 10 })]);
    expect(one.at(100)).toMatchObject({ x: 10, vx: 0 });
    expect(one.at(350).x).toBeCloseTo(210, 9);
    // minimum jerk peaks at 1.875 times the mean speed, mid-stroke
    expect(one.at(350).vx).toBeCloseTo(1.875 * (400 / 0.5), 6);
    expect(one.at(600)).toMatchObject({ x: 410, vx: 0 });
    expect(one.moving(50)).toBe(false);
    expect(one.strokeStartIn(50, 120)).toBe(100);
    expect(one.strokeStartIn(100, 200)).toBeUndefined();
    expect(() => new Trajectory([rest(0, 100, { x: 0, y: 0 }), rest(120, 200, { x: 0, y: 0 })])).toThrow(/does not start/);
  });

  it('stay on screen and plan presses at the end of strokes', () => {
    const plan = makePlan('drags', rng(5), 30_000);
    for (let t = 0; t < 30_000; t += 10) {
      const s = plan.trajectory.at(t);
      expect(s.x).toBeGreaterThan(0);
      expect(s.x).toBeLessThan(1920);
      expect(s.y).toBeGreaterThan(0);
      expect(s.y).toBeLessThan(1080);
    }
    const presses = plan.buttons.filter((c, i) => c.buttons & ~(plan.buttons[i - 1]?.buttons ?? 0));
    expect(presses.length).toBeGreaterThan(10);
    // drags hold the button down while the pointer moves
    expect(plan.buttons.some((c, i) => c.buttons && plan.trajectory.moving((c.t + (plan.buttons[i + 1]?.t ?? c.t)) / 2))).toBe(true);
  });
});

describe('recorded traces', () => {
  const storage = tmpStorage();
  afterAll(() => storage.cleanup());

  // a pointer gliding right at 500 px/s, reporting every 8 ms, with one click
  const glide = (id: string) => ({
    id,
    horizonMs: 64,
    events: Array.from({ length: 200 }, (_, i) => [1e6 + i * 8, 100 + i * 4, 300, i === 120 ? 1 : 0]),
  });

  it('are validated: malformed files are not scenarios', () => {
    expect(parseRecording(glide('ok'))?.events).toHaveLength(200);
    expect(parseRecording({ ...glide('short'), events: glide('x').events.slice(0, 10) })).toBeUndefined();
    expect(parseRecording({ ...glide('nan'), events: [...glide('x').events, [2e6, NaN, 1, 0]] })).toBeUndefined();
    expect(parseRecording({ ...glide('back'), events: [...glide('x').events, [0, 1, 1, 0]] })).toBeUndefined();
    expect(parseRecording({ ...glide('h'), horizonMs: 5000 })).toBeUndefined();
    expect(parseRecording(null)).toBeUndefined();
  });

  it('join the public set, newest two only, with truth read off the recording', () => {
    const dir = recordingsDir(storage.dir);
    mkdirSync(dir, { recursive: true });
    for (const id of ['host-1', 'host-2', 'host-3']) writeFileSync(join(dir, `${id}.json`), JSON.stringify(glide(id)));
    writeFileSync(join(dir, 'host-4.json'), '{ torn');
    const all = niche.scenarios({ heldOutKey: Buffer.alloc(32, 1), storageDir: storage.dir });
    const rec = all.filter((s) => s.kind === 'recorded');
    expect(rec.map((s) => s.id)).toEqual(['input.predictor:recorded:host-3']);
    expect(rec.every((s) => !s.heldOut)).toBe(true);
    const s = rec[0]!;
    expect(s.input.t[0]).toBe(0);
    expect(s.input.horizonMs).toBe(64);
    // the click is at 960 ms: the query at 896 ms sees it inside (t, t + 64], the one at 888 ms does not
    const k = 112;
    expect(s.truth.press[k]).toBe(1);
    expect(s.truth.press[k - 1]).toBe(0);
    expect(s.truth.press[119]).toBe(1);
    expect(s.truth.press[120]).toBe(0);
    // the truth is 64 ms further along the glide
    expect(s.truth.x[40]).toBeCloseTo(s.input.x[40]! + 0.064 * 500, 9);
    expect(s.truth.vx[40]).toBeCloseTo(500, 9);
    // the end of the trace cannot be judged for position
    expect(s.truth.judged.at(-1)).toBe(0);
  });
});
