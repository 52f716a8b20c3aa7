// at the vm stage the last frame is judged from what the guest's display showed (a qmp
// screendump of virtio-gpu, ola/sandbox/vm/host-devices.ts), not from the driver's buffer:
// its cursor patches and its thumbnail are taken from the screen.
import { downsample } from '../../actuators/framebuffer.ts';
import { LAGS, luminance, PATCH, PATCH_HALF, THUMB_FACTOR } from './cursor-contract.ts';
import type { GuiOutput } from './output-shape.ts';
import type { GuiInput } from './scenarios.ts';

interface Shown {
  width?: unknown;
  height?: unknown;
  rgba?: unknown;
}

/** the screen the run left, or why there is none; undefined: the run had no hardware (below vm) */
export function shownFrame(output: unknown, width: number, height: number): Uint8Array | string | undefined {
  if (typeof output !== 'object' || output === null || !('hardware' in output)) return undefined;
  const screen = ((output as { hardware?: { screen?: Shown } | null }).hardware ?? {}).screen;
  if (!screen || screen.width !== width || screen.height !== height || !(screen.rgba instanceof Uint8Array) || screen.rgba.length !== width * height * 4) {
    return 'the display showed no frame (no screendump of the run)';
  }
  return screen.rgba;
}

/** the output with its last frame as the display showed it, and the share of pixels that match the buffer */
export function withShown(o: GuiOutput, input: GuiInput, screen: Uint8Array): { o: GuiOutput; match: number } {
  const W = o.width, H = o.height, f = o.frames - 1;
  const px = W * H;
  let same = 0;
  for (let p = 0; p < px; p++) {
    const i = p * 4;
    if (screen[i] === o.last[i] && screen[i + 1] === o.last[i + 1] && screen[i + 2] === o.last[i + 2]) same++;
  }
  const patches = o.patches.slice();
  const bgLum = luminance(o.bg[f * 3]!, o.bg[f * 3 + 1]!, o.bg[f * 3 + 2]!);
  for (let k = 0; k < LAGS; k++) {
    const j = Math.max(0, f - k);
    const cx = input.x[j]!, cy = input.y[j]!;
    let at = (f * LAGS + k) * PATCH * PATCH;
    for (let py = 0; py < PATCH; py++) {
      const y = cy - PATCH_HALF + py;
      for (let pxi = 0; pxi < PATCH; pxi++, at++) {
        const x = cx - PATCH_HALF + pxi;
        const i = (y * W + x) * 4;
        patches[at] = x >= 0 && x < W && y >= 0 && y < H ? luminance(screen[i]!, screen[i + 1]!, screen[i + 2]!) : bgLum;
      }
    }
  }
  const lastThumb = downsample({ width: W, height: H, rgba: screen }, THUMB_FACTOR).rgba;
  return { o: { ...o, last: screen, lastThumb, patches }, match: same / px };
}
