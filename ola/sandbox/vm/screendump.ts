// what the guest's display shows, read through qmp: a screendump is a binary ppm (P6).
import { readFile, rm } from 'node:fs/promises';
import { join } from 'node:path';
import type { Machine } from './machine.ts';

export interface Screen {
  width: number;
  height: number;
  /** rgb, row after row */
  rgb: Uint8Array;
}

export function parsePpm(buf: Buffer): Screen {
  const head = buf.subarray(0, 64).toString('latin1').match(/^P6\s+(\d+)\s+(\d+)\s+(\d+)\s/);
  if (!head || head[3] !== '255') throw new Error('the screendump is not an 8-bit binary ppm');
  const width = Number(head[1]), height = Number(head[2]);
  const rgb = buf.subarray(head[0].length, head[0].length + width * height * 3);
  if (rgb.length !== width * height * 3) throw new Error('the screendump is cut short');
  return { width, height, rgb: new Uint8Array(rgb) };
}

export async function screendump(m: Machine): Promise<Screen> {
  const file = join(m.dir, 'screen.ppm');
  await m.qmp!.execute('screendump', { filename: file });
  try {
    return parsePpm(await readFile(file));
  } finally {
    await rm(file, { force: true });
  }
}

/** the top-left width x height of a screen, as rgba */
export function cropRgba(s: Screen, width: number, height: number): Uint8Array {
  if (width > s.width || height > s.height) throw new Error(`the screen (${s.width}x${s.height}) is smaller than ${width}x${height}`);
  const out = new Uint8Array(width * height * 4);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const i = (y * s.width + x) * 3, o = (y * width + x) * 4;
      out[o] = s.rgb[i]!;
      out[o + 1] = s.rgb[i + 1]!;
      out[o + 2] = s.rgb[i + 2]!;
      out[o + 3] = 255;
    }
  }
  return out;
}
