// gui.fb in shadow: the pointer the dashboard draws (else the framebuffer loop's lissajous
// path), cut into scenarios of the niche's own shape; each round goes on along the path.
// one event a frame: 1 when the frame's cursor passes the contract at the real pointer, judged
// by the niche's own per-frame check.
import { FRAME_MS, HEIGHT, informativeFrames, WIDTH } from '../../../niches/gui.fb/cursor-contract.ts';
import { cursorHitAt, readOutput } from '../../../niches/gui.fb/judge.ts';
import type { GuiScenario } from '../../../niches/gui.fb/scenarios.ts';
import { rng } from '../../../niches/shared/rng.ts';
import type { LiveFeed, SideEvents } from '../live.ts';
import { pointerFrames, pointerWhat } from './pointer-source.ts';

/** frames a scenario (the niche's longest) and scenarios a round */
const FRAMES = 120;
const PER_ROUND = 4;
/** a path shorter than a round is replayed at another phase each round */
const PHASE = 17;

export function pointerScenario(id: string, seed: number, x: number[], y: number[], buttons: number[]): GuiScenario {
  const input = {
    width: WIDTH,
    height: HEIGHT,
    x: Int16Array.from(x),
    y: Int16Array.from(y),
    buttons: Uint8Array.from(buttons),
    dt: new Float64Array(x.length).fill(FRAME_MS),
    // where the driver samples the background: fresh every round, never shown to the artifact
    sampleSeed: 1 + Math.floor(rng(seed).next() * 0xfffffffe),
  };
  return { id, seed, kind: 'live', heldOut: false, input, truth: { informative: informativeFrames(input.x, input.y) } };
}

export const guiFbLive: LiveFeed = {
  niche: 'gui.fb',
  async source(ctx) {
    return { available: true, what: `${pointerWhat(ctx.traces)}, ${PER_ROUND} scenarios of ${FRAMES} frames a round` };
  },
  async capture(ctx) {
    const scenarios: GuiScenario[] = [];
    let what = '';
    for (let k = 0; k < PER_ROUND; k++) {
      const p = pointerFrames(ctx.traces, FRAMES, (ctx.round * PER_ROUND + k) * FRAMES + ctx.round * PHASE);
      what = p.what;
      scenarios.push(pointerScenario(`gui.fb:live:${ctx.round}:${k}`, ctx.round * PER_ROUND + k, p.x, p.y, p.buttons));
    }
    return { scenarios, source: `${PER_ROUND * FRAMES} frames of ${what}` };
  },
  events(scenario, output): SideEvents {
    const { input } = scenario as GuiScenario;
    const read = readOutput(output, input);
    if (typeof read === 'string') return { ok: false, reason: read };
    const values: number[] = [];
    const truth: [number, number][] = [];
    for (let f = 0; f < input.x.length; f++) {
      values.push(cursorHitAt(read.o, input, f, 0) ? 1 : 0);
      truth.push([input.x[f]!, input.y[f]!]);
    }
    // what a viewer sees per frame: the cursor at the pointer or not
    return { ok: true, values, seen: [...values], truth, wrong: 0 };
  },
  same: (a, b) => (a === 0 || a === 1) && a === b,
};
