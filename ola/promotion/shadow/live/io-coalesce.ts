// io.coalesce in shadow: the lab's own reads of its artifact pack, (offset, length) requests
// against one real file, as scenarios of the niche's shape in windows of the queue depth.
// each side's plan is checked by the niche and performed for real against the file, window by
// window, as its judge does; one event a window: reads_saved, and a byte served wrong is wrong.
import { closeSync, openSync, statSync } from 'node:fs';
import { checkPlan, type Plan } from '../../../niches/io.coalesce/plan-check.ts';
import { replay } from '../../../niches/io.coalesce/replay.ts';
import type { IoInput, IoScenario } from '../../../niches/io.coalesce/scenarios.ts';
import type { LabTraces, LiveFeed, SideEvents } from '../live.ts';

/** requests a window (the queue), a scenario and a read at most */
const QUEUE_DEPTH = 16;
const PER_SCENARIO = 1024;
export const MAX_READ = 1 << 20;

type Reads = NonNullable<ReturnType<LabTraces['artifactReads']>>;

function why(reads: ReturnType<LabTraces['artifactReads']>): string | undefined {
  if (!reads || reads.offsets.length === 0) return "the lab has made no artifact reads to mirror yet (its trace of artifact reads is empty)";
  return undefined;
}

/** the requests a real file can serve now: within its size, 1..MAX_READ bytes */
function servable(r: Reads): { offsets: number[]; lengths: number[]; size: number; dropped: number } | string {
  let size: number;
  try {
    size = Math.min(r.size, statSync(r.file).size);
  } catch (err) {
    return `the artifact pack ${r.file} cannot be read: ${(err as Error).message}`;
  }
  const offsets: number[] = [];
  const lengths: number[] = [];
  for (let i = 0; i < r.offsets.length; i++) {
    const o = r.offsets[i]!, l = r.lengths[i]!;
    if (Number.isInteger(o) && Number.isInteger(l) && o >= 0 && l >= 1 && l <= MAX_READ && o + l <= size) (offsets.push(o), lengths.push(l));
  }
  return { offsets, lengths, size, dropped: r.offsets.length - offsets.length };
}

export function readsScenario(id: string, file: string, size: number, offsets: number[], lengths: number[]): IoScenario {
  const ends: number[] = [];
  for (let at = QUEUE_DEPTH; at < offsets.length + QUEUE_DEPTH; at += QUEUE_DEPTH) ends.push(Math.min(at, offsets.length));
  const input: IoInput = { offsets: Float64Array.from(offsets), lengths: Int32Array.from(lengths), windowEnds: Int32Array.from(ends), fileSize: size, maxReadBytes: MAX_READ, queueDepth: QUEUE_DEPTH };
  // the file is the lab's own: no seeded content to remake it from
  return { id, seed: 0, kind: 'live', heldOut: false, input, truth: { path: file, fileSize: size, contentSeed: 0 } };
}

/** window w of a scenario and its plan, alone: the judge's replay then speaks of that window only */
function windowOf(input: IoInput, plan: Plan, w: number): { input: IoInput; plan: Plan } {
  const r0 = w === 0 ? 0 : input.windowEnds[w - 1]!, r1 = input.windowEnds[w]!;
  const b0 = w === 0 ? 0 : plan.windowBatchEnds[w - 1]!, b1 = plan.windowBatchEnds[w]!;
  return {
    input: { ...input, offsets: input.offsets.slice(r0, r1), lengths: input.lengths.slice(r0, r1), windowEnds: Int32Array.of(r1 - r0) },
    plan: { ...plan, batchOffsets: plan.batchOffsets.slice(b0, b1), batchLengths: plan.batchLengths.slice(b0, b1), serve: plan.serve.slice(r0, r1).map((s) => s - b0), windowBatchEnds: Int32Array.of(b1 - b0) },
  };
}

export const ioCoalesceLive: LiveFeed = {
  niche: 'io.coalesce',
  async source(ctx) {
    const reads = ctx.traces.artifactReads();
    const none = why(reads);
    if (none) return { available: false, reason: none };
    const s = servable(reads!);
    if (typeof s === 'string') return { available: false, reason: s };
    if (s.offsets.length === 0) return { available: false, reason: `none of the lab's ${reads!.offsets.length} artifact reads fits in ${reads!.file} as it is now` };
    return { available: true, what: `the lab's artifact reads (${s.offsets.length} requests against ${reads!.file}, ${s.size} bytes), in windows of ${QUEUE_DEPTH}` };
  },
  async capture(ctx) {
    const all = ctx.traces.artifactReads();
    // only reads no earlier round consumed: an idle lab feeds nothing twice
    const fresh = all ? Math.max(0, ctx.cursor - all.start) : 0;
    const reads = all && { ...all, offsets: all.offsets.slice(fresh), lengths: all.lengths.slice(fresh) };
    const cursor = all ? all.start + all.offsets.length : ctx.cursor;
    const s = reads && reads.offsets.length > 0 ? servable(reads) : reads && 'no new artifact reads since the last round';
    if (!reads || !s || typeof s === 'string') return { scenarios: [], cursor, source: why(all) ?? (s as string) };
    const scenarios: IoScenario[] = [];
    for (let i = 0; i < s.offsets.length; i += PER_SCENARIO) {
      scenarios.push(readsScenario(`io.coalesce:live:${ctx.round}:${i / PER_SCENARIO}`, reads.file, s.size, s.offsets.slice(i, i + PER_SCENARIO), s.lengths.slice(i, i + PER_SCENARIO)));
    }
    const dropped = s.dropped > 0 ? ` (${s.dropped} past the file's end or over ${MAX_READ} bytes left out)` : '';
    return { scenarios, cursor, source: `${s.offsets.length} new artifact reads against ${reads.file}${dropped}` };
  },
  events(scenario, output): SideEvents {
    const s = scenario as IoScenario;
    const checked = checkPlan(s.input, output);
    if (!checked.ok) return { ok: false, reason: checked.reason };
    let fd: number;
    try {
      fd = openSync(s.truth.path, 'r');
    } catch (err) {
      return { ok: false, reason: `artifact pack: ${(err as Error).message}` };
    }
    try {
      const values: number[] = [];
      const seen: boolean[] = [];
      let wrong = 0;
      for (let w = 0; w < s.input.windowEnds.length; w++) {
        const one = windowOf(s.input, checked.plan, w);
        const served = replay(fd, one.input, one.plan).mismatch === '';
        if (!served) wrong++;
        seen.push(served);
        values.push(served ? 1 - one.plan.batchOffsets.length / one.input.offsets.length : NaN);
      }
      return { ok: true, values, seen, wrong };
    } finally {
      closeSync(fd);
    }
  },
  // what a reader sees: every requested byte as a direct read gives it, on both sides
  same: (a, b) => a === true && b === true,
};
