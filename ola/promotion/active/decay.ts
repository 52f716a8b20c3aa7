// the decay review (the organ registry of autopoietic systems): every so often, and on demand,
// each niche's active capability is looked at for what no longer earns its place: unused, or
// outperformed by a newer artifact in shadow. a review is recorded as `decay_reviewed` only when a
// niche's findings change, so a quiet registry is not flooded with the same review every period.
// retiring one is an operator's decision (Capabilities.retire); the review only gives evidence.
import type { ArtifactRecord, RegistryStore } from '../../core/contracts.ts';
import { capabilitySubject, type ActiveCapability } from './capabilities.ts';
import { findingsKey, outperformedFinding, span, unusedFinding, type DecayFinding, type UseTally } from './decay-findings.ts';

export interface DecayPolicy {
  reviewEveryMs: number;
  unusedAfterMs: number;
}

export interface DecayDeps {
  store: Pick<RegistryStore, 'append' | 'eventsOf' | 'artifact' | 'onLadder' | 'subscribe'>;
  capabilities: { active(niche: string): Promise<ActiveCapability | undefined> };
  /** the niches, and which way each one's shadow metric is better */
  niches: () => { id: string; better: 'lower' | 'higher' }[];
  now?: () => number;
  /** every finished review (the lab's /metrics) */
  onReview?: (r: DecayReviewResult) => void;
}

export interface NicheReview {
  niche: string;
  /** the active artifact (null: the built-in fallback) */
  active: string | null;
  since: string | null;
  uses: number;
  lastUse: string | null;
  findings: DecayFinding[];
  why: string;
  /** the decay_reviewed event that holds these findings (null: none was needed) */
  seq: number | null;
}

export interface DecayReviewResult {
  at: string;
  unusedAfterMs: number;
  niches: NicheReview[];
  findings: DecayFinding[];
}

/** where artifacts past shadow stand: waiting at active, approved into it, activating, active */
const PAST_SHADOW = ['needs_approval', 'queued', 'running', 'top'] as const;

export class DecayReview {
  private readonly tallies = new Map<string, UseTally>();
  /** per niche, the findings last recorded and their event */
  private recorded?: Map<string, { key: string; seq: number }>;
  private last?: DecayReviewResult;
  private running?: Promise<DecayReviewResult>;
  private timer?: NodeJS.Timeout;
  private unsubscribe: () => void = () => undefined;
  private closed = false;
  private readonly startedAt: number;
  private readonly now: () => number;

  constructor(
    private readonly d: DecayDeps,
    private readonly policy: DecayPolicy,
  ) {
    this.now = d.now ?? Date.now;
    this.startedAt = this.now();
  }

  /** reviews every `reviewEveryMs`; uses are counted afresh whenever a niche's capability changes */
  start(): void {
    this.unsubscribe = this.d.store.subscribe((e) => {
      if (e.type === 'capability_activated' || e.type === 'capability_rolled_back') this.tallies.set(String(e.payload.niche), { uses: 0, failed: 0, from: this.now() });
    });
    this.timer = setInterval(() => void this.review().catch(() => undefined), this.policy.reviewEveryMs);
    this.timer.unref();
  }

  /** one use of a niche's capability (the lab's use reports); only the active artifact's uses count */
  noteUse(u: { niche: string; source: 'active' | 'fallback'; ok: boolean }): void {
    if (u.source !== 'active') return;
    const t = this.tally(u.niche);
    t.uses++;
    if (!u.ok) t.failed++;
    t.last = this.now();
  }

  /** the latest review, if any ran */
  latest(): DecayReviewResult | undefined {
    return this.last;
  }

  /** reviews every niche now (a review already under way is shared) */
  review(): Promise<DecayReviewResult> {
    this.running ??= this.run().finally(() => (this.running = undefined));
    return this.running;
  }

  private async run(): Promise<DecayReviewResult> {
    const now = this.now();
    this.recorded ??= await this.loadRecorded();
    const pastShadow = await this.d.store.onLadder(PAST_SHADOW, 10_000, true);
    const niches: NicheReview[] = [];
    for (const n of this.d.niches()) niches.push(await this.reviewNiche(n.id, n.better, now, pastShadow));
    const result = { at: new Date(now).toISOString(), unusedAfterMs: this.policy.unusedAfterMs, niches, findings: niches.flatMap((n) => n.findings) };
    this.last = result;
    this.d.onReview?.(result);
    return result;
  }

  private async reviewNiche(niche: string, better: 'lower' | 'higher', now: number, pastShadow: ArtifactRecord[]): Promise<NicheReview> {
    const cur = await this.d.capabilities.active(niche);
    const tally = this.tally(niche);
    const findings: DecayFinding[] = [];
    if (cur) {
      const unused = unusedFinding(niche, cur, tally, now, this.policy.unusedAfterMs);
      if (unused) findings.push(unused);
      const record = await this.d.store.artifact(cur.artifactId);
      const outperformed = record && outperformedFinding(record, pastShadow, better);
      if (outperformed) findings.push(outperformed);
    }
    const why = findings.length
      ? findings.map((f) => f.why).join('; ')
      : cur
        ? `no findings: ${cur.artifactId} was used in the last ${span(this.policy.unusedAfterMs)} (or not watched that long yet), and no newer artifact beat it in shadow`
        : 'nothing is active: the lab uses its built-in fallback';
    const seq = await this.record(niche, cur?.artifactId ?? null, findings, why);
    const lastUse = cur && tally.last !== undefined ? new Date(tally.last).toISOString() : null;
    return { niche, active: cur?.artifactId ?? null, since: cur?.since ?? null, uses: cur ? tally.uses : 0, lastUse, findings, why, seq };
  }

  /** appends decay_reviewed when the niche's findings differ from the ones last recorded */
  private async record(niche: string, active: string | null, findings: DecayFinding[], why: string): Promise<number | null> {
    const key = findingsKey(findings);
    const before = this.recorded!.get(niche);
    if ((before?.key ?? '') === key) return before?.seq ?? null;
    if (this.closed) return null;
    const e = await this.d.store.append({ type: 'decay_reviewed', subject: capabilitySubject(niche), payload: { niche, active, findings, why, before: before?.seq ?? null } });
    this.recorded!.set(niche, { key, seq: e.seq });
    return e.seq;
  }

  /** the findings each niche's last decay_reviewed event holds (a restarted lab does not repeat them) */
  private async loadRecorded(): Promise<Map<string, { key: string; seq: number }>> {
    const out = new Map<string, { key: string; seq: number }>();
    for (const n of this.d.niches()) {
      const e = (await this.d.store.eventsOf({ types: ['decay_reviewed'], subject: capabilitySubject(n.id) }, 1_000_000)).at(-1);
      if (e) out.set(n.id, { key: findingsKey((e.payload.findings as DecayFinding[] | undefined) ?? []), seq: e.seq });
    }
    return out;
  }

  private tally(niche: string): UseTally {
    let t = this.tallies.get(niche);
    if (!t) this.tallies.set(niche, (t = { uses: 0, failed: 0, from: this.startedAt }));
    return t;
  }

  /** stops the timer; a review under way finishes without recording */
  async stop(): Promise<void> {
    this.closed = true;
    this.unsubscribe();
    clearInterval(this.timer);
    await this.running?.catch(() => undefined);
  }
}
