// the shape the driver returns, and a defensive check of it (the output crossed a sandbox).

export interface FsckFile {
  path: string;
  size: number;
  ids: Int32Array;
  /** plain lengths the fs recorded per block */
  plain: Int32Array;
  /** compressed bytes stored per block */
  stored: Int32Array;
  /** lengths the stored blocks decompressed to during fsck */
  decoded: Int32Array;
  h1: number;
  h2: number;
}

export interface FsReport {
  reads: { len: Int32Array; h1: Uint32Array; h2: Uint32Array };
  files: FsckFile[];
  liveBlocks: number;
}

export interface FuseOutput {
  method: string;
  problem: string;
  plainBytes: number;
  blockSizes: Int32Array;
  decodedLen: Int32Array;
  firstBad: Int32Array;
  compressBytes: number;
  decompressBytes: number;
  calls: number;
  fs: FsReport | null;
}

const isObj = (x: unknown): x is Record<string, unknown> => typeof x === 'object' && x !== null && !Array.isArray(x);
const isInt = (x: unknown): x is number => typeof x === 'number' && Number.isInteger(x);

function fsckFileProblem(f: unknown, i: number): string {
  if (!isObj(f)) return `fsck entry ${i} is not an object`;
  if (typeof f.path !== 'string' || !isInt(f.size) || !isInt(f.h1) || !isInt(f.h2)) return `fsck entry ${i} lacks path, size or hashes`;
  const arrays = [f.ids, f.plain, f.stored, f.decoded];
  if (!arrays.every((a) => a instanceof Int32Array)) return `fsck entry ${i} block lists are not Int32Array`;
  const n = (f.ids as Int32Array).length;
  if (!arrays.every((a) => (a as Int32Array).length === n)) return `fsck entry ${i} block lists differ in length`;
  return '';
}

function fsProblem(fs: unknown): string {
  if (fs === null) return '';
  if (!isObj(fs) || !isObj(fs.reads) || !Array.isArray(fs.files) || !isInt(fs.liveBlocks)) return 'fs report has the wrong shape';
  const r = fs.reads;
  if (!(r.len instanceof Int32Array) || !(r.h1 instanceof Uint32Array) || !(r.h2 instanceof Uint32Array)) return 'fs reads have the wrong types';
  if (r.h1.length !== r.len.length || r.h2.length !== r.len.length) return 'fs read lists differ in length';
  for (let i = 0; i < fs.files.length; i++) {
    const p = fsckFileProblem(fs.files[i], i);
    if (p) return p;
  }
  return '';
}

/** '' when the output has the driver's shape, else what is wrong */
export function shapeProblem(o: unknown): string {
  if (!isObj(o)) return 'output is not an object';
  if (typeof o.method !== 'string' || typeof o.problem !== 'string') return 'output lacks method or problem';
  if (!isInt(o.plainBytes) || !isInt(o.compressBytes) || !isInt(o.decompressBytes) || !isInt(o.calls)) return 'output byte counts are not integers';
  const lists = [o.blockSizes, o.decodedLen, o.firstBad];
  if (!lists.every((a) => a instanceof Int32Array)) return 'output block lists are not Int32Array';
  const n = (o.blockSizes as Int32Array).length;
  if (!lists.every((a) => (a as Int32Array).length === n)) return 'output block lists differ in length';
  if (!('fs' in o)) return 'output lacks fs';
  return fsProblem(o.fs);
}
