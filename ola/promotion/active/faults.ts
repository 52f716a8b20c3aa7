// injected faults, for drills and the rollback benchmark: only when the lab is configured for
// them (faults.enabled), only by an operator, and recorded. a fault acts where the lab uses an
// active capability: `crash` makes each use fail as if the artifact threw, `skew` worsens each
// use's metric by `amount` (in the niche's unit, against the direction that is better).
export type FaultKind = 'crash' | 'skew';

export interface Fault {
  niche: string;
  kind: FaultKind;
  amount: number;
  /** uses it still spoils; then it ends on its own */
  uses: number;
  injectedAt: number;
}

export class FaultInjector {
  private readonly faults = new Map<string, Fault>();

  inject(niche: string, kind: FaultKind, uses: number, amount = 0): Fault {
    const f: Fault = { niche, kind, amount, uses, injectedAt: performance.now() };
    this.faults.set(niche, f);
    return f;
  }

  /** the fault spoiling this use of the niche, if any (and counts the use) */
  take(niche: string): Fault | undefined {
    const f = this.faults.get(niche);
    if (!f) return undefined;
    if (--f.uses <= 0) this.faults.delete(niche);
    return f;
  }

  clear(niche: string): void {
    this.faults.delete(niche);
  }
}
