// niche `gui.fb`: draw a gui into a virtual 640x480 framebuffer with a cursor that follows the pointer.
import type { Niche, Score } from '../../core/contracts.ts';
import { nicheFiles } from '../shared/harness-hash.ts';
import { heldOutSeeds } from '../shared/rng.ts';
import { gates } from './gates.ts';
import { guiFbJudge } from './judge.ts';
import { generate, KINDS, type GuiInput, type GuiScenario, type GuiTruth } from './scenarios.ts';
import { shadow } from './shadow.ts';

export { lastFrame } from './output-shape.ts';

/** one public scenario per kind */
const PUBLIC_SEEDS = [11, 22, 33, 44, 55];
/** held-out kinds start at edges, so clipping is always among them */
const HELD_OUT = 4;
/** the driver is these files in order: the font and the api are used by the probe and drive() */
const DRIVER_FILES = ['font.js', 'fb-api.js', 'probe.js', 'driver.js'];

export const guiFbNiche: Niche<GuiInput, GuiTruth> = {
  id: 'gui.fb',
  title: 'virtual framebuffer gui',
  description: 'draw a gui into a 640x480 framebuffer through a small drawing api, with a cursor that follows a scripted pointer without lag',
  ...nicheFiles(import.meta.url, DRIVER_FILES),
  requiredExports: ['frame'],
  event: 'gui_construct',
  headline: { metric: 'cursor_hit_rate', better: 'higher', unit: 'ratio' },
  gates,
  shadow,
  judge: guiFbJudge,
  // an evaluation's judge reads the driver's thumbnails: the full last frame stays in the isolate
  leanInput: (input) => ({ ...input, lean: true }),
  // the full last frame leaves the isolate otherwise (1.2 MB, counted twice by the size check)
  // the baseline needs ~40 ms a run; tight limits keep hostile runs cheap
  limits: { memoryMb: 128, cpuMs: 1500, wallMs: 2500, maxOutputBytes: 3.5 * (1 << 20) },
  // at the vm stage the last frame goes to /dev/fb0 and is judged from a screendump
  device: 'fb',

  // leaving the vm stage also needs green runs on scenarios from seeds drawn at random
  fuzzRuns: { vm: 4 },
  fuzz(seed) {
    return generate(seed, KINDS[seed % KINDS.length]!, true, `gui.fb:fuzz:${seed}`);
  },

  scenarios(ctx): GuiScenario[] {
    const pub = PUBLIC_SEEDS.map((seed, i) => generate(seed, KINDS[i % KINDS.length]!, false));
    const held = heldOutSeeds(ctx.heldOutKey, HELD_OUT).map((seed, i) => generate(seed, KINDS[(i + 3) % KINDS.length]!, true, `gui.fb:heldout:${i}`));
    return [...pub, ...held];
  },

  telemetry(score: Score, artifactId: string) {
    return {
      artifact_id: artifactId,
      widgets_detected: score.metrics.widgets_detected ?? null,
      layout_entropy: score.metrics.layout_entropy ?? null,
      cursor_hit_rate: score.metrics.cursor_hit_rate ?? null,
      latency_ms: score.metrics.latency_ms ?? null,
    };
  },
};

export default guiFbNiche;
