// checks the fs session against the host model: every read, then fsck invariants
// (sizes, block layout, decoded lengths, unique blocks, no leaks, renames, content).
import type { FsOp, FsTruth } from './fs-model.ts';
import type { FsReport } from './output-shape.ts';

function describe(o: FsOp): string {
  return o.op === 'read' ? `${o.path} at ${o.off}+${o.len}` : o.path;
}

/** the first problem of the fs session, or '' */
export function fsProblem(fs: FsReport, truth: FsTruth, ops: readonly FsOp[], blockSize: number): string {
  const reads = ops.filter((o) => o.op === 'read');
  if (fs.reads.len.length !== truth.reads.length) return `fs returned ${fs.reads.len.length} reads, expected ${truth.reads.length}`;
  for (let i = 0; i < truth.reads.length; i++) {
    const t = truth.reads[i]!;
    const got = fs.reads.len[i]!;
    const what = `fs read ${i} (${describe(reads[i]!)})`;
    if (t.len === -1 && got !== -1) return `${what} found a file that must not exist (renamed file readable under its old name)`;
    if (t.len !== -1 && got === -1) return `${what} found no file`;
    if (got !== t.len) return `${what} returned ${got} bytes, expected ${t.len}`;
    if (fs.reads.h1[i] !== t.h1 || fs.reads.h2[i] !== t.h2) return `${what} differs from what was written`;
  }
  const paths = fs.files.map((f) => f.path);
  for (const gone of truth.gone) if (paths.includes(gone)) return `fsck: renamed file still exists under its old name ${gone}`;
  const want = truth.files.map((f) => f.path);
  if (paths.join('\n') !== want.join('\n')) return `fsck: files are [${paths.join(', ')}], expected [${want.join(', ')}]`;
  const seen = new Set<number>();
  for (let i = 0; i < truth.files.length; i++) {
    const t = truth.files[i]!;
    const f = fs.files[i]!;
    if (f.size !== t.size) return `fsck: ${f.path} has size ${f.size}, expected ${t.size}`;
    const n = Math.ceil(f.size / blockSize);
    if (f.ids.length !== n) return `fsck: ${f.path} has ${f.ids.length} blocks, expected ${n}`;
    let sum = 0;
    for (let b = 0; b < n; b++) {
      const want = b < n - 1 ? blockSize : f.size - (n - 1) * blockSize;
      const id = f.ids[b]!;
      if (f.plain[b] !== want) return `fsck: ${f.path} block ${b} holds ${f.plain[b]} plain bytes, expected ${want}`;
      if (f.decoded[b] !== f.plain[b]) return `fsck: ${f.path} block ${b} decompresses to ${f.decoded[b]} bytes, expected ${f.plain[b]}`;
      if (f.stored[b]! <= 0) return `fsck: ${f.path} block ${b} has no stored bytes`;
      if (seen.has(id)) return `fsck: block ${id} is referenced twice (again by ${f.path})`;
      seen.add(id);
      sum += f.plain[b]!;
    }
    if (sum !== f.size) return `fsck: ${f.path} size ${f.size} is not the sum of its blocks (${sum})`;
    if (f.h1 !== t.h1 || f.h2 !== t.h2) return `fsck: ${f.path} content differs from what was written`;
  }
  if (fs.liveBlocks !== seen.size) return `fsck: ${fs.liveBlocks} blocks stored but ${seen.size} referenced (leak)`;
  return '';
}
