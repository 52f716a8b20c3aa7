// every sense either answers or says plainly why it cannot; readers never throw.
import { readFile } from 'node:fs/promises';

export interface Unavailable {
  available: false;
  reason: string;
}

export type Sensed<T> = ({ available: true } & T) | Unavailable;

export function unavailable(reason: string): Unavailable {
  return { available: false, reason };
}

export function errorReason(err: unknown): string {
  if (err instanceof Error) return err.message;
  return String(err);
}

/** reads a whole text source, or the reason it could not be read */
export async function readSource(path: string): Promise<{ text: string } | Unavailable> {
  try {
    return { text: await readFile(path, 'utf8') };
  } catch (err) {
    return unavailable(`cannot read ${path}: ${errorReason(err)}`);
  }
}

/** a rate per second from two counters; null when the counter went backwards (reset or wrap) */
export function perSecond(prev: number, cur: number, dtMs: number): number | null {
  if (dtMs <= 0 || cur < prev) return null;
  return ((cur - prev) * 1000) / dtMs;
}
