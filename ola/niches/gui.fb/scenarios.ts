// gui.fb scenarios: a seeded pointer path of 60-120 frames per scenario, by kind.
import type { Scenario } from '../../core/contracts.ts';
import { rng, type Rng } from '../shared/rng.ts';
import { FRAME_MS, HEIGHT, informativeFrames, LAGS, MIN_INFORMATIVE, WIDTH } from './cursor-contract.ts';
import { PointerPath } from './pointer-paths.ts';

export const KINDS = ['sweep', 'circle', 'jumps', 'edges', 'mixed'] as const;
export type GuiKind = (typeof KINDS)[number];

export interface GuiInput {
  width: number;
  height: number;
  x: Int16Array;
  y: Int16Array;
  buttons: Uint8Array;
  /** ms since the previous frame (vsync with a little jitter) */
  dt: Float64Array;
  /** seeds where the driver samples the background; never shown to the artifact */
  sampleSeed: number;
  /** an evaluation: the driver leaves the full last frame out (only a read-back or the vm's display needs it) */
  lean?: boolean;
}

export interface GuiTruth {
  /** frames that tell a lagging cursor from a current one (see cursor-contract.ts) */
  informative: Uint8Array;
}

export type GuiScenario = Scenario<GuiInput, GuiTruth>;

const MIN_FRAMES = 60;
const MAX_FRAMES = 120;

const fast = (r: Rng) => r.range(24, 48);
const slow = (r: Rng) => r.range(2, 8);
const target = (r: Rng): [number, number] => [r.int(0, WIDTH), r.int(0, HEIGHT)];

/** one segment of the kind's repertoire */
function segment(kind: GuiKind, p: PointerPath, r: Rng): void {
  p.press(kind === 'mixed' ? 0.3 : 0.15);
  const pick = kind === 'mixed' ? r.pick(['sweep', 'circle', 'jumps', 'edges'] as const) : kind;
  if (pick === 'sweep') {
    const [tx, ty] = target(r);
    p.sweep(tx, ty, r.chance(0.6) ? fast(r) : slow(r)).still(r.int(0, 6));
  } else if (pick === 'circle') {
    p.circle(r.range(40, 200), r.range(10, 40), r.int(15, 40));
    if (r.chance(0.5)) p.jump();
  } else if (pick === 'jumps') {
    p.jump().still(r.int(2, 9));
  } else {
    p.edge(r.chance(0.5) ? fast(r) : slow(r)).still(r.int(0, 8));
    if (r.chance(0.4)) p.jump();
  }
}

function path(kind: GuiKind, r: Rng, frames: number): PointerPath {
  const [x, y] = target(r);
  const p = new PointerPath(r, x, y);
  while (p.length < frames) segment(kind, p, r);
  p.truncate(frames);
  // every scenario must be able to measure latency: if the path has too few telling
  // frames, its tail becomes still-then-jump pairs, each jump one telling frame
  if (countOnes(informativeFrames(p.xs, p.ys)) < MIN_INFORMATIVE) {
    p.truncate(frames - MIN_INFORMATIVE * LAGS).press(0);
    for (let i = 0; i < MIN_INFORMATIVE; i++) p.still(LAGS - 1).jump();
  }
  return p;
}

function countOnes(a: Uint8Array): number {
  let n = 0;
  for (const v of a) n += v;
  return n;
}

/** held-out ids must not carry their seed: the generator is public */
export function generate(seed: number, kind: GuiKind, heldOut: boolean, id = `gui.fb:${kind}:${seed}`): GuiScenario {
  const r = rng(seed);
  const frames = r.int(MIN_FRAMES, MAX_FRAMES + 1);
  const sampleSeed = 1 + Math.floor(r.next() * 0xfffffffe);
  const p = path(kind, r, frames);
  const dt = new Float64Array(frames);
  for (let i = 0; i < frames; i++) dt[i] = FRAME_MS + r.range(-0.3, 0.3);
  const input: GuiInput = {
    width: WIDTH,
    height: HEIGHT,
    x: Int16Array.from(p.xs),
    y: Int16Array.from(p.ys),
    buttons: Uint8Array.from(p.buttons),
    dt,
    sampleSeed,
  };
  return { id, seed, kind, heldOut, input, truth: { informative: informativeFrames(input.x, input.y) } };
}
