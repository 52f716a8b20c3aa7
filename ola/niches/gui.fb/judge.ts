// scores a gui.fb run on the host: is the cursor where the pointer is, how late, and what ui persists.
import type { NicheJudge, RunCost, ScenarioScore } from '../../core/contracts.ts';
import { mean } from '../shared/stats.ts';
import {
  CONTRAST, FRAME_MS, LAGS, luminance, MIN_BG_SHARE, MIN_CURSOR_PIXELS, PATCH, PATCH_HALF, THUMB_FACTOR, WINDOW_R, windowClipped,
} from './cursor-contract.ts';
import { cursorMask, GRID_COLS, GRID_ROWS, layoutEntropy, widgetsDetected, type Thumb } from './layout.ts';
import { shownFrame, withShown } from './hardware.ts';
import { shapeProblem, type GuiOutput } from './output-shape.ts';
import type { GuiInput, GuiTruth } from './scenarios.ts';

/** widgets that earn the full ui share of the utility */
const WIDGETS_FULL = 12;
const MAX_ENTROPY = Math.log2(GRID_COLS * GRID_ROWS);

/** the cursor contract at one patch: hotspot contrasting, and enough contrasting pixels around it */
export function cursorAt(patches: Uint8Array, patch: number, bgLum: number, clipped: boolean): boolean {
  const base = patch * PATCH * PATCH;
  const contrasts = (px: number, py: number) => Math.abs(patches[base + py * PATCH + px]! - bgLum) >= CONTRAST;
  if (!contrasts(PATCH_HALF, PATCH_HALF)) return false;
  if (clipped) return true;
  let n = 0;
  for (let py = PATCH_HALF - WINDOW_R; py <= PATCH_HALF + WINDOW_R; py++) {
    for (let px = PATCH_HALF - WINDOW_R; px <= PATCH_HALF + WINDOW_R; px++) if (contrasts(px, py)) n++;
  }
  return n >= MIN_CURSOR_PIXELS;
}

const finite = (v: number | undefined): boolean => v !== undefined && Number.isFinite(v);
/** clamped to [0, 1]; missing or not finite is 0 */
const unit = (v: number | undefined): number => (finite(v) ? Math.min(1, Math.max(0, v!)) : 0);

/** the output checked and, at the vm stage, with its last frame as the guest's display showed it; else why not */
export function readOutput(output: unknown, input: GuiInput): { o: GuiOutput; screenMatch?: number } | string {
  const problem = shapeProblem(output, input.width, input.height, input.x.length);
  if (problem) return problem;
  const o = output as GuiOutput;
  if (o.badType) return o.badType;
  const shown = shownFrame(output, input.width, input.height);
  if (typeof shown === 'string') return shown;
  if (!shown) return { o };
  // the display is compared with the buffer the driver drew: a run there is never lean
  if (o.last.length === 0) return 'output has no last frame to compare with the display';
  const w = withShown(o, input, shown);
  return { o: w.o, screenMatch: w.match };
}

const hasBackground = (o: GuiOutput, f: number): boolean => o.bgCount[f]! >= o.samples * MIN_BG_SHARE;

/** frame f's cursor passes the contract at the pointer of frame f - k (lag k), on a frame with a background */
export function cursorHitAt(o: GuiOutput, input: GuiInput, f: number, k: number): boolean {
  if (!hasBackground(o, f)) return false;
  const j = Math.max(0, f - k);
  const bgLum = luminance(o.bg[f * 3]!, o.bg[f * 3 + 1]!, o.bg[f * 3 + 2]!);
  return cursorAt(o.patches, f * LAGS + k, bgLum, windowClipped(input.x[j]!, input.y[j]!));
}

function fail(scenarioId: string, reason: string): ScenarioScore {
  return { scenarioId, ok: false, reason, metrics: {} };
}

/**
 * the driver's thumbnails (first, middle and last frame), and where the cursor may be: a
 * widget must persist across them, which already drops a moving cursor, so only what is
 * cursor area in every one is masked for widgets (masking more would cut panels in two);
 * the entropy masks the last one's.
 */
function thumbsOf(o: GuiOutput, input: GuiInput): { thumbs: Thumb[]; always: Uint8Array; last: Uint8Array } {
  const width = Math.floor(o.width / THUMB_FACTOR), height = Math.floor(o.height / THUMB_FACTOR);
  const frames = [...o.thumbFrames, o.frames - 1];
  const images = [...o.thumbs, o.lastThumb];
  const masks: Uint8Array[] = [];
  const thumbs = frames.map((f, i): Thumb => {
    // the cursor may be at this frame's pointer or, lagging, at an earlier one
    const positions: [number, number][] = [];
    for (let k = 0; k < LAGS; k++) positions.push([input.x[Math.max(0, f - k)]!, input.y[Math.max(0, f - k)]!]);
    masks.push(cursorMask(width, height, positions));
    return { width, height, rgba: images[i]!, bg: [o.bg[f * 3]!, o.bg[f * 3 + 1]!, o.bg[f * 3 + 2]!] };
  });
  const always = new Uint8Array(width * height);
  for (let p = 0; p < always.length; p++) always[p] = masks.every((m) => m[p]) ? 1 : 0;
  return { thumbs, always, last: masks.at(-1)! };
}

