// the driver's output, checked field by field: it crossed a sandbox boundary.
import { isFramebuffer, type Framebuffer } from '../../actuators/framebuffer.ts';
import { LAGS, PATCH, THUMB_FACTOR } from './cursor-contract.ts';

export interface GuiOutput {
  width: number;
  height: number;
  frames: number;
  /** background rgb per frame */
  bg: Uint8Array;
  /** how many of `samples` random samples had the background colour, per frame */
  bgCount: Uint16Array;
  samples: number;
  /** luminance patches, [frame][lag][PATCH][PATCH]; lag k is centred on frame - k's pointer */
  patches: Uint8Array;
  hashes: Uint32Array;
  thumbFrames: number[];
  /** rgba thumbnails (box-averaged by THUMB_FACTOR) of thumbFrames: the first and middle frame */
  thumbs: Uint8Array[];
  /** the last frame's thumbnail, made the same way */
  lastThumb: Uint8Array;
  /** the last frame, full resolution rgba */
  last: Uint8Array;
  calls: number;
  ignored: number;
  badType: string;
}

/** thumbnails of thumbFrames the driver makes; the last frame's is `lastThumb` */
export const THUMBS = 2;

const isCount = (v: unknown): v is number => typeof v === 'number' && Number.isInteger(v) && v >= 0;

/** why the output is not the driver's shape for this many frames of this size, or '' */
export function shapeProblem(o: unknown, width: number, height: number, frames: number): string {
  if (typeof o !== 'object' || o === null) return 'output is not an object';
  const x = o as Partial<GuiOutput>;
  if (x.width !== width || x.height !== height || x.frames !== frames) return 'output size or frame count does not match the scenario';
  if (typeof x.badType !== 'string') return 'output has no badType text';
  if (!isCount(x.calls) || !isCount(x.ignored)) return 'output call counts are not counts';
  if (!isCount(x.samples) || x.samples === 0) return 'output sample count is not a count';
  if (!(x.bg instanceof Uint8Array) || x.bg.length !== frames * 3) return 'output bg is not rgb per frame';
  if (!(x.bgCount instanceof Uint16Array) || x.bgCount.length !== frames) return 'output bgCount is not one per frame';
  if (!(x.patches instanceof Uint8Array) || x.patches.length !== frames * LAGS * PATCH * PATCH) return 'output patches have the wrong size';
  if (!(x.hashes instanceof Uint32Array) || x.hashes.length !== frames) return 'output hashes are not one per frame';
  // a lean run (an evaluation, Niche.leanInput) ships no last frame, any other the whole of it
  if (!(x.last instanceof Uint8Array) || (x.last.length !== 0 && x.last.length !== width * height * 4)) return 'output last frame has the wrong size';
  const thumbBytes = Math.floor(width / THUMB_FACTOR) * Math.floor(height / THUMB_FACTOR) * 4;
  if (!Array.isArray(x.thumbFrames) || !Array.isArray(x.thumbs)) return 'output thumbnails are missing';
  // a run cut short by a bad type has no thumbnails; its badType is the reason, checked first
  if (x.badType !== '') return '';
  if (x.thumbFrames.length !== THUMBS || x.thumbs.length !== THUMBS) return `output does not have ${THUMBS} thumbnails`;
  for (let i = 0; i < THUMBS; i++) {
    const f = x.thumbFrames[i];
    if (!isCount(f) || f >= frames) return `output thumbnail ${i} names no frame`;
    const t = x.thumbs[i];
    if (!(t instanceof Uint8Array) || t.length !== thumbBytes) return `output thumbnail ${i} has the wrong size`;
  }
  if (!(x.lastThumb instanceof Uint8Array) || x.lastThumb.length !== thumbBytes) return 'output last thumbnail has the wrong size';
  return '';
}

/** the full-resolution last frame of a driver output, for serving as png */
export function lastFrame(output: unknown): Framebuffer | undefined {
  if (typeof output !== 'object' || output === null) return undefined;
  const o = output as Partial<GuiOutput>;
  const fb = { width: o.width, height: o.height, rgba: o.last };
  return isFramebuffer(fb) ? fb : undefined;
}
