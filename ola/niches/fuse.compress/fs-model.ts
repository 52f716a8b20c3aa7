// the host's model of the driver's file system: plain byte arrays, posix-like
// semantics. it yields what every read and the final fsck must show (the truth).

export type FsOp =
  /** create or replace `path` with data[src, src+len) */
  | { op: 'write'; path: string; src: number; len: number }
  /** write data[src, src+len) at `off`; past the end leaves a zero-filled hole */
  | { op: 'pwrite'; path: string; off: number; src: number; len: number }
  | { op: 'append'; path: string; src: number; len: number }
  /** read up to len bytes at off (fewer at the end of the file, -1 if there is no such file) */
  | { op: 'read'; path: string; off: number; len: number }
  /** shrink, or grow with zeros */
  | { op: 'truncate'; path: string; size: number }
  /** move, replacing `to` if it exists */
  | { op: 'rename'; path: string; to: string };

/** two independent 32-bit hashes of bytes[start, end); the driver has a copy of this code */
export function hashBytes(bytes: Uint8Array, start = 0, end = bytes.length): [number, number] {
  let h1 = 0x811c9dc5;
  let h2 = 0x9747b28c ^ (end - start);
  for (let i = start; i < end; i++) {
    const b = bytes[i]!;
    h1 = Math.imul(h1 ^ b, 0x01000193);
    h2 = Math.imul(h2 ^ b, 0x5bd1e995);
    h2 ^= h2 >>> 15;
  }
  return [h1 >>> 0, h2 >>> 0];
}

export interface ReadTruth {
  /** bytes the read returns, -1 for a missing file */
  len: number;
  h1: number;
  h2: number;
}

export interface FileTruth {
  path: string;
  size: number;
  h1: number;
  h2: number;
}

export interface FsTruth {
  reads: ReadTruth[];
  /** the files after the script, sorted by path */
  files: FileTruth[];
  /** paths renamed away (and not recreated): must not exist */
  gone: string[];
}

function grow(a: Uint8Array, size: number): Uint8Array {
  if (size <= a.length) return a;
  const b = new Uint8Array(size);
  b.set(a);
  return b;
}

export function runModel(data: Uint8Array, ops: readonly FsOp[]): FsTruth {
  const files = new Map<string, Uint8Array>();
  const reads: ReadTruth[] = [];
  const gone = new Set<string>();
  const get = (p: string): Uint8Array => files.get(p) ?? new Uint8Array(0);
  for (const o of ops) {
    if (o.op === 'write') {
      files.set(o.path, data.slice(o.src, o.src + o.len));
      gone.delete(o.path);
    } else if (o.op === 'pwrite' || o.op === 'append') {
      const cur = get(o.path);
      const off = o.op === 'append' ? cur.length : o.off;
      const next = grow(cur.slice(), Math.max(cur.length, off + o.len));
      next.set(data.subarray(o.src, o.src + o.len), off);
      files.set(o.path, next);
      gone.delete(o.path);
    } else if (o.op === 'read') {
      const f = files.get(o.path);
      if (!f) {
        reads.push({ len: -1, h1: 0, h2: 0 });
        continue;
      }
      const start = Math.min(o.off, f.length);
      const end = Math.min(f.length, start + o.len);
      const [h1, h2] = hashBytes(f, start, end);
      reads.push({ len: end - start, h1, h2 });
    } else if (o.op === 'truncate') {
      const cur = get(o.path);
      files.set(o.path, o.size <= cur.length ? cur.slice(0, o.size) : grow(cur, o.size));
      gone.delete(o.path);
    } else if (o.op === 'rename') {
      const f = files.get(o.path);
      if (!f) continue;
      files.delete(o.path);
      files.set(o.to, f);
      gone.add(o.path);
      gone.delete(o.to);
    }
  }
  const out: FileTruth[] = [...files.entries()]
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([path, f]) => {
      const [h1, h2] = hashBytes(f);
      return { path, size: f.length, h1, h2 };
    });
  return { reads, files: out, gone: [...gone].sort() };
}
