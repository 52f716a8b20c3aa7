// niche `io.coalesce`: coalesce user-space read requests into fewer, larger reads.
// requests against one file arrive in order, in windows (what is pending at once, up to
// opts.queueDepth). for each window plan() is called with copies of that window's requests
// only (never the data, never later windows); the module lives for the whole scenario, so it
// may keep state across windows. patterns: sequential streams, strided records, random small
// reads, database pages (hot set + scans), overlapping/duplicate reads, mixed sizes 64 B-256 KiB.
//
// the host performs your batches for real on the file, in the order you return them, copies
// each request's bytes out of its batch, and checks every byte against a direct read.
// rules (a violation fails the scenario, with the reason):
//   - every batch: integer offset >= 0, integer length 1..maxReadBytes, offset + length <= fileSize
//   - at least one batch and never more batches than requests in the window
//   - serve[i] is the index (0-based, into this window's batches) of the batch holding all of
//     request i: batch.offset <= offsets[i] and offsets[i] + lengths[i] <= batch.offset + batch.length
//   - do not modify the arrays you are handed
// judged (deterministic, gated): reads_saved = 1 - batches / requests (the headline, higher is
// better), read_amplification = bytes read / bytes requested (bounded by the gate; duplicate
// requests read once can take it below 1). utility = reads_saved * min(1, 1 / amplification).
// measured and reported, not gated: throughput vs the naive one-read-per-request plan, and the
// variance of per-request latency (a request completes when its batch does, from window start),
// so batch order matters for latency.

export interface PlanOptions {
  /** bytes in the file; no batch may end past it */
  fileSize: number;
  /** the largest single read allowed */
  maxReadBytes: number;
  /** the most requests a window can hold */
  queueDepth: number;
}

export interface Batches {
  /** byte offset of each batch (Float64Array or number[]) */
  offsets: Float64Array | number[];
  /** byte length of each batch (Int32Array or number[]) */
  lengths: Int32Array | number[];
  /** for each request of the window, the index of the batch that serves it (Int32Array or number[]) */
  serve: Int32Array | number[];
}

/** plans the reads for one window: offsets[i], lengths[i] is request i (1..maxReadBytes bytes) */
export function plan(offsets: Float64Array, lengths: Int32Array, opts: PlanOptions): Batches;

/** optional: a short name for the method */
export const method: string;
