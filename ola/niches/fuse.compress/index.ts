// niche `fuse.compress`: the block codec of a compression file system, judged on exact
// read-back (blocks and a scripted fs session) and on the compression ratio.
import type { Niche, Score } from '../../core/contracts.ts';
import { nicheFiles } from '../shared/harness-hash.ts';
import { heldOutSeeds } from '../shared/rng.ts';
import { gates } from './gates.ts';
import { fuseJudge } from './judge.ts';
import { KINDS, sliceScenario, type FuseInput, type FuseScenario, type FuseTruth } from './scenarios.ts';
import { shadow } from './shadow.ts';

export { deflateReference, referenceRatios, type CodecReference } from './reference.ts';

/** one public scenario per file kind */
const PUBLIC_SEEDS = [1101, 2202, 3303, 4404, 5505, 6606];
const HELD_OUT = 4;

export const fuseCompressNiche: Niche<FuseInput, FuseTruth> = {
  id: 'fuse.compress',
  title: 'compression file system codec',
  description: 'compress and decompress 16 KiB file-system blocks of real files (text, source, json, logs, binaries, gzip) with exact read-back',
  ...nicheFiles(import.meta.url, ['driver.js', 'driver-fs.js']),
  requiredExports: ['compress', 'decompress'],
  event: 'capability_discovered',
  headline: { metric: 'ratio', better: 'higher', unit: 'x' },
  gates,
  shadow,
  // one driver source: the block pass and entry, then the fs session it calls
  judge: fuseJudge,
  // the baseline needs ~20 ms a run; tight limits keep hostile runs cheap
  limits: { memoryMb: 128, cpuMs: 2000, wallMs: 3000, maxOutputBytes: 1 << 16 },
  // at the vm stage the fs session goes through a kernel fuse mount
  device: 'fuse',

  // leaving the vm stage also needs green runs on scenarios from seeds drawn at random
  fuzzRuns: { vm: 4 },
  fuzz(seed) {
    return sliceScenario(seed, KINDS[seed % KINDS.length]!, true, `fuse.compress:fuzz:${seed}`);
  },

  scenarios(ctx): FuseScenario[] {
    const pub = PUBLIC_SEEDS.map((seed, i) => sliceScenario(seed, KINDS[i % KINDS.length]!, false));
    // held-out kinds are a window of the kind list that starts where the key says
    const seeds = heldOutSeeds(ctx.heldOutKey, HELD_OUT);
    const first = seeds[0]! % KINDS.length;
    const held = seeds.map((seed, i) => sliceScenario(seed, KINDS[(first + i) % KINDS.length]!, true, `fuse.compress:heldout:${i}`));
    return [...pub, ...held];
  },

  telemetry(score: Score, artifactId: string) {
    return {
      artifact_id: artifactId,
      ratio: score.metrics.ratio ?? null,
      compress_mb_s: score.metrics.compress_mb_s ?? null,
      decompress_mb_s: score.metrics.decompress_mb_s ?? null,
      method: score.labels.method ?? 'unnamed',
    };
  },
};

export default fuseCompressNiche;
