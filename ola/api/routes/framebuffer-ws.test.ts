import { createHash } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { proposeAndSettle, startTestLab, type TestLab } from '../../../tests/helpers/test-lab.ts';
import { decodePng } from '../../actuators/framebuffer.ts';
import { guiFbNiche } from '../../niches/gui.fb/index.ts';
import { cursorPath, LOOP_FRAMES } from './framebuffer-loop.ts';

let t: TestLab;
let base: string;
beforeAll(async () => {
  t = await startTestLab();
  base = (await t.app.listen({ host: '127.0.0.1', port: 0 })).replace('http', 'ws');
});
afterAll(() => t.close());

/** opens the socket and collects text messages and binary frames (with arrival times) */
function watch(url: string) {
  const ws = new WebSocket(url);
  ws.binaryType = 'arraybuffer';
  const texts: Record<string, unknown>[] = [];
  const frames: { at: number; seq: number; png: Buffer }[] = [];
  ws.onmessage = (m) => {
    if (typeof m.data === 'string') texts.push(JSON.parse(m.data) as Record<string, unknown>);
    else {
      const b = Buffer.from(m.data as ArrayBuffer);
      frames.push({ at: performance.now(), seq: b.readUInt32BE(0), png: b.subarray(4) });
    }
  };
  return { ws, texts, frames };
}

async function until(cond: () => boolean, ms: number): Promise<void> {
  for (const end = Date.now() + ms; !cond(); ) {
    if (Date.now() > end) throw new Error('timed out');
    await new Promise((r) => setTimeout(r, 20));
  }
}

describe('/framebuffer', () => {
  it('says there is nothing to show in a fresh lab, over http and over the socket', async () => {
    const info = await t.app.inject({ url: '/framebuffer' });
    expect(info.json()).toMatchObject({ available: false, artifactId: null, reason: expect.stringContaining('gui.fb'), fps: 20 });
    const s = watch(`${base}/framebuffer`);
    await until(() => s.texts.some((m) => m.type === 'waiting'), 5000);
    expect(s.texts[0]).toMatchObject({ type: 'hello', fps: 20 });
    s.ws.close();
  });

  it('streams the best gui.fb artifact drawing the cursor at 20 fps or more, frames changing', async () => {
    const { artifactId } = await proposeAndSettle(t, { niche: 'gui.fb', source: guiFbNiche.baseline, language: 'js' });
    expect((await t.app.inject({ url: '/framebuffer' })).json()).toMatchObject({ available: true, artifactId });
    const s = watch(`${base}/framebuffer?fps=25`);
    await until(() => s.frames.length >= 1 || s.texts.some((m) => m.type === 'error'), 60_000);
    expect(s.texts.map((m) => m.type)).toEqual(['hello', 'rendering', 'loop']);
    expect(s.texts[2]).toMatchObject({ artifactId, frames: LOOP_FRAMES, width: 640, height: 480 });
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
    // the render ran in the sandbox under a recorded token
    const tokens = await t.lab.store.eventsOf({ types: ['token_issued'], subject: artifactId! });
    expect(tokens.some((e) => e.payload.purpose === 'live-framebuffer')).toBe(true);
  });

  it('names the field on bad input', async () => {
    for (const [q, field] of [['fps=100', 'querystring.fps'], ['artifact=nope', 'querystring.artifact']]) {
      const res = await t.app.inject({ url: `/framebuffer?${q}` });
      expect(res.statusCode).toBe(400);
      expect(res.json()).toMatchObject({ error: { detail: { field } } });
    }
  });
});