export const guiFbJudge: NicheJudge<GuiInput, GuiTruth> = {
  judge(scenario, output, cost: RunCost): ScenarioScore {
    const id = scenario.id;
    const { input, truth } = scenario;
    const n = input.x.length;
    const read = readOutput(output, input);
    if (typeof read === 'string') return fail(id, read);
    const { o, screenMatch } = read;
    let hits = 0, lagSum = 0, telling = 0, noBg = 0, changed = 0, share = 0;
    for (let f = 0; f < n; f++) {
      share += o.bgCount[f]! / o.samples;
      if (!hasBackground(o, f)) noBg++;
      const at = (k: number) => cursorHitAt(o, input, f, k);
      if (at(0)) hits++;
      if (truth.informative[f]) {
        let lag = 0;
        while (lag < LAGS && !at(lag)) lag++;
        // not found at any recent position counts as LAGS frames late
        lagSum += lag;
        telling++;
      }
      if (f === 0 || o.hashes[f] !== o.hashes[f - 1]) changed++;
    }
    const { thumbs, always, last } = thumbsOf(o, input);
    const metrics: Record<string, number> = {
      cursor_hit_rate: hits / n,
      frames: n,
      informative_frames: telling,
      widgets_detected: widgetsDetected(thumbs, always),
      layout_entropy: layoutEntropy(thumbs.at(-1)!, last),
      distinct_hashes: changed,
      no_background_rate: noBg / n,
      background_share: share / n,
      ignored_calls: o.ignored,
    };
    if (screenMatch !== undefined) metrics.screen_match = screenMatch;
    // speed is reported, never gated; a missing measurement leaves the metric out
    if (Number.isFinite(cost?.cpuMs)) metrics.frame_time_ms = cost.cpuMs / n;
    if (telling > 0) {
      metrics.latency_frames = lagSum / telling;
      metrics.latency_ms = metrics.latency_frames * FRAME_MS;
    }
    return { scenarioId: id, ok: true, metrics };
  },

  aggregate(scores) {
    const ok = scores.filter((s) => s.ok);
    const pick = (k: string) => ok.map((s) => s.metrics[k]).filter((v): v is number => v !== undefined && Number.isFinite(v));
    // rates pool over frames, latency over the frames that can tell it
    const weighted = (k: string, w: string) => {
      let num = 0, den = 0;
      for (const s of ok) {
        const v = s.metrics[k], n = s.metrics[w];
        if (v !== undefined && n !== undefined && n > 0) { num += v * n; den += n; }
      }
      return den > 0 ? num / den : NaN;
    };
    const latency = weighted('latency_frames', 'informative_frames');
    return {
      cursor_hit_rate: weighted('cursor_hit_rate', 'frames'),
      latency_frames: latency,
      latency_ms: latency * FRAME_MS,
      frame_time_ms: mean(pick('frame_time_ms')),
      widgets_detected: mean(pick('widgets_detected')),
      layout_entropy: mean(pick('layout_entropy')),
      distinct_hashes: mean(pick('distinct_hashes')),
      no_background_rate: weighted('no_background_rate', 'frames'),
      background_share: mean(pick('background_share')),
      ignored_calls: pick('ignored_calls').reduce((a, b) => a + b, 0),
      frames: pick('frames').reduce((a, b) => a + b, 0),
      informative_frames: pick('informative_frames').reduce((a, b) => a + b, 0),
      ...(pick('screen_match').length ? { screen_match: Math.min(...pick('screen_match')) } : {}),
    };
  },

  // mostly the cursor; the rest rewards low latency and a richer, spread-out ui
  utility(m) {
    const hit = unit(m.cursor_hit_rate);
    const lat = finite(m.latency_frames) && m.latency_frames! >= 0 ? 1 / (1 + m.latency_frames!) : 0;
    const widgets = unit((m.widgets_detected ?? 0) / WIDGETS_FULL);
    const spread = unit((m.layout_entropy ?? 0) / MAX_ENTROPY);
    return 0.7 * hit + 0.1 * lat + 0.1 * widgets + 0.1 * spread;
  },
};
