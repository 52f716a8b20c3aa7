// the kernel's estimate of bits in its random pool.
import { readSource, unavailable, type Sensed } from './sense.ts';

export const ENTROPY_PATH = '/proc/sys/kernel/random/entropy_avail';

export function parseEntropy(text: string): number | undefined {
  const n = Number.parseInt(text.trim(), 10);
  return Number.isFinite(n) && n >= 0 ? n : undefined;
}

export async function readEntropy(path = ENTROPY_PATH): Promise<Sensed<{ bits: number }>> {
  const src = await readSource(path);
  if (!('text' in src)) return src;
  const bits = parseEntropy(src.text);
  if (bits === undefined) return unavailable(`unparseable ${path}`);
  return { available: true, bits };
}
