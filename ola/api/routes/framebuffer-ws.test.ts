import { createHash } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { proposeAndSettle, startTestLab, type TestLab } from '../../../tests/helpers/test-lab.ts';
import { decodePng } from '../../actuators/framebuffer.ts';
import type { ArtifactRecord } from '../../core/contracts.ts';
import { guiFbNiche } from '../../niches/gui.fb/index.ts';
import { cursorPath, LOOP_FRAMES } from './framebuffer-loop.ts';

let t: TestLab;
let base: string;
beforeAll(async () => {
  t = await startTestLab();
  base = (await t.app.listen({ host: '127.0.0.1', port: 0 })).replace('http', 'ws');
});
afterAll(() => t.close());

type Msg = Record<string, unknown>;

/** opens the socket and collects text messages and binary frames (with arrival times) */
function watch(url: string) {
  const ws = new WebSocket(url);
  ws.binaryType = 'arraybuffer';
  const texts: Msg[] = [];
  const frames: { at: number; seq: number; png: Buffer }[] = [];
  const closed: { code?: number; reason?: string } = {};
  ws.onmessage = (m) => {
    if (typeof m.data === 'string') texts.push(JSON.parse(m.data) as Msg);
    else {
      const b = Buffer.from(m.data as ArrayBuffer);
      frames.push({ at: performance.now(), seq: b.readUInt32BE(0), png: b.subarray(4) });
    }
  };
  ws.onclose = (e) => Object.assign(closed, { code: e.code, reason: e.reason });
  const opened = new Promise((r) => (ws.onopen = r));
  return { ws, texts, frames, closed, opened };
}

async function until(cond: () => boolean, ms: number): Promise<void> {
  for (const end = Date.now() + ms; !cond(); ) {
    if (Date.now() > end) throw new Error('timed out');
    await new Promise((r) => setTimeout(r, 20));
  }
}

/** a viewer's pointer going round a circle at 60 reports a second, for `ms` */
async function circle(ws: WebSocket, ms: number, cx = 320, cy = 240, r = 120): Promise<void> {
  const t0 = Date.now();
  for (let k = 0; Date.now() - t0 < ms; k++) {
    const a = (2 * Math.PI * k) / 90;
    if (ws.readyState === ws.OPEN) ws.send(JSON.stringify({ type: 'pointer', x: Math.round(cx + r * Math.cos(a)), y: Math.round(cy + r * Math.sin(a)), buttons: 0 }));
    await new Promise((res) => setTimeout(res, 1000 / 60));
  }
}

const metrics = async () => (await t.app.inject({ url: '/metrics' })).body;
const last = (texts: Msg[], type: string) => texts.filter((m) => m.type === type).at(-1);
const artifactOf = async (niche: string, source: string) => {
  const p = await t.lab.engine.submit({ niche, source, language: 'js', proposer: 'person:framebuffer' });
  return (await t.lab.store.artifact((await t.lab.engine.settled(p.id)).artifactId!)) as ArtifactRecord;
};

