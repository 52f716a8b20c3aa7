// fuse.compress scenarios: a seeded slice of one corpus file, cut into blocks, plus a
// scripted file-system session over it. the truth (fs model, plausibility floors) stays here.
import { deflateRawSync } from 'node:zlib';
import type { Scenario } from '../../core/contracts.ts';
import { rng } from '../shared/rng.ts';
import { corpusFile, KINDS, type FileKind } from './corpus.ts';
import { runModel, type FsOp, type FsTruth } from './fs-model.ts';
import { opsScript } from './ops-script.ts';

export { KINDS, type FileKind };

export const BLOCK_SIZE = 16 * 1024;
export const MIN_SLICE = 32 * 1024;
export const MAX_SLICE = 56 * 1024;
/**
 * no honest block codec gets below this fraction of deflate -9 on a block: a smaller
 * block can only mean its bytes lean on memory kept between calls (not decodable alone)
 */
export const PLAUSIBLE_FRACTION = 0.25;
/** bytes of slack under the floor, so a near-empty block (say all zeros) is never a false alarm */
export const PLAUSIBLE_SLACK = 16;

export interface FuseInput {
  /** the slice; the driver blocks it, and the fs script writes ranges of it */
  data: Uint8Array;
  blockSize: number;
  /** the order the driver decompresses the blocks in (not the order they were written) */
  order: Int32Array;
  ops: FsOp[];
}

export interface FuseTruth {
  /** the corpus file the slice came from */
  origin: string;
  offset: number;
  /** per block: the fewest compressed bytes that are still plausible */
  floors: Int32Array;
  fs: FsTruth;
}

export type FuseScenario = Scenario<FuseInput, FuseTruth>;

export function blockCount(bytes: number, blockSize = BLOCK_SIZE): number {
  return Math.ceil(bytes / blockSize);
}

/** held-out ids must not carry their seed: the generator is public */
export function sliceScenario(seed: number, kind: FileKind, heldOut: boolean, id = `fuse.compress:${kind}:${seed}`): FuseScenario {
  const r = rng(seed);
  const file = corpusFile(kind);
  const size = Math.min(file.bytes.length, r.int(MIN_SLICE, MAX_SLICE + 1));
  const offset = r.int(0, file.bytes.length - size + 1);
  // a copy: a view would drag the whole corpus file into the sandbox
  const data = file.bytes.slice(offset, offset + size);
  const n = blockCount(size);
  const order = new Int32Array(n);
  for (let i = 0; i < n; i++) order[i] = i;
  for (let i = n - 1; i > 0; i--) {
    const j = r.int(0, i + 1);
    [order[i], order[j]] = [order[j]!, order[i]!];
  }
  const floors = new Int32Array(n);
  for (let k = 0; k < n; k++) {
    const block = data.subarray(k * BLOCK_SIZE, Math.min(size, (k + 1) * BLOCK_SIZE));
    floors[k] = Math.max(0, Math.floor(deflateRawSync(block, { level: 9 }).length * PLAUSIBLE_FRACTION) - PLAUSIBLE_SLACK);
  }
  const ops = opsScript(r, `/vol/${kind}`, size, BLOCK_SIZE);
  return {
    id,
    seed,
    kind,
    heldOut,
    input: { data, blockSize: BLOCK_SIZE, order, ops },
    truth: { origin: file.origin, offset, floors, fs: runModel(data, ops) },
  };
}
