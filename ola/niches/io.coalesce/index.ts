// niche `io.coalesce`: turn windows of user-space read requests into fewer, larger reads
// of a real file, byte-exact.
import type { Niche, Score } from '../../core/contracts.ts';
import { nicheFiles } from '../shared/harness-hash.ts';
import { heldOutSeeds } from '../shared/rng.ts';
import { gates } from './gates.ts';
import { ioJudge } from './judge.ts';
import { heldOutKind, ioScenario, KINDS, type IoInput, type IoScenario, type IoTruth } from './scenarios.ts';
import { shadow } from './shadow.ts';

export { benchmarkCoalesce, type CoalesceBench, type SideRuns } from './bench.ts';
export { ensureBackingFile } from './backing-file.ts';
export { ioScenario, KINDS, type IoInput, type IoScenario, type IoTruth } from './scenarios.ts';

/** one public scenario per kind */
const PUBLIC_SEEDS = [1101, 2202, 3303, 4404, 5505, 6606];
const HELD_OUT = 4;

export const ioCoalesceNiche: Niche<IoInput, IoTruth> = {
  id: 'io.coalesce',
  title: 'read coalescing',
  description: 'coalesce windows of user-space read requests into fewer, larger reads of a real file, every byte verified',
  ...nicheFiles(import.meta.url),
  requiredExports: ['plan'],
  event: 'capability_discovered',
  headline: { metric: 'reads_saved', better: 'higher', unit: 'fraction' },
  gates,
  shadow,
  judge: ioJudge,
  // output: per request one Int32 serve entry and at most one batch (Float64 + Int32), counted at 2x
  limits: { memoryMb: 64, cpuMs: 1000, wallMs: 3000, maxOutputBytes: 128 * 1024 },

  // leaving the vm stage also needs green runs on scenarios from seeds drawn at random
  fuzzRuns: { vm: 6 },
  fuzz(seed, ctx) {
    return ioScenario(seed, KINDS[seed % KINDS.length]!, true, ctx.storageDir, `io.coalesce:fuzz:${seed}`);
  },

  scenarios(ctx): IoScenario[] {
    const pub = PUBLIC_SEEDS.map((seed, i) => ioScenario(seed, KINDS[i % KINDS.length]!, false, ctx.storageDir));
    const seeds = heldOutSeeds(ctx.heldOutKey, HELD_OUT);
    const held = seeds.map((seed, i) => ioScenario(seed, heldOutKind(seeds[0]!, i), true, ctx.storageDir, `io.coalesce:heldout:${i}`));
    return [...pub, ...held];
  },

  telemetry(score: Score, artifactId: string) {
    return {
      artifact_id: artifactId,
      backing_reads: score.metrics.backing_reads ?? null,
      read_amplification: score.metrics.read_amplification ?? null,
      throughput_mb_s: score.metrics.throughput_mb_s ?? null,
      latency_var_ms2: score.metrics.latency_var_ms2 ?? null,
    };
  },
};

export default ioCoalesceNiche;
