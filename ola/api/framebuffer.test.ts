import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { proposeAndSettle, startTestLab, type TestLab } from '../../tests/helpers/test-lab.ts';
import { decodePng } from '../actuators/framebuffer.ts';
import { clockNiche } from '../niches/clock/index.ts';
import { guiFbNiche } from '../niches/gui.fb/index.ts';

let t: TestLab;
beforeAll(async () => {
  t = await startTestLab();
});
afterAll(() => t.close());

describe('GET /artifacts/:id/framebuffer.png', () => {
  it('renders a gui.fb artifact in the sandbox and returns its last frame as png', async () => {
    const p = await proposeAndSettle(t, { niche: 'gui.fb', source: guiFbNiche.baseline, language: 'js' });
    expect(p.status).toBe('gated');
    const res = await t.app.inject({ url: `/artifacts/${p.artifactId}/framebuffer.png` });
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toBe('image/png');
    const fb = decodePng(res.rawPayload);
    expect([fb.width, fb.height]).toEqual([640, 480]);
    // the baseline draws a dark desktop with a bar: more than one colour on screen
    const colours = new Set<number>();
    for (let i = 0; i < fb.rgba.length; i += 4 * 97) colours.add((fb.rgba[i]! << 16) | (fb.rgba[i + 1]! << 8) | fb.rgba[i + 2]!);
    expect(colours.size).toBeGreaterThan(2);
    const tokens = (await t.lab.store.eventsOf({ subject: p.artifactId!, types: ['token_issued'] })).filter((e) => e.payload.purpose === 'render');
    expect(tokens).toHaveLength(1);
    // a second request is served from the cache: no new token
    expect((await t.app.inject({ url: `/artifacts/${p.artifactId}/framebuffer.png` })).statusCode).toBe(200);
    expect((await t.lab.store.eventsOf({ subject: p.artifactId!, types: ['token_issued'] })).filter((e) => e.payload.purpose === 'render')).toHaveLength(1);
  });

  it('answers 404 for other niches, unknown artifacts and unknown scenarios', async () => {
    const clock = await proposeAndSettle(t, { niche: 'clock', source: clockNiche.baseline, language: 'js' });
    const other = await t.app.inject({ url: `/artifacts/${clock.artifactId}/framebuffer.png` });
    expect(other.statusCode).toBe(404);
    expect(other.json().error.message).toMatch(/only gui.fb artifacts/);
    expect((await t.app.inject({ url: `/artifacts/a_${'0'.repeat(26)}/framebuffer.png` })).statusCode).toBe(404);
    const gui = (await t.lab.store.artifacts({ niche: 'gui.fb' }))[0]!;
    expect((await t.app.inject({ url: `/artifacts/${gui.id}/framebuffer.png?scenario=nope` })).json().error.detail.field).toBe('scenario');
  });
});
