// the circuit breaker: when the crash rate across the ladder's rungs spikes, every promotion
// halts until operators resume them. its state is the registry's (promotions_halted and
// promotions_resumed, subject `lab`), so a restarted lab stays halted.
import type { RegistryStore, StoredEvent } from '../core/contracts.ts';

export interface BreakerPolicy {
  /** stage runs remembered (one per artifact and rung) */
  window: number;
  /** stage runs before the rate is judged */
  minRuns: number;
  /** share of them with a crash that trips it */
  maxCrashShare: number;
}

export const DEFAULT_BREAKER: BreakerPolicy = { window: 20, minRuns: 10, maxCrashShare: 0.5 };

export interface Halt {
  since: string;
  why: string;
  automatic: boolean;
  by: string[];
  seq: number;
}

interface RunSummary {
  ok: boolean;
}

/** whether a stage's runs (public, held-out, fuzzed) had a crash */
function crashed(payload: Record<string, unknown>): boolean {
  const sets = ['public', 'heldOut', 'fuzzed'].map((k) => (payload[k] as { runs?: RunSummary[] } | undefined)?.runs ?? []);
  return sets.some((runs) => runs.some((r) => r.ok === false));
}

export class CircuitBreaker {
  private halt?: Halt;
  private readonly recent: { stage: string; crashed: boolean }[] = [];
  private unsubscribe: () => void = () => undefined;
  private tripping?: Promise<unknown>;

  constructor(
    private readonly store: RegistryStore,
    private readonly onChange: (halted: boolean) => void = () => undefined,
    private readonly policy: BreakerPolicy = DEFAULT_BREAKER,
  ) {}

  /** the state the registry holds, then watches every stage run */
  async start(): Promise<void> {
    for (const e of await this.store.eventsOf({ types: ['promotions_halted', 'promotions_resumed'], subject: 'lab' }, 1_000_000)) this.apply(e);
    this.unsubscribe = this.store.subscribe((e) => {
      if (e.type === 'promotions_halted' || e.type === 'promotions_resumed') this.apply(e);
      if (e.type === 'stage_executed') this.observe(String(e.payload.stage), crashed(e.payload));
    });
  }

  get halted(): Halt | undefined {
    return this.halt;
  }

  /** what it looks at now: the recent stage runs and their crash share */
  recentRuns(): { runs: number; crashed: number; share: number } {
    const n = this.recent.length;
    const c = this.recent.filter((r) => r.crashed).length;
    return { runs: n, crashed: c, share: n ? c / n : 0 };
  }

  /** halts every promotion (operators, or the breaker itself) */
  async trip(why: string, by: string[], automatic: boolean, extra: Record<string, unknown> = {}): Promise<StoredEvent> {
    return this.store.append({ type: 'promotions_halted', subject: 'lab', payload: { why, by, automatic, ...extra } });
  }

  async reset(why: string, by: string[], extra: Record<string, unknown> = {}): Promise<StoredEvent> {
    this.recent.length = 0;
    return this.store.append({ type: 'promotions_resumed', subject: 'lab', payload: { why, by, ...extra } });
  }

  private apply(e: StoredEvent): void {
    const before = this.halt !== undefined;
    if (e.type === 'promotions_halted') {
      this.halt = { since: e.ts, why: String(e.payload.why), automatic: e.payload.automatic === true, by: (e.payload.by as string[]) ?? [], seq: e.seq };
    } else {
      this.halt = undefined;
      this.recent.length = 0;
    }
    if (before !== (this.halt !== undefined)) this.onChange(this.halt !== undefined);
  }

  private observe(stage: string, crash: boolean): void {
    this.recent.push({ stage, crashed: crash });
    if (this.recent.length > this.policy.window) this.recent.shift();
    const { runs, crashed: c, share } = this.recentRuns();
    if (this.halt || this.tripping || runs < this.policy.minRuns || share < this.policy.maxCrashShare) return;
    const stages = [...new Set(this.recent.filter((r) => r.crashed).map((r) => r.stage))].join(', ');
    const why = `the crash rate across rungs spiked: ${c} of the last ${runs} stage runs crashed (${stages}); promotions wait until operators resume them`;
    this.tripping = this.trip(why, ['the lab'], true, { crashed: c, runs })
      .catch(() => undefined)
      .finally(() => (this.tripping = undefined));
  }

  close(): void {
    this.unsubscribe();
  }
}
