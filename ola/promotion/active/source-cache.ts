// the lab's in-memory cache of artifact sources, in front of the registry's getSource (sources
// are content-addressed, so a cached one is never stale). the built-in fallback is lru. when a
// ram.strategy capability is active, every window of accesses is handed to it in the sandbox
// (the window's keys, sizes and the cache's capacity, as the niche's driver replays them), and
// the cache then holds what the policy left resident at the window's end (loading what it
// kept and the cache lacks, dropping what it evicted). each window's real hit rate is the use's
// metric: the active artifact's, or lru's when nothing is active.
import { ramJudge } from '../../niches/ram.strategy/judge.ts';
import { replay } from '../../niches/ram.strategy/replay.ts';
import type { RamInput } from '../../niches/ram.strategy/scenarios.ts';
import { windowScenario } from '../shadow/live/ram-strategy.ts';
import type { ActiveUse } from './use.ts';

/** accesses a window: the policy is asked once a window */
export const SYNC_EVERY = 200;
/** units of 1 KiB (ram.strategy sizes are 1..64 units) */
export const CAPACITY_UNITS = 1024;

const unitsOf = (source: string) => Math.min(64, Math.max(1, Math.ceil(Buffer.byteLength(source) / 1024)));

export interface CacheStats {
  hits: number;
  misses: number;
  entries: number;
  usedUnits: number;
  capacityUnits: number;
  /** the last window's hit rate and who managed the cache in it */
  lastWindow?: { hitRate: number; source: 'active' | 'fallback'; artifactId: string | null };
}

export class SourceCache {
  /** map order is lru order: a hit moves its entry to the end */
  private readonly entries = new Map<string, { source: string; units: number }>();
  private used = 0;
  private window: { sha: string; units: number; hit: boolean }[] = [];
  private readonly ac = new AbortController();
  private hits = 0;
  private misses = 0;
  private last?: CacheStats['lastWindow'];

  constructor(
    private readonly load: (sha256: string) => Promise<string | undefined>,
    private readonly use: ActiveUse,
    private readonly onAccess: (sha256: string, bytes: number) => void = () => undefined,
    private readonly capacity = CAPACITY_UNITS,
  ) {}

  async get(sha256: string): Promise<string | undefined> {
    const hit = this.entries.get(sha256);
    if (hit) {
      this.entries.delete(sha256);
      this.entries.set(sha256, hit);
      this.hits++;
      this.record(sha256, hit.units, true, hit.source);
      return hit.source;
    }
    const source = await this.load(sha256);
    if (source === undefined) return undefined;
    this.misses++;
    const units = unitsOf(source);
    this.put(sha256, source, units);
    this.record(sha256, units, false, source);
    return source;
  }

  /** empties the cache and its counts (a benchmark starts each side cold) */
  clear(): void {
    this.entries.clear();
    this.used = 0;
    this.window = [];
    this.hits = 0;
    this.misses = 0;
    this.last = undefined;
  }

  stats(): CacheStats {
    return { hits: this.hits, misses: this.misses, entries: this.entries.size, usedUnits: this.used, capacityUnits: this.capacity, ...(this.last ? { lastWindow: this.last } : {}) };
  }

  /** inserts, evicting the least recently used while over capacity */
  private put(sha256: string, source: string, units: number): void {
    if (this.entries.has(sha256)) return;
    this.entries.set(sha256, { source, units });
    this.used += units;
    for (const [k, v] of this.entries) {
      if (this.used <= this.capacity) break;
      if (k === sha256) continue;
      this.entries.delete(k);
      this.used -= v.units;
    }
  }

  private drop(sha256: string): void {
    const e = this.entries.get(sha256);
    if (!e) return;
    this.entries.delete(sha256);
    this.used -= e.units;
  }

  private record(sha256: string, units: number, hit: boolean, source: string): void {
    this.onAccess(sha256, Buffer.byteLength(source));
    this.window.push({ sha: sha256, units, hit });
    if (this.window.length >= SYNC_EVERY) void this.sync(this.window.splice(0)).catch(() => undefined);
  }

  /** a window is over: its hit rate is measured, and an active policy decides what stays */
  private async sync(win: { sha: string; units: number; hit: boolean }[]): Promise<void> {
    const t0 = performance.now();
    const hitRate = win.filter((a) => a.hit).length / win.length;
    const shas: string[] = [];
    const ids = new Map<string, number>();
    const keys = win.map((a) => {
      let k = ids.get(a.sha);
      if (k === undefined) (k = ids.size), ids.set(a.sha, k), shas.push(a.sha);
      return k;
    });
    const scenario = windowScenario('ram.strategy:cache', keys, win.map((a) => a.units));
    (scenario.input as RamInput).capacity = Math.max(64, this.capacity);
    const input = scenario.input as RamInput;
    const active = await this.use.run<Uint8Array>(
      'ram.strategy',
      scenario,
      (out) => {
        // the niche's own judge checks the output's shape and its counts first
        const judged = ramJudge.judge(scenario, out, { cpuMs: NaN, wallMs: NaN });
        if (!judged.ok) return { ok: false, reason: judged.reason ?? 'the output could not be judged' };
        const r = replay(input, out as Parameters<typeof replay>[1]);
        if (!r.ok) return { ok: false, reason: `the policy's log does not replay: ${r.reason}` };
        // the metric is what the cache really did in this window
        return { ok: true, value: r.resident, metric: hitRate };
      },
      this.ac.signal,
    );
    if (!active) {
      this.use.fallback('ram.strategy', (performance.now() - t0) / 1000, hitRate);
      this.last = { hitRate, source: 'fallback', artifactId: null };
      return;
    }
    // the policy's end state: keep what it kept (loading what the cache lacks), drop what it evicted
    for (let k = 0; k < shas.length; k++) {
      const sha = shas[k]!;
      if (!active.value[k]) this.drop(sha);
      else if (!this.entries.has(sha)) {
        const source = await this.load(sha);
        if (source !== undefined) this.put(sha, source, unitsOf(source));
      }
    }
    this.last = { hitRate, source: 'active', artifactId: active.artifactId };
  }

  close(): void {
    this.ac.abort();
  }
}
