// io.coalesce baseline: sort the window by offset and merge each request into the open batch
// when the hole before it is under 4 KiB (and at most half the request, so no request
// costs more than 1.5 times its bytes) and the batch stays within maxReadBytes.
// no adaptive gap, no latency-aware batch order, no memory of earlier windows.
const GAP = 4096;

export const method = 'sort-merge-4k';

export function plan(offsets, lengths, opts) {
  const n = offsets.length;
  const order = [];
  for (let i = 0; i < n; i++) order.push(i);
  order.sort((a, b) => offsets[a] - offsets[b] || lengths[b] - lengths[a]);
  const outOffsets = [];
  const outLengths = [];
  const serve = new Int32Array(n);
  let start = -1;
  let end = -1;
  for (const i of order) {
    const s = offsets[i];
    const e = s + lengths[i];
    // a request that overlaps the open batch has a negative hole and always joins
    const hole = s - end;
    if (start >= 0 && hole < GAP && 2 * hole <= lengths[i] && Math.max(end, e) - start <= opts.maxReadBytes) {
      if (e > end) end = e;
    } else {
      if (start >= 0) {
        outOffsets.push(start);
        outLengths.push(end - start);
      }
      start = s;
      end = e;
    }
    serve[i] = outOffsets.length;
  }
  if (start >= 0) {
    outOffsets.push(start);
    outLengths.push(end - start);
  }
  return { offsets: outOffsets, lengths: outLengths, serve };
}
