// one pass over every sense. counters become rates here, so the previous sample lives here too.
import { readClocks } from './clocks.ts';
import { readEntropy } from './entropy.ts';
import type { FeedName } from './feed-names.ts';
import { readGpu } from './gpu.ts';
import type { InputMirror } from './input-mirror.ts';
import { diskEntries, readDiskCounters, type DiskCounters } from './proc-diskstats.ts';
import { readMemory } from './proc-meminfo.ts';
import { netEntries, readNetCounters, type NetCounters } from './proc-net-dev.ts';
import { cpuFeed, readCpuSample, type CpuSample } from './proc-stat.ts';
import { errorReason, unavailable } from './sense.ts';

interface Previous {
  cpu?: CpuSample;
  disk?: { at: number; counters: DiskCounters[] };
  net?: { at: number; counters: NetCounters[] };
}

export class SenseSampler {
  private prev: Previous = {};
  private gpuLast: unknown;
  private gpuPending: Promise<unknown> | undefined;

  constructor(private readonly input?: Pick<InputMirror, 'status'>) {}

  private async cpu(): Promise<unknown> {
    const cur = await readCpuSample();
    if ('available' in cur) return cur;
    const feed = cpuFeed(cur, this.prev.cpu);
    this.prev.cpu = cur;
    return { available: true, ...feed };
  }

  private async blockio(): Promise<unknown> {
    const at = readClocks().monoMs;
    const cur = await readDiskCounters();
    if ('available' in cur) return cur;
    const p = this.prev.disk;
    const intervalMs = p ? at - p.at : null;
    this.prev.disk = { at, counters: cur };
    return { available: true, intervalMs, devices: diskEntries(cur, p?.counters, intervalMs ?? 0) };
  }

  private async netio(): Promise<unknown> {
    const at = readClocks().monoMs;
    const cur = await readNetCounters();
    if ('available' in cur) return cur;
    const p = this.prev.net;
    const intervalMs = p ? at - p.at : null;
    this.prev.net = { at, counters: cur };
    return { available: true, intervalMs, interfaces: netEntries(cur, p?.counters, intervalMs ?? 0) };
  }

  // nvidia-smi can take up to its 2 s timeout; only the first sample waits for it,
  // later ones report the last answer while a fresh one is fetched in the background
  private async gpu(): Promise<unknown> {
    this.gpuPending ??= readGpu()
      .catch((err: unknown) => unavailable(errorReason(err)))
      .then((r) => (this.gpuLast = r))
      .finally(() => (this.gpuPending = undefined));
    return this.gpuLast ?? (await this.gpuPending);
  }

  /** every sense, each guarded on its own so one failure never hides the others */
  async sample(): Promise<Record<FeedName, unknown>> {
    const guard = async (f: () => unknown): Promise<unknown> => {
      try {
        return await f();
      } catch (err) {
        return unavailable(errorReason(err));
      }
    };
    const [cpu, memory, blockio, netio, entropy, gpu] = await Promise.all([
      guard(() => this.cpu()),
      guard(() => readMemory()),
      guard(() => this.blockio()),
      guard(() => this.netio()),
      guard(() => readEntropy()),
      guard(() => this.gpu()),
    ]);
    const clocks = await guard(() => ({ available: true, ...readClocks() }));
    const input = await guard(() => this.input?.status() ?? unavailable('input mirror not configured'));
    return { cpu, memory, blockio, netio, clocks, entropy, gpu, input };
  }
}
