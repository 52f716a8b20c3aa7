// what the lab uses, per niche: the active artifact and the rollback handles beneath it, folded
// from the registry's capability events. an activation keeps what was active before as its
// rollback handle; a rollback makes that one active again (none: the lab's built-in fallback).
// a retirement (an operator's, after the decay review) is a rollback that says so.
import type { ArtifactRecord, RegistryStore, StoredEvent } from '../../core/contracts.ts';
import { OlaError } from '../../core/errors.ts';
import type { CapabilityEvent } from '../../core/vocabulary.ts';

export interface ActiveCapability {
  niche: string;
  artifactId: string;
  sha256: string;
  since: string;
  /** the rollback handle: what was active before (null: the built-in fallback) */
  previous: string | null;
  /** the registry event that activated it */
  seq: number;
  why: string;
}

export interface RollbackRecord {
  niche: string;
  from: string;
  to: string | null;
  automatic: boolean;
  by: string;
  why: string;
  at: string;
  seq: number;
  /** an operator retired it (the decay review's evidence is in the event) */
  retired?: true;
}

/** what a retirement records besides the rollback: the decay review it was decided on */
export interface RetireEvidence {
  reviewedAt: string;
  findings: unknown[];
}

export interface CapabilityState {
  niche: string;
  /** the active one on top; the handles beneath it */
  stack: ActiveCapability[];
  rollbacks: RollbackRecord[];
}

export const capabilitySubject = (niche: string) => `capability:${niche}`;

/** the events the stack is folded from (drills and decay reviews share the subject, not the stack) */
const FOLDED: readonly CapabilityEvent[] = ['capability_activated', 'capability_rolled_back'];

/** one niche's state from its capability events, oldest first */
export function fold(niche: string, events: readonly StoredEvent[]): CapabilityState {
  const st: CapabilityState = { niche, stack: [], rollbacks: [] };
  for (const e of events) {
    const p = e.payload as Record<string, unknown>;
    if (e.type === 'capability_activated') {
      // an artifact activated again leaves its older place in the stack
      st.stack = st.stack.filter((c) => c.artifactId !== p.artifactId);
      st.stack.push({ niche, artifactId: String(p.artifactId), sha256: String(p.sha256), since: e.ts, previous: (p.previous as string | null) ?? null, seq: e.seq, why: String(p.why ?? '') });
    } else if (e.type === 'capability_rolled_back') {
      st.stack = st.stack.filter((c) => c.artifactId !== p.from);
      st.rollbacks.push({ niche, from: String(p.from), to: (p.to as string | null) ?? null, automatic: p.automatic === true, by: String(p.by ?? ''), why: String(p.why ?? ''), at: e.ts, seq: e.seq, ...(p.retired === true ? { retired: true as const } : {}) });
    }
  }
  return st;
}

export class Capabilities {
  private cache = new Map<string, { at: number; state: CapabilityState }>();
  private readonly unsubscribe: () => void;
  /** one change per niche at a time */
  private readonly tails = new Map<string, Promise<unknown>>();

  constructor(
    private readonly store: RegistryStore,
    /** another lab on the same registry may change a capability: the cache is short-lived */
    private readonly ttlMs = 2000,
  ) {
    this.unsubscribe = store.subscribe((e) => {
      if ((FOLDED as readonly string[]).includes(e.type)) this.cache.delete(e.subject.slice('capability:'.length));
    });
  }

  async state(niche: string): Promise<CapabilityState> {
    const hit = this.cache.get(niche);
    if (hit && Date.now() - hit.at < this.ttlMs) return hit.state;
    const state = fold(niche, await this.store.eventsOf({ types: [...FOLDED], subject: capabilitySubject(niche) }));
    this.cache.set(niche, { at: Date.now(), state });
    return state;
  }

  async active(niche: string): Promise<ActiveCapability | undefined> {
    return (await this.state(niche)).stack.at(-1);
  }

  /** makes an approved artifact the niche's capability, keeping the one before as the rollback handle */
  activate(a: ArtifactRecord, why: string): Promise<ActiveCapability> {
    return this.serial(a.niche, async () => {
      const before = await this.active(a.niche);
      const e = await this.store.append({
        type: 'capability_activated',
        subject: capabilitySubject(a.niche),
        payload: { niche: a.niche, artifactId: a.id, sha256: a.sha256, previous: before?.artifactId ?? null, why },
      });
      this.cache.delete(a.niche);
      return { niche: a.niche, artifactId: a.id, sha256: a.sha256, since: e.ts, previous: before?.artifactId ?? null, seq: e.seq, why };
    });
  }

  /**
   * puts back what was active before the current capability. `expect` names the artifact the
   * caller means to roll back: when another change came first, nothing is done (a 409)
   */
  rollback(niche: string, o: { why: string; by: string; automatic: boolean; expect?: string }): Promise<RollbackRecord> {
    return this.back(niche, o);
  }

  /**
   * an operator retires the niche's active capability (unused, or outperformed): the handle
   * beneath it, the next best, is used again (none: the built-in fallback)
   */
  retire(niche: string, o: { why: string; by: string; expect?: string; evidence: RetireEvidence }): Promise<RollbackRecord> {
    const { evidence, ...rest } = o;
    return this.back(niche, { ...rest, automatic: false }, evidence);
  }

  private back(niche: string, o: { why: string; by: string; automatic: boolean; expect?: string }, retired?: RetireEvidence): Promise<RollbackRecord> {
    const verb = retired ? 'retire' : 'roll back';
    return this.serial(niche, async () => {
      const st = await this.state(niche);
      const cur = st.stack.at(-1);
      if (!cur) throw new OlaError('OLA_ERR_NOTHING_TO_ROLL_BACK', `nothing is active for ${niche}: the lab uses its built-in fallback, so there is nothing to ${verb}`, { niche });
      if (o.expect && o.expect !== cur.artifactId) {
        throw new OlaError('OLA_ERR_NOTHING_TO_ROLL_BACK', `${o.expect} is no longer the active ${niche} capability (${cur.artifactId} is)`, { niche, active: cur.artifactId });
      }
      const to = st.stack.at(-2)?.artifactId ?? null;
      const e = await this.store.append({
        type: 'capability_rolled_back',
        subject: capabilitySubject(niche),
        payload: { niche, from: cur.artifactId, to, automatic: o.automatic, by: o.by, why: o.why, handle: { seq: cur.seq, previous: cur.previous }, ...(retired ? { retired: true, evidence: retired } : {}) },
      });
      this.cache.delete(niche);
      return { niche, from: cur.artifactId, to, automatic: o.automatic, by: o.by, why: o.why, at: e.ts, seq: e.seq, ...(retired ? { retired: true as const } : {}) };
    });
  }

  private serial<T>(key: string, fn: () => Promise<T>): Promise<T> {
    const run = (this.tails.get(key) ?? Promise.resolve()).then(fn, fn);
    this.tails.set(
      key,
      run.catch(() => undefined),
    );
    return run;
  }

  close(): void {
    this.unsubscribe();
  }
}
