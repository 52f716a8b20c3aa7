// performs a checked plan and the naive plan (one read per request) on the real file,
// window by window, timing every read, then checks every served byte against the direct read.
import { readSync } from 'node:fs';
import type { Plan } from './plan-check.ts';
import type { IoInput } from './scenarios.ts';

export interface SideTiming {
  /** sum over windows of the time to serve the whole window (best of the passes) */
  totalMs: number;
  /** per request: from its window's start until its bytes were in place */
  latencyMs: Float64Array;
}

export interface Replayed {
  plan: SideTiming;
  naive: SideTiming;
  /** first byte that differs from a direct read, or a short read; '' when all bytes agree */
  mismatch: string;
}

const now = (): bigint => process.hrtime.bigint();
const ms = (a: bigint, b: bigint): number => Number(b - a) / 1e6;

/** the plan's request order per batch, and where each request lands in the window's buffer */
interface Layout {
  dst: Int32Array;
  order: Int32Array;
  batchStart: Int32Array;
  maxWindowBytes: number;
}

function layout(input: IoInput, plan: Plan): Layout {
  const n = input.offsets.length;
  const dst = new Int32Array(n);
  const order = new Int32Array(n);
  const batchStart = new Int32Array(plan.batchOffsets.length + 1);
  for (let i = 0; i < n; i++) batchStart[plan.serve[i]! + 1]!++;
  for (let k = 0; k < plan.batchOffsets.length; k++) batchStart[k + 1]! += batchStart[k]!;
  const fill = batchStart.slice();
  let maxWindowBytes = 0;
  let rStart = 0;
  for (const rEnd of input.windowEnds) {
    let at = 0;
    for (let i = rStart; i < rEnd; i++) {
      dst[i] = at;
      at += input.lengths[i]!;
      order[fill[plan.serve[i]!]!++] = i;
    }
    maxWindowBytes = Math.max(maxWindowBytes, at);
    rStart = rEnd;
  }
  return { dst, order, batchStart, maxWindowBytes };
}

/** each side runs twice per window (abba order) and keeps its faster pass: one preemption on a
 * busy machine then costs a pass, not the scenario's figures */
const PASSES = 2;

export function replay(fd: number, input: IoInput, plan: Plan, naiveFirst = true): Replayed {
  const n = input.offsets.length;
  const l = layout(input, plan);
  const naiveBuf = Buffer.allocUnsafe(l.maxWindowBytes);
  const planBuf = Buffer.allocUnsafe(l.maxWindowBytes);
  const batchBuf = Buffer.allocUnsafe(input.maxReadBytes);
  const scratch = new Float64Array(n);
  const out: Replayed = { plan: { totalMs: 0, latencyMs: new Float64Array(n) }, naive: { totalMs: 0, latencyMs: new Float64Array(n) }, mismatch: '' };
  let rStart = 0;
  let bStart = 0;
  for (let w = 0; w < input.windowEnds.length && !out.mismatch; w++) {
    const rEnd = input.windowEnds[w]!;
    const bEnd = plan.windowBatchEnds[w]!;
    // alternate which side leads, so cache and frequency drift hit both alike
    const lead = (w % 2 === 0) === naiveFirst ? [0, 1] : [1, 0];
    const best = [Infinity, Infinity];
    for (let pass = 0; pass < PASSES && !out.mismatch; pass++) {
      for (const side of pass % 2 === 0 ? lead : [lead[1]!, lead[0]!]) {
        const r = side === 0 ? runNaive(fd, input, rStart, rEnd, l.dst, naiveBuf, scratch) : runPlan(fd, input, plan, bStart, bEnd, l, batchBuf, planBuf, scratch);
        if (typeof r === 'string') {
          out.mismatch = r;
          break;
        }
        if (r < best[side]!) {
          best[side] = r;
          (side === 0 ? out.naive : out.plan).latencyMs.set(scratch.subarray(rStart, rEnd), rStart);
        }
      }
    }
    out.naive.totalMs += best[0]!;
    out.plan.totalMs += best[1]!;
    out.mismatch ||= compareServed(input, rStart, rEnd, w, l.dst, naiveBuf, planBuf);
    rStart = rEnd;
    bStart = bEnd;
  }
  return out;
}

/** returns the window's time in ms, or what went wrong */
function runNaive(fd: number, input: IoInput, rStart: number, rEnd: number, dst: Int32Array, buf: Buffer, lat: Float64Array): number | string {
  const t0 = now();
  for (let i = rStart; i < rEnd; i++) {
    const len = input.lengths[i]!;
    const got = readSync(fd, buf, dst[i]!, len, input.offsets[i]!);
    lat[i] = ms(t0, now());
    if (got !== len) return `short direct read at file offset ${input.offsets[i]} (${got} of ${len} bytes)`;
  }
  return ms(t0, now());
}

function runPlan(fd: number, input: IoInput, plan: Plan, bStart: number, bEnd: number, l: Layout, batchBuf: Buffer, buf: Buffer, lat: Float64Array): number | string {
  const t0 = now();
  for (let k = bStart; k < bEnd; k++) {
    const bOff = plan.batchOffsets[k]!;
    const bLen = plan.batchLengths[k]!;
    const first = l.order[l.batchStart[k]!]!;
    if (l.batchStart[k + 1]! - l.batchStart[k]! === 1 && input.offsets[first] === bOff && input.lengths[first] === bLen) {
      // a batch that is exactly one request reads straight into its place, as naive does
      const got = readSync(fd, buf, l.dst[first]!, bLen, bOff);
      if (got !== bLen) return `short batch read at file offset ${bOff} (${got} of ${bLen} bytes)`;
    } else {
      const got = readSync(fd, batchBuf, 0, bLen, bOff);
      if (got !== bLen) return `short batch read at file offset ${bOff} (${got} of ${bLen} bytes)`;
      // serving is part of the cost: each request's bytes are copied out of the batch
      for (let j = l.batchStart[k]!; j < l.batchStart[k + 1]!; j++) {
        const i = l.order[j]!;
        const from = input.offsets[i]! - bOff;
        batchBuf.copy(buf, l.dst[i]!, from, from + input.lengths[i]!);
      }
    }
    const done = ms(t0, now());
    for (let j = l.batchStart[k]!; j < l.batchStart[k + 1]!; j++) lat[l.order[j]!] = done;
  }
  return ms(t0, now());
}

/** every requested byte, exactly; the first difference names its file offset */
export function compareServed(input: IoInput, rStart: number, rEnd: number, w: number, dst: Int32Array, naive: Buffer, plan: Buffer): string {
  for (let i = rStart; i < rEnd; i++) {
    const a = dst[i]!;
    const len = input.lengths[i]!;
    if (naive.compare(plan, a, a + len, a, a + len) === 0) continue;
    let j = 0;
    while (j < len && naive[a + j] === plan[a + j]) j++;
    return `request ${i - rStart} of window ${w}: byte at file offset ${input.offsets[i]! + j} differs from a direct read`;
  }
  return '';
}
