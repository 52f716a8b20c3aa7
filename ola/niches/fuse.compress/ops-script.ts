// the scripted file-system session a scenario replays: write, read at random places
// (often across block edges), append, overwrite in place, truncate both ways,
// rename, and read again, including the old name that must be gone.
import type { Rng } from '../shared/rng.ts';
import type { FsOp } from './fs-model.ts';

export const MAX_READ = 5000;

/** a read that often straddles a block edge, sometimes runs past the end */
function read(r: Rng, path: string, size: number, blockSize: number): FsOp {
  const len = r.int(1, MAX_READ);
  const blocks = Math.max(1, Math.ceil(size / blockSize));
  let off: number;
  const roll = r.next();
  if (roll < 0.45) off = Math.max(0, r.int(0, blocks) * blockSize - r.int(1, Math.min(len, 400) + 1));
  else if (roll < 0.9) off = r.int(0, Math.max(1, size));
  else off = Math.max(0, size - r.int(0, 200));
  return { op: 'read', path, off, len };
}

/** a source range of the slice */
function src(r: Rng, dataLen: number, len: number): number {
  return r.int(0, dataLen - len + 1);
}

export function opsScript(r: Rng, dir: string, dataLen: number, blockSize: number): FsOp[] {
  const ops: FsOp[] = [];
  const a = `${dir}/part-0`;
  const b = `${dir}/part-1`;
  const moved = `${dir}/archive/part-0`;
  const small = `${dir}/small`;
  const size = new Map<string, number>();
  const push = (o: FsOp): void => {
    ops.push(o);
    const cur = size.get(o.path) ?? 0;
    if (o.op === 'write') size.set(o.path, o.len);
    if (o.op === 'append') size.set(o.path, cur + o.len);
    if (o.op === 'pwrite') size.set(o.path, Math.max(cur, o.off + o.len));
    if (o.op === 'truncate') size.set(o.path, o.size);
    if (o.op === 'rename') {
      size.set(o.to, cur);
      size.delete(o.path);
    }
  };
  const reads = (path: string, n: number) => {
    for (let i = 0; i < n; i++) push(read(r, path, size.get(path) ?? 0, blockSize));
  };

  // two files cut from the slice: one over two blocks, one around a block
  // (the whole slice already went through the block pass; this is about the fs layer)
  const aLen = r.int(blockSize + 500, blockSize + 12000);
  const bLen = r.int(3000, blockSize + 4000);
  push({ op: 'write', path: a, src: src(r, dataLen, aLen), len: aLen });
  push({ op: 'write', path: b, src: src(r, dataLen, bLen), len: bLen });
  reads(a, 2);
  // append a run of the slice (its tail block is read, extended and rewritten)
  const appendLen = r.int(100, 6000);
  push({ op: 'append', path: a, src: src(r, dataLen, appendLen), len: appendLen });
  reads(a, 1);
  // overwrite in place, across a block edge when the file has one
  const bSize = size.get(b)!;
  const pLen = r.int(1, 5000);
  const pOff = bSize > blockSize ? Math.max(0, blockSize - r.int(1, pLen + 1)) : r.int(0, bSize);
  push({ op: 'pwrite', path: b, off: pOff, src: src(r, dataLen, pLen), len: pLen });
  push({ op: 'read', path: b, off: Math.max(0, pOff - 100), len: pLen + 200 });
  // shrink one file mid-block, grow the other with zeros
  push({ op: 'truncate', path: a, size: r.int(Math.floor(size.get(a)! * 0.3), Math.floor(size.get(a)! * 0.9)) });
  reads(a, 1);
  push({ op: 'truncate', path: b, size: size.get(b)! + r.int(1, 8000) });
  reads(b, 1);
  // rename: readable under the new name only
  push({ op: 'rename', path: a, to: moved });
  push({ op: 'read', path: a, off: 0, len: 100 });
  reads(moved, 1);
  // a small file grown by appends and a write past its end (a hole)
  const sLen = r.int(1, 3000);
  push({ op: 'write', path: small, src: src(r, dataLen, sLen), len: sLen });
  const s2 = r.int(1, 2000);
  push({ op: 'append', path: small, src: src(r, dataLen, s2), len: s2 });
  const gap = r.int(0, 3000);
  const s3 = r.int(1, 2000);
  push({ op: 'pwrite', path: small, off: size.get(small)! + gap, src: src(r, dataLen, s3), len: s3 });
  push({ op: 'read', path: small, off: 0, len: size.get(small)! });
  return ops;
}
