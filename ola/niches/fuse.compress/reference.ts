// reference codecs on the host (node:zlib) over the same slices and blocks as the artifact,
// for the day-1 and evolve benchmarks to print beside it. speeds are host wall time of the
// codec alone.
import { brotliCompressSync, brotliDecompressSync, deflateRawSync, gunzipSync, gzipSync, inflateRawSync } from 'node:zlib';
import type { Scenario } from '../../core/contracts.ts';
import type { FuseInput, FuseTruth } from './scenarios.ts';

export interface CodecReference {
  codec: string;
  ratio: number;
  compress_mb_s: number;
  decompress_mb_s: number;
  /** ratio per file kind */
  ratio_by_kind: Record<string, number>;
}

interface Codec {
  name: string;
  compress(b: Uint8Array): Uint8Array;
  decompress(b: Uint8Array): Uint8Array;
}

const CODECS: Codec[] = [
  { name: 'gzip -6', compress: (b) => gzipSync(b, { level: 6 }), decompress: (b) => gunzipSync(b) },
  // brotli's default quality is 11 (the slowest, densest)
  { name: 'brotli (default quality)', compress: (b) => brotliCompressSync(b), decompress: (b) => brotliDecompressSync(b) },
];

// raw deflate (no gzip header or trailer): what a block file system would store
const DEFLATE: Codec = { name: 'deflate -6', compress: (b) => deflateRawSync(b, { level: 6 }), decompress: (b) => inflateRawSync(b) };

function measure(codec: Codec, scenarios: readonly Scenario<FuseInput, FuseTruth>[]): CodecReference {
  let plain = 0;
  let packed = 0;
  let cMs = 0;
  let dMs = 0;
  const byKind = new Map<string, { plain: number; packed: number }>();
  for (const s of scenarios) {
    const { data, blockSize } = s.input;
    const k = byKind.get(s.kind) ?? { plain: 0, packed: 0 };
    for (let off = 0; off < data.length; off += blockSize) {
      const block = data.subarray(off, Math.min(data.length, off + blockSize));
      const t0 = performance.now();
      const c = codec.compress(block);
      const t1 = performance.now();
      const d = codec.decompress(c);
      dMs += performance.now() - t1;
      cMs += t1 - t0;
      if (!Buffer.from(d.buffer, d.byteOffset, d.length).equals(block)) throw new Error(`${codec.name} failed its own round trip on ${s.id}`);
      plain += block.length;
      packed += c.length;
      k.plain += block.length;
      k.packed += c.length;
    }
    byKind.set(s.kind, k);
  }
  return {
    codec: codec.name,
    ratio: plain / packed,
    compress_mb_s: plain / Math.max(cMs, 1e-6) / 1000,
    decompress_mb_s: plain / Math.max(dMs, 1e-6) / 1000,
    ratio_by_kind: Object.fromEntries([...byKind].map(([kind, v]) => [kind, v.plain / v.packed])),
  };
}

/** gzip -6 and brotli over every block of the given scenarios */
export function referenceRatios(scenarios: readonly Scenario<FuseInput, FuseTruth>[]): { gzip: CodecReference; brotli: CodecReference } {
  return { gzip: measure(CODECS[0]!, scenarios), brotli: measure(CODECS[1]!, scenarios) };
}

/** raw deflate level 6 on every block alone, as the artifact is asked to compress them */
export function deflateReference(scenarios: readonly Scenario<FuseInput, FuseTruth>[]): CodecReference {
  return measure(DEFLATE, scenarios);
}
