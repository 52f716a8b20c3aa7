// the lab's reads of its archive packs: a list of (offset, length) requests against one file is
// planned by the active io.coalesce artifact in the sandbox (windows of the queue depth, as its
// niche does) and served from the plan's batch reads; the built-in fallback reads once per
// request. the host checks the plan (io.coalesce's plan-check) before it reads anything. every
// request is traced, so io.coalesce's shadow mirrors these reads. the use's metric is the
// niche's: reads saved, 1 - backing reads / requests.
import { closeSync, fstatSync, openSync, readSync } from 'node:fs';
import { checkPlan, type Plan } from '../../niches/io.coalesce/plan-check.ts';
import { MAX_READ, readsScenario } from '../shadow/live/io-coalesce.ts';
import type { ActiveUse } from './use.ts';

export interface ReadRequest {
  offset: number;
  length: number;
}

export interface ReadReport {
  requests: number;
  /** backing reads made */
  reads: number;
  source: 'active' | 'fallback';
  artifactId: string | null;
}

/** requests a use: one plan covers this many */
const PER_USE = 1024;

function readAt(fd: number, offset: number, length: number): Buffer {
  const buf = Buffer.allocUnsafe(length);
  let got = 0;
  while (got < length) {
    const n = readSync(fd, buf, got, length - got, offset + got);
    if (n === 0) throw new Error(`short read at ${offset + got}: the file ends before ${offset + length}`);
    got += n;
  }
  return buf;
}

export class ReadCoalescer {
  private last?: ReadReport;

  constructor(
    private readonly use: ActiveUse,
    private readonly trace: (file: string, size: number, offset: number, length: number) => void = () => undefined,
  ) {}

  lastReport(): ReadReport | undefined {
    return this.last;
  }

  /** the bytes of every request, in order; requests must lie within the file and be 1..MAX_READ bytes */
  async read(file: string, requests: ReadRequest[], signal: AbortSignal): Promise<Buffer[]> {
    const fd = openSync(file, 'r');
    try {
      const size = fstatSync(fd).size;
      for (const r of requests) {
        if (!Number.isInteger(r.offset) || !Number.isInteger(r.length) || r.offset < 0 || r.length < 1 || r.length > MAX_READ || r.offset + r.length > size) {
          throw new Error(`a read of ${r.length} bytes at ${r.offset} does not fit in ${file} (${size} bytes)`);
        }
        this.trace(file, size, r.offset, r.length);
      }
      const out: Buffer[] = [];
      let reads = 0;
      let source: ReadReport['source'] = 'active';
      let artifactId: string | null = null;
      for (let i = 0; i < requests.length; i += PER_USE) {
        const part = requests.slice(i, i + PER_USE);
        const served = await this.planned(fd, file, size, part, signal);
        if (served) {
          artifactId = served.artifactId;
          reads += served.reads;
          out.push(...served.buffers);
          continue;
        }
        const t0 = performance.now();
        source = 'fallback';
        for (const r of part) out.push(readAt(fd, r.offset, r.length));
        reads += part.length;
        this.use.fallback('io.coalesce', (performance.now() - t0) / 1000, 0);
      }
      this.last = { requests: requests.length, reads, source, artifactId: source === 'active' ? artifactId : null };
      return out;
    } finally {
      closeSync(fd);
    }
  }

  /** one use of the active planner over these requests; undefined when nothing is active or the plan failed */
  private async planned(fd: number, file: string, size: number, part: ReadRequest[], signal: AbortSignal): Promise<{ artifactId: string; reads: number; buffers: Buffer[] } | undefined> {
    const scenario = readsScenario('io.coalesce:archive', file, size, part.map((r) => r.offset), part.map((r) => r.length));
    const run = await this.use.run<Plan>(
      'io.coalesce',
      scenario,
      (out) => {
        const checked = checkPlan(scenario.input, out);
        if (!checked.ok) return { ok: false, reason: `the plan does not hold: ${checked.reason}` };
        return { ok: true, value: checked.plan, metric: 1 - checked.plan.batchOffsets.length / part.length };
      },
      signal,
    );
    if (!run) return undefined;
    const plan = run.value;
    const batches: Buffer[] = [];
    for (let k = 0; k < plan.batchOffsets.length; k++) batches.push(readAt(fd, plan.batchOffsets[k]!, plan.batchLengths[k]!));
    const buffers = part.map((r, i) => {
      const s = plan.serve[i]!;
      const from = r.offset - plan.batchOffsets[s]!;
      // a copy: one request's bytes never pin its whole batch
      return Buffer.from(batches[s]!.subarray(from, from + r.length));
    });
    return { artifactId: run.artifactId, reads: batches.length, buffers };
  }
}
