// watches each active capability as the lab uses it: crashes, error rate, and its niche metric
// against what its shadow report measured. when stability drops below the threshold it rolls
// back on its own (the rollback event says why), and the one before is active again.
import type { ShadowBrief } from '../../core/contracts.ts';
import type { Capabilities, RollbackRecord } from './capabilities.ts';

export interface WatchPolicy {
  /** uses remembered per capability */
  window: number;
  /** failed uses within the window that roll back (a crash or an output the lab could not use) */
  maxFailures: number;
  /** uses with a metric before the metric is judged */
  minMetricUses: number;
  /** the metric's recent mean may be this many times worse than the worse side of its shadow report */
  metricFactor: number;
}

export const DEFAULT_WATCH: WatchPolicy = { window: 20, maxFailures: 3, minMetricUses: 8, metricFactor: 3 };

export interface Use {
  ok: boolean;
  /** the niche's shadow metric for this use, when it has one */
  metric?: number;
  reason?: string;
}

interface Track {
  artifactId: string;
  uses: Use[];
  /** bound from the shadow report: past it, the metric has degraded */
  bound?: { better: 'lower' | 'higher'; value: number };
  rolling?: Promise<unknown>;
}

/** the worst recent mean the shadow report allows, in the metric's direction */
export function metricBound(brief: ShadowBrief | undefined, better: 'lower' | 'higher', factor: number): { better: 'lower' | 'higher'; value: number } | undefined {
  const means = [brief?.candidateMean, brief?.incumbentMean].filter((v): v is number => typeof v === 'number' && Number.isFinite(v));
  if (means.length === 0) return undefined;
  if (better === 'lower') return { better, value: Math.max(...means, 1e-3) * factor };
  return { better, value: Math.min(...means) / factor };
}

export class RollbackWatch {
  private readonly tracks = new Map<string, Track>();

  constructor(
    private readonly capabilities: Capabilities,
    private readonly onRollback: (r: RollbackRecord) => void = () => undefined,
    private readonly policy: WatchPolicy = DEFAULT_WATCH,
  ) {}

  /** starts watching the niche's active artifact afresh (on activation, or after a rollback) */
  watch(niche: string, artifactId: string, bound?: Track['bound']): void {
    this.tracks.set(niche, { artifactId, uses: [], ...(bound ? { bound } : {}) });
  }

  /** stability of the niche's capability: the share of recent uses that worked (1 with none) */
  stability(niche: string): number {
    const t = this.tracks.get(niche);
    if (!t || t.uses.length === 0) return 1;
    return t.uses.filter((u) => u.ok).length / t.uses.length;
  }

  /** one use of the niche's active artifact; may start an automatic rollback (resolved when recorded) */
  record(niche: string, artifactId: string, use: Use): Promise<RollbackRecord | undefined> {
    const t = this.tracks.get(niche);
    if (!t || t.artifactId !== artifactId || t.rolling) return Promise.resolve(undefined);
    t.uses.push(use);
    if (t.uses.length > this.policy.window) t.uses.shift();
    const why = this.why(t);
    if (!why) return Promise.resolve(undefined);
    const rolling = this.capabilities
      .rollback(niche, { why, by: 'the lab', automatic: true, expect: artifactId })
      .then((r) => {
        this.tracks.delete(niche);
        this.onRollback(r);
        return r;
      })
      .catch(() => {
        t.rolling = undefined;
        return undefined;
      });
    t.rolling = rolling;
    return rolling;
  }

  private why(t: Track): string | undefined {
    const failed = t.uses.filter((u) => !u.ok);
    if (failed.length >= this.policy.maxFailures) {
      const last = failed.at(-1)?.reason ?? 'failed';
      return `stability ${((t.uses.length - failed.length) / t.uses.length).toFixed(2)}: ${failed.length} of the last ${t.uses.length} uses failed (the last: ${last})`;
    }
    if (!t.bound) return undefined;
    const recent = t.uses
      .filter((u) => u.ok && typeof u.metric === 'number')
      .slice(-this.policy.minMetricUses)
      .map((u) => u.metric!);
    if (recent.length < this.policy.minMetricUses) return undefined;
    const mean = recent.reduce((a, b) => a + b, 0) / recent.length;
    const worse = t.bound.better === 'lower' ? mean > t.bound.value : mean < t.bound.value;
    return worse
      ? `its metric degraded: the mean of the last ${recent.length} uses is ${mean.toPrecision(4)}, past ${t.bound.value.toPrecision(4)} (${this.policy.metricFactor}x the worse side of its shadow report)`
      : undefined;
  }
}