describe('/framebuffer', () => {
  it('says there is nothing to show in a fresh lab, over http and over the socket', async () => {
    const info = await t.app.inject({ url: '/framebuffer' });
    expect(info.json()).toMatchObject({ available: false, artifactId: null, reason: expect.stringContaining('gui.fb'), fps: 20 });
    const s = watch(`${base}/framebuffer`);
    await until(() => s.texts.some((m) => m.type === 'waiting'), 5000);
    expect(s.texts[0]).toMatchObject({ type: 'hello', fps: 20 });
    s.ws.close();
  });

  it('streams the best gui.fb artifact (the fallback) drawing the cursor at 20 fps or more, frames changing', async () => {
    const { artifactId } = await proposeAndSettle(t, { niche: 'gui.fb', source: guiFbNiche.baseline, language: 'js' });
    expect((await t.app.inject({ url: '/framebuffer' })).json()).toMatchObject({ available: true, artifactId, source: 'fallback' });
    const s = watch(`${base}/framebuffer?fps=25`);
    await until(() => s.frames.length >= 1 || s.texts.some((m) => m.type === 'error'), 60_000);
    expect(s.texts.map((m) => m.type)).toEqual(['hello', 'drawing', 'rendering', 'loop']);
    expect(s.texts[1]).toMatchObject({ mode: 'replay', source: 'fallback', artifactId });
    expect(s.texts[3]).toMatchObject({ artifactId, source: 'fallback', frames: LOOP_FRAMES, width: 640, height: 480, hitRate: 1 });
    const first = s.frames.length;
    const t0 = performance.now();
    await new Promise((r) => setTimeout(r, 2000));
    const fps = ((s.frames.length - first) * 1000) / (performance.now() - t0);
    s.ws.close();
    expect(fps).toBeGreaterThanOrEqual(20);
    // frame counters run without gaps, and the pictures change as the cursor moves
    expect(s.frames.map((f) => f.seq)).toEqual(s.frames.map((_, i) => i));
    const hashes = new Set(s.frames.slice(0, LOOP_FRAMES).map((f) => createHash('sha256').update(f.png).digest('hex')));
    expect(hashes.size).toBeGreaterThan(LOOP_FRAMES / 2);
    // frame k shows the cursor at the path's k-th position: that pixel is not the background
    const path = cursorPath();
    for (const k of [0, 17, 33]) {
      const fb = decodePng(s.frames[k]!.png);
      const px = (x: number, y: number) => Buffer.from(fb.rgba.buffer, fb.rgba.byteOffset, fb.rgba.byteLength).readUInt32BE((y * fb.width + x) * 4);
      expect(px(path.x[k]!, path.y[k]!)).not.toBe(px(2, 2));
    }
    // the render ran in the sandbox under a recorded token, and counts as a use of the fallback
    const tokens = await t.lab.store.eventsOf({ types: ['token_issued'], subject: artifactId! });
    expect(tokens.some((e) => e.payload.purpose === 'live-framebuffer')).toBe(true);
    expect(await metrics()).toMatch(/ola_capability_use_duration_seconds_count\{niche="gui.fb",source="fallback",ok="true"\} [1-9]/);
  });

  it("takes the viewer's pointer: the lab's pointer path, frames drawn at it, and predictions (the fallback's)", async () => {
    const s = watch(`${base}/framebuffer`);
    await s.opened;
    await circle(s.ws, 1500);
    const path = t.lab.traces.pointerPath();
    // about a frame of 1000/60 ms a report
    expect(path.x.length).toBeGreaterThan(60);
    expect(path.x.length).toBeLessThan(130);
    expect(path.x.every((x) => x >= 200 && x <= 440) && path.y.every((y) => y >= 120 && y <= 360)).toBe(true);
    await until(() => s.texts.some((m) => m.type === 'drawing' && m.mode === 'live' && m.path === 'pointer'), 10_000);
    expect(last(s.texts, 'drawing')).toMatchObject({ source: 'fallback' });
    // a frame drawn now has its cursor where the pointer was last
    const seen = s.frames.length;
    const end = { x: path.x.at(-1)!, y: path.y.at(-1)! };
    await circle(s.ws, 600, end.x, end.y, 0);
    await until(() => s.frames.length > seen, 10_000);
    const fb = decodePng(s.frames.at(-1)!.png);
    const px = (x: number, y: number) => Buffer.from(fb.rgba.buffer, fb.rgba.byteOffset, fb.rgba.byteLength).readUInt32BE((y * fb.width + x) * 4);
    expect(px(end.x, end.y)).not.toBe(px(2, 2));
    // the last position carried forward, measured against where the pointer really went
    const p = last(s.texts, 'predicted');
    expect(p).toMatchObject({ source: 'fallback', artifactId: null, horizonMs: 50 });
    expect(typeof p!.x).toBe('number');
    expect(s.texts.filter((m) => m.type === 'predicted').some((m) => typeof m.errorPx === 'number' && m.errorPx > 0)).toBe(true);
    const body = await metrics();
    expect(body).toMatch(/ola_capability_use_duration_seconds_count\{niche="input.predictor",source="fallback",ok="true"\} [1-9]/);
    expect(body).toMatch(/ola_capability_use_metric\{niche="input.predictor",source="fallback"\} [\d.]+/);
    s.ws.close();
  }, 60_000);

  it('answers malformed or hostile messages with an error naming why, and stays usable', async () => {
    const s = watch(`${base}/framebuffer`);
    await s.opened;
    const before = t.lab.traces.pointerPath().x.length;
    const bad: [string | Buffer, string, string?][] = [
      ['{"type": "pointer", "x": 1', 'not-json'],
      ['{"type":"pointer","x":"10","y":5}', 'invalid', 'x'],
      ['{"type":"pointer","x":640,"y":5}', 'invalid', 'x'],
      ['{"type":"pointer","x":10.5,"y":5}', 'invalid', 'x'],
      ['{"type":"pointer","x":10,"y":-1}', 'invalid', 'y'],
      ['{"type":"pointer","x":10,"y":5,"buttons":99}', 'invalid', 'buttons'],
      ['{"type":"pointer","x":10,"y":5,"extra":1}', 'invalid'],
      ['{"type":"shutdown"}', 'invalid', 'type'],
      ['[1,2,3]', 'invalid', 'type'],
      ['null', 'invalid', 'type'],
      [JSON.stringify({ type: 'pointer', x: 1, y: 1, pad: 'x'.repeat(400) }), 'too-large'],
      [Buffer.from([1, 2, 3]), 'binary'],
    ];
    for (const [m, reason, field] of bad) {
      const n = s.texts.filter((x) => x.type === 'error').length;
      s.ws.send(m);
      await until(() => s.texts.filter((x) => x.type === 'error').length > n, 5000);
      const e = last(s.texts, 'error')!;
      expect(e.reason, String(m)).toBe(reason);
      if (field) expect((e.error as { detail: { field: string } }).detail.field).toBe(field);
    }
    // none reached the lab's path; a good one still does
    expect(t.lab.traces.pointerPath().x.length).toBe(before);
    s.ws.send(JSON.stringify({ type: 'pointer', x: 7, y: 9 }));
    await until(() => t.lab.traces.pointerPath().x.at(-1) === 7, 5000);
    expect(s.ws.readyState).toBe(s.ws.OPEN);

    // a flood is dropped, answered a few times a second, then closed with 1008
    const f = watch(`${base}/framebuffer`);
    await f.opened;
    for (let i = 0; i < 400; i++) f.ws.send(JSON.stringify({ type: 'pointer', x: i % 640, y: 1 }));
    await until(() => f.closed.code !== undefined, 10_000);
    expect(f.closed).toMatchObject({ code: 1008, reason: 'too many refused messages' });
    expect(f.texts.filter((m) => m.type === 'error' && m.reason === 'flood').length).toBeLessThanOrEqual(5);
    expect(f.texts.some((m) => m.reason === 'abuse')).toBe(true);
    // the lab is fine
    expect((await t.app.inject({ url: '/healthz' })).statusCode).toBe(200);
    s.ws.close();
  }, 30_000);

  it('is drawn by the active gui.fb artifact, and by the fallback again after a rollback', async () => {
    const a = await artifactOf('gui.fb', `${guiFbNiche.baseline}\n// the dashboard's`);
    const s = watch(`${base}/framebuffer`);
    await until(() => s.texts.some((m) => m.type === 'drawing'), 10_000);
    await t.lab.capabilities.activate(a, 'a test');
    // once nobody points (the last test's pointer goes stale), it draws the slow loop, each frame a use
    await until(() => s.texts.some((m) => m.type === 'drawing' && m.source === 'active' && m.path === 'loop'), 20_000);
    expect(last(s.texts, 'drawing')).toMatchObject({ mode: 'live', source: 'active', artifactId: a.id, path: 'loop' });
    expect((await t.app.inject({ url: '/framebuffer' })).json()).toMatchObject({ artifactId: a.id, source: 'active' });
    const seen = s.frames.length;
    await until(() => s.frames.length >= seen + 3, 20_000);
    const body = await metrics();
    expect(body).toMatch(/ola_capability_use_duration_seconds_count\{niche="gui.fb",source="active",ok="true"\} [1-9]/);
    expect(body).toMatch(/ola_capability_use_metric\{niche="gui.fb",source="active"\} 1/);

    await t.lab.capabilities.rollback('gui.fb', { why: 'test over', by: 'test', automatic: false });
    await until(() => last(s.texts, 'drawing')?.source === 'fallback', 20_000);
    expect(last(s.texts, 'drawing')).toMatchObject({ mode: 'replay', source: 'fallback' });
    s.ws.close();
  }, 60_000);

  it('switches back to the fallback when the active gui.fb keeps failing (the automatic rollback)', async () => {
    const a = await artifactOf('gui.fb', `${guiFbNiche.baseline}\n// failing on the dashboard`);
    const s = watch(`${base}/framebuffer`);
    await t.lab.capabilities.activate(a, 'a test');
    await until(() => s.texts.some((m) => m.type === 'drawing' && m.artifactId === a.id && m.source === 'active'), 20_000);
    t.lab.active.faults.inject('gui.fb', 'crash', 3);
    await until(() => last(s.texts, 'drawing')?.source === 'fallback', 30_000);
    const rolled = (await t.lab.store.eventsOf({ types: ['capability_rolled_back'], subject: 'capability:gui.fb' })).at(-1)!;
    expect(rolled.payload).toMatchObject({ from: a.id, automatic: true });
    expect(await metrics()).toMatch(/ola_capability_use_duration_seconds_count\{niche="gui.fb",source="active",ok="false"\} [1-9]/);
    s.ws.close();
  }, 60_000);

  it('predicts the pointer with the active input.predictor', async () => {
    const a = await artifactOf('input.predictor', `${t.lab.catalog.get('input.predictor')!.baseline}\n// the dashboard's`);
    await t.lab.capabilities.activate(a, 'a test');
    const s = watch(`${base}/framebuffer`);
    await s.opened;
    await circle(s.ws, 1500);
    await until(() => s.texts.some((m) => m.type === 'predicted' && m.source === 'active' && typeof m.errorPx === 'number'), 10_000);
    const p = s.texts.filter((m) => m.type === 'predicted' && m.source === 'active').at(-1)!;
    expect(p).toMatchObject({ artifactId: a.id, horizonMs: 50 });
    // constant velocity on a circle: within a few px of the real position
    expect(p.errorPx).toBeLessThan(30);
    const body = await metrics();
    expect(body).toMatch(/ola_capability_use_duration_seconds_count\{niche="input.predictor",source="active",ok="true"\} [1-9]/);
    expect(body).toMatch(/ola_capability_use_metric\{niche="input.predictor",source="active"\} [\d.]+/);
    s.ws.close();
    await t.lab.capabilities.rollback('input.predictor', { why: 'test over', by: 'test', automatic: false });
  }, 60_000);

  it('names the field on bad input', async () => {
    for (const [q, field] of [['fps=100', 'querystring.fps'], ['artifact=nope', 'querystring.artifact']]) {
      const res = await t.app.inject({ url: `/framebuffer?${q}` });
      expect(res.statusCode).toBe(400);
      expect(res.json()).toMatchObject({ error: { detail: { field } } });
    }
  });
});
