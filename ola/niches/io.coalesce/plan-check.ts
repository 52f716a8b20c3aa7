// the host's own check of a driver output: shape, and every batch and request rule again.
// the driver already checked inside the isolate; the host trusts nothing that crossed back.
import type { IoInput } from './scenarios.ts';

/** what driver.js returns: all windows' batches, concatenated */
export interface Plan {
  batchOffsets: Float64Array;
  batchLengths: Int32Array;
  /** the global batch index serving each request */
  serve: Int32Array;
  /** end (exclusive batch index) of each window's batches */
  windowBatchEnds: Int32Array;
  problem: string;
  method: string;
}

export type Checked = { ok: true; plan: Plan } | { ok: false; reason: string };

function isPlan(o: unknown): o is Plan {
  const x = o as Plan;
  return (
    typeof o === 'object' &&
    o !== null &&
    x.batchOffsets instanceof Float64Array &&
    x.batchLengths instanceof Int32Array &&
    x.serve instanceof Int32Array &&
    x.windowBatchEnds instanceof Int32Array &&
    typeof x.problem === 'string' &&
    typeof x.method === 'string'
  );
}

export function checkPlan(input: IoInput, output: unknown): Checked {
  if (!isPlan(output)) return { ok: false, reason: 'output is not the driver shape' };
  if (output.problem) return { ok: false, reason: output.problem };
  const p = output;
  const n = input.offsets.length;
  const b = p.batchOffsets.length;
  if (p.batchLengths.length !== b) return { ok: false, reason: 'batch offsets and lengths differ in count' };
  if (p.serve.length !== n) return { ok: false, reason: `serve has ${p.serve.length} entries for ${n} requests` };
  if (p.windowBatchEnds.length !== input.windowEnds.length) return { ok: false, reason: 'wrong number of windows' };
  let bStart = 0;
  let rStart = 0;
  for (let w = 0; w < input.windowEnds.length; w++) {
    const bEnd = p.windowBatchEnds[w]!;
    const rEnd = input.windowEnds[w]!;
    if (bEnd <= bStart || bEnd > b) return { ok: false, reason: `window ${w} has no batches or its batch range is broken` };
    if (bEnd - bStart > rEnd - rStart) return { ok: false, reason: `window ${w} has more batches than requests` };
    for (let k = bStart; k < bEnd; k++) {
      const why = batchProblem(p.batchOffsets[k]!, p.batchLengths[k]!, input);
      if (why) return { ok: false, reason: `batch ${k - bStart} of window ${w} ${why}` };
    }
    for (let i = rStart; i < rEnd; i++) {
      const s = p.serve[i]!;
      if (s < bStart || s >= bEnd) return { ok: false, reason: `request ${i - rStart} of window ${w} names a batch that does not exist` };
      const o = input.offsets[i]!;
      const bo = p.batchOffsets[s]!;
      if (o < bo || o + input.lengths[i]! > bo + p.batchLengths[s]!) {
        return { ok: false, reason: `request ${i - rStart} of window ${w} (${o}+${input.lengths[i]}) is not covered by its batch ${s - bStart} (${bo}+${p.batchLengths[s]})` };
      }
    }
    bStart = bEnd;
    rStart = rEnd;
  }
  if (bStart !== b) return { ok: false, reason: 'batches left over after the last window' };
  return { ok: true, plan: p };
}

/** the same rules, in the same words, as driver.js */
export function batchProblem(off: number, len: number, input: IoInput): string {
  if (!Number.isInteger(off) || off < 0) return `has a bad offset (${off})`;
  if (!Number.isInteger(len) || len < 1) return `has a bad length (${len})`;
  if (len > input.maxReadBytes) return `is larger than maxReadBytes (${len} > ${input.maxReadBytes})`;
  if (off + len > input.fileSize) return `ends past the end of the file (${off + len} > ${input.fileSize})`;
  return '';
}
