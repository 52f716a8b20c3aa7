// the events seen so far, with what each subject's niche is, and type and niche counts.
import type { LabEvent } from './event-types.ts';

export interface EventFilter {
  /** types to show; empty shows all */
  types: ReadonlySet<string>;
  /** a niche to show; empty shows all */
  niche: string;
}

export class EventLog {
  readonly events: LabEvent[] = [];
  readonly typeCounts = new Map<string, number>();
  readonly nicheCounts = new Map<string, number>();
  private readonly nicheOf = new Map<string, string>();
  private readonly listeners = new Set<(batch: LabEvent[]) => void>();

  /** the log follows the registry after this sequence number (0: from the start) */
  startSeq = 0;

  constructor(private readonly cap = 200_000) {}

  startAfter(seq: number): void {
    this.startSeq = seq;
  }

  get lastSeq(): number | undefined {
    return this.events.at(-1)?.seq;
  }

  /** the niche an event is about: its payload's, else what its subject was seen with */
  niche(e: LabEvent): string | undefined {
    const p = e.payload;
    if (typeof p.niche === 'string') return p.niche;
    return this.nicheOf.get(e.subject) ?? (typeof p.artifactId === 'string' ? this.nicheOf.get(p.artifactId) : undefined);
  }

  add(batch: LabEvent[]): void {
    for (const e of batch) {
      const niche = this.niche(e);
      if (niche) {
        this.nicheOf.set(e.subject, niche);
        if (typeof e.payload.artifactId === 'string') this.nicheOf.set(e.payload.artifactId, niche);
        if (typeof e.payload.artifact_id === 'string') this.nicheOf.set(e.payload.artifact_id, niche);
        this.nicheCounts.set(niche, (this.nicheCounts.get(niche) ?? 0) + 1);
      }
      this.typeCounts.set(e.type, (this.typeCounts.get(e.type) ?? 0) + 1);
      this.events.push(e);
    }
    if (this.events.length > this.cap) this.events.splice(0, this.events.length - this.cap);
    for (const fn of this.listeners) fn(batch);
  }

  matches(e: LabEvent, f: EventFilter): boolean {
    if (f.types.size && !f.types.has(e.type)) return false;
    if (f.niche && this.niche(e) !== f.niche) return false;
    return true;
  }

  /** the last `limit` events that pass the filter, oldest first */
  tail(f: EventFilter, limit: number): LabEvent[] {
    const out: LabEvent[] = [];
    for (let i = this.events.length - 1; i >= 0 && out.length < limit; i--) {
      const e = this.events[i]!;
      if (this.matches(e, f)) out.push(e);
    }
    return out.reverse();
  }

  subscribe(fn: (batch: LabEvent[]) => void): () => void {
    this.listeners.add(fn);
    return () => this.listeners.delete(fn);
  }
}
