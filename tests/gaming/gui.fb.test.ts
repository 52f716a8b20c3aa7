// gui.fb cheats: no cursor at all, only a screen that fools the background sampler at the
// public scenarios' sample positions (their seeds are public, the xorshift is in probe.js), and
// a cursor drawn where the pointer was last frame. held-out seeds move the samples; the lag is gated.
import { afterAll, describe, expect, it } from 'vitest';
import gui from '../../ola/niches/gui.fb/index.ts';
import type { GuiScenario } from '../../ola/niches/gui.fb/scenarios.ts';
import { nicheHarness } from '../helpers/niche-harness.ts';
import { failsOnHeldOutOnly, gateRefuses } from './cheat.ts';

const h = nicheHarness(gui);
afterAll(() => h.close());

describe('gui.fb cheats fail the gate', () => {
  it('painting the public sample positions dark and the rest light, with no cursor, fails on held-out seeds', async () => {
    // recognised by the pointer's first position: each public scenario's sample seed
    const seeds = (h.catalog.scenarios('gui.fb').public as GuiScenario[]).map((s) => `[${s.input.x[0]}, ${s.input.y[0]}, ${s.input.sampleSeed}]`);
    const source = `const SEEDS = [${seeds.join(',')}];
      let s = 0, known = false;
      function rand() { s ^= s << 13; s >>>= 0; s ^= s >>> 17; s ^= s << 5; s >>>= 0; return s; }
      export function frame(fb, st) {
        if (st.frame === 0) { const hit = SEEDS.find((e) => e[0] === st.x && e[1] === st.y); known = !!hit; s = hit ? hit[2] >>> 0 : 1; }
        // the background is the mode of this frame's samples: make them all dark, everything else light
        fb.clear(255, 255, 255);
        if (!known) return;
        const px = fb.width * fb.height;
        for (let k = 0; k < 1024; k++) { const p = rand() % px; fb.setPixel(p % fb.width, Math.floor(p / fb.width), 0, 0, 0); }
      }`;
    const e = await h.evaluate(source);
    expect(e.score.metrics.cursor_hit_rate).toBeGreaterThan(0.95);
    failsOnHeldOutOnly(e);
    gateRefuses(e, /held-out: cursor_hit_rate \S+ not >= 0.95/);
  });

  it('a cursor drawn where the pointer was on the frame before (state kept across frames) fails on lag', async () => {
    const e = await h.evaluate(`let px = -1, py = -1;
      export function frame(fb, st) {
        fb.clear(0, 0, 0);
        if (px >= 0) fb.fillRect(px - 4, py - 4, 9, 9, 255, 255, 255);
        px = st.x; py = st.y;
      }`);
    gateRefuses(e, /public: latency_frames \S+ not <= 0.25/);
  });
});
