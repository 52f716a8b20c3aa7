// io.coalesce scenarios: seeded request streams in windows against a seeded backing file.
// scenarios are pure data: the file itself is made on first use (backing-file.ts).
import { createHash } from 'node:crypto';
import { join } from 'node:path';
import type { Scenario } from '../../core/contracts.ts';
import { rng } from '../shared/rng.ts';
import { KINDS, pattern, type IoKind } from './patterns.ts';

export { KINDS, type IoKind };

export interface IoInput {
  /** byte offset of each request, in arrival order */
  offsets: Float64Array;
  /** byte length of each request (1..maxReadBytes) */
  lengths: Int32Array;
  /** end (exclusive request index) of each window; windows cover the requests in order */
  windowEnds: Int32Array;
  fileSize: number;
  maxReadBytes: number;
  queueDepth: number;
}

export interface IoTruth {
  /** the backing file on the host; never handed to the artifact */
  path: string;
  fileSize: number;
  /** the file's content is a keystream from this seed */
  contentSeed: number;
}

export type IoScenario = Scenario<IoInput, IoTruth>;

const MIB = 1 << 20;
export const MIN_REQUESTS = 500;
export const MAX_REQUESTS = 2000;
/** requested bytes stop growing the stream past this (after MIN_REQUESTS), to keep the judge's reads short */
export const BYTE_BUDGET = 16 * MIB;

export function filesDir(storageDir: string): string {
  return join(storageDir, 'scenarios', 'io.coalesce');
}

/** the file name hides the seed: a storage listing should not reveal held-out seeds */
function fileName(seed: number, fileSize: number): string {
  return `backing-${createHash('sha256').update(`io.coalesce:${seed}:${fileSize}`).digest('hex').slice(0, 20)}.bin`;
}

export function ioScenario(seed: number, kind: IoKind, heldOut: boolean, storageDir: string, id = `io.coalesce:${kind}:${seed}`): IoScenario {
  const r = rng(seed);
  // not a multiple of any page size: reads near the end must stop at the true end
  const fileSize = 8 * MIB + r.int(0, 8 * MIB);
  const queueDepth = r.pick([8, 16, 32]);
  const maxReadBytes = r.pick([128, 256, 1024]) * 1024;
  const want = r.int(MIN_REQUESTS, MAX_REQUESTS + 1);
  const next = pattern(kind, r, fileSize, maxReadBytes);
  const offs: number[] = [];
  const lens: number[] = [];
  let bytes = 0;
  while (offs.length < want && (offs.length < MIN_REQUESTS || bytes < BYTE_BUDGET)) {
    const [o, l] = next();
    offs.push(o);
    lens.push(l);
    bytes += l;
  }
  // bursty arrival: most windows fill the queue, some catch only a few requests
  const ends: number[] = [];
  for (let at = 0; at < offs.length; ) {
    at = Math.min(offs.length, at + (r.chance(0.6) ? queueDepth : r.int(1, queueDepth + 1)));
    ends.push(at);
  }
  const input: IoInput = {
    offsets: Float64Array.from(offs),
    lengths: Int32Array.from(lens),
    windowEnds: Int32Array.from(ends),
    fileSize,
    maxReadBytes,
    queueDepth,
  };
  const truth: IoTruth = { path: join(filesDir(storageDir), fileName(seed, fileSize)), fileSize, contentSeed: seed };
  return { id, seed, kind, heldOut, input, truth };
}

/** held-out kinds rotate from a seed-derived start, so every set covers several kinds */
export function heldOutKind(firstSeed: number, i: number): IoKind {
  return KINDS[(firstSeed + i) % KINDS.length]!;
}
