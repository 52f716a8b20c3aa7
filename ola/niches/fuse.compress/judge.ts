// scores a fuse.compress run on the host: exact read-back of every block, the fs session
// against the model, a plausibility floor per block, then ratio and throughput.
// throughput is run-level: bytes through compress (or decompress) over the cpu time of
// the whole run, which also holds the other direction, the fs session and the driver.
import type { NicheJudge, ScenarioScore } from '../../core/contracts.ts';
import { fsProblem } from './fsck-check.ts';
import { shapeProblem, type FuseOutput } from './output-shape.ts';
import { blockCount, KINDS, type FuseInput, type FuseScenario, type FuseTruth } from './scenarios.ts';

const fail = (scenarioId: string, reason: string): ScenarioScore => ({ scenarioId, ok: false, reason, metrics: {} });

/** the first reason the run is wrong, or '' */
function problem(s: FuseScenario, o: FuseOutput): string {
  if (o.problem) return o.problem;
  const { data, blockSize } = s.input;
  const n = blockCount(data.length, blockSize);
  if (o.plainBytes !== data.length || o.blockSizes.length !== n) return `output covers ${o.plainBytes} bytes in ${o.blockSizes.length} blocks, expected ${data.length} in ${n}`;
  for (let k = 0; k < n; k++) {
    const len = Math.min(blockSize, data.length - k * blockSize);
    if (o.blockSizes[k]! <= 0) return `block ${k} compressed to ${o.blockSizes[k]} bytes`;
    if (o.decodedLen[k] !== len) return `read-back of block ${k} has length ${o.decodedLen[k]}, expected ${len}`;
    if (o.firstBad[k] !== -1) return `read-back differs at byte ${o.firstBad[k]} of block ${k}`;
  }
  for (let k = 0; k < n; k++) {
    const floor = s.truth.floors[k]!;
    if (o.blockSizes[k]! < floor) {
      return `block ${k} compressed to ${o.blockSizes[k]} bytes, below the plausible floor of ${floor}: blocks must decode on their own, without state kept between calls`;
    }
  }
  if (o.fs === null) return 'the fs session did not run';
  return fsProblem(o.fs, s.truth.fs, s.input.ops, blockSize);
}

const sum = (xs: ArrayLike<number>): number => {
  let t = 0;
  for (let i = 0; i < xs.length; i++) t += xs[i]!;
  return t;
};

/** MB (1e6 bytes) per cpu second; left out when there is no cpu time to divide by */
function mbPerS(bytes: number, cpuMs: number): number {
  return cpuMs > 0 ? bytes / cpuMs / 1000 : NaN;
}

export const fuseJudge: NicheJudge<FuseInput, FuseTruth> = {
  judge(scenario, output, cost): ScenarioScore {
    const id = scenario.id;
    try {
      const shape = shapeProblem(output);
      if (shape) return fail(id, `output is not the driver shape: ${shape}`);
      const o = output as FuseOutput;
      const why = problem(scenario, o);
      if (why) return fail(id, why);
      const comp = sum(o.blockSizes);
      const fsLogical = o.fs!.files.reduce((t, f) => t + f.size, 0);
      const fsStored = o.fs!.files.reduce((t, f) => t + sum(f.stored), 0);
      const cpu = Number.isFinite(cost.cpuMs) ? cost.cpuMs : 0;
      const metrics: Record<string, number> = {
        ratio: o.plainBytes / comp,
        orig_bytes: o.plainBytes,
        comp_bytes: comp,
        [`orig_bytes_${scenario.kind}`]: o.plainBytes,
        [`comp_bytes_${scenario.kind}`]: comp,
        fs_logical_bytes: fsLogical,
        fs_stored_bytes: fsStored,
        compress_bytes: o.compressBytes,
        decompress_bytes: o.decompressBytes,
        run_cpu_ms: cpu,
      };
      const c = mbPerS(o.compressBytes, cpu);
      const d = mbPerS(o.decompressBytes, cpu);
      if (Number.isFinite(c)) metrics.compress_mb_s = c;
      if (Number.isFinite(d)) metrics.decompress_mb_s = d;
      return { scenarioId: id, ok: true, metrics, labels: { method: o.method || 'unnamed' } };
    } catch (err) {
      return fail(id, `judge could not read the output: ${(err as Error).message}`);
    }
  },

  aggregate(scores) {
    const ok = scores.filter((s) => s.ok);
    const total = (k: string) => ok.reduce((t, s) => t + (s.metrics[k] ?? 0), 0);
    const out: Record<string, number> = {
      ratio: total('orig_bytes') / total('comp_bytes'),
      orig_bytes: total('orig_bytes'),
      comp_bytes: total('comp_bytes'),
      fs_ratio: total('fs_logical_bytes') / total('fs_stored_bytes'),
    };
    for (const kind of KINDS) {
      const comp = total(`comp_bytes_${kind}`);
      if (comp > 0) out[`ratio_${kind}`] = total(`orig_bytes_${kind}`) / comp;
    }
    const cpu = total('run_cpu_ms');
    if (cpu > 0) {
      out.compress_mb_s = mbPerS(total('compress_bytes'), cpu);
      out.decompress_mb_s = mbPerS(total('decompress_bytes'), cpu);
      out.roundtrip_mb_s = mbPerS(total('orig_bytes'), cpu);
    }
    return out;
  },

  // 0 at ratio 1 (or an expansion), 0.5 at 2x, 0.75 at 4x: monotone in the ratio
  utility: (m) => (Number.isFinite(m.ratio) && m.ratio! > 1 ? 1 - 1 / m.ratio! : 0),
};
