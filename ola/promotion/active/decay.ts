// the decay review (the organ registry of autopoietic systems): every so often, and on demand,
// each niche's active capability is looked at for what no longer earns its place: unused, or
// outperformed by a newer artifact in shadow. a review is recorded as `decay_reviewed` only when a
// niche's findings change, so a quiet registry is not flooded with the same review every period.
// retiring one is an operator's decision (Capabilities.retire); the review only gives evidence.
// use tallies are saved to a file after every review and at stop, so a restarted lab goes on
// watching (its downtime not counted) instead of waiting a whole window again.
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { z } from 'zod';
import { writeAtomically } from '../../registry/key-chain.ts';
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
  /** where use tallies are kept across restarts (none: counted afresh at every start) */
  file?: string;
}

const SavedTally = z.object({
  artifactId: z.string(),
  uses: z.number().int().nonnegative(),
  failed: z.number().int().nonnegative(),
  last: z.number().optional(),
  from: z.number(),
  downMs: z.number().nonnegative(),
  downSinceLastMs: z.number().nonnegative(),
});
const SavedTallies = z.object({ savedAt: z.number(), niches: z.record(z.string(), SavedTally) });
type Saved = z.infer<typeof SavedTally>;

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
  /** tallies saved by an earlier run, with its downtime added, until a review sees which artifact is active */
  private readonly restored = new Map<string, Saved>();
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
    this.restore();
  }

  /** reads the saved tallies; an unreadable file is set aside, never fatal */
  private restore(): void {
    const file = this.d.file;
    if (!file || !existsSync(file)) return;
    let saved: z.infer<typeof SavedTallies>;
    try {
      saved = SavedTallies.parse(JSON.parse(readFileSync(file, 'utf8')));
    } catch {
      return;
    }
    const gap = Math.max(0, this.startedAt - saved.savedAt);
    for (const [niche, t] of Object.entries(saved.niches)) {
      this.restored.set(niche, { ...t, downMs: t.downMs + gap, downSinceLastMs: t.last === undefined ? 0 : t.downSinceLastMs + gap });
    }
  }

  /** a saved tally joins this run's when the same artifact is still active; otherwise it is dropped */
  private reconcile(niche: string, artifactId: string | undefined): UseTally {
    let tally = this.tally(niche);
    if (tally.artifactId !== undefined && tally.artifactId !== artifactId) {
      // another artifact became active without this lab hearing of it: its uses start now
      this.tallies.set(niche, (tally = { uses: 0, failed: 0, from: this.now(), downMs: 0, downSinceLastMs: 0 }));
    }
    const r = this.restored.get(niche);
    this.restored.delete(niche);
    if (r && r.artifactId === artifactId && tally.artifactId === undefined) {
      tally.uses += r.uses;
      tally.failed += r.failed;
      tally.from = Math.min(tally.from, r.from);
      tally.downMs = r.downMs;
      if (tally.last === undefined && r.last !== undefined) {
        tally.last = r.last;
        tally.downSinceLastMs = r.downSinceLastMs;
      }
    }
    // uses counted before a review could tell which artifact they were of belong to the current one
    tally.artifactId = artifactId;
    return tally;
  }

  /** writes every tally a review has tied to an artifact, and the saved ones no review has seen yet */
  private save(): void {
    const file = this.d.file;
    if (!file) return;
    const niches: Record<string, Saved> = {};
    const now = this.now();
    // time since this start is running time: the saved downtime stands as it is
    for (const [niche, r] of this.restored) niches[niche] = r;
    for (const [niche, t] of this.tallies) {
      if (t.artifactId === undefined) continue;
      niches[niche] = { artifactId: t.artifactId, uses: t.uses, failed: t.failed, ...(t.last === undefined ? {} : { last: t.last }), from: t.from, downMs: t.downMs, downSinceLastMs: t.downSinceLastMs };
    }
    try {
      mkdirSync(dirname(file), { recursive: true });
      writeAtomically(file, `${JSON.stringify({ savedAt: now, niches })}\n`, 0o644);
    } catch {
      // a full or read-only disk costs only the watch across a restart
    }
  }

  /** reviews every `reviewEveryMs`; uses are counted afresh whenever a niche's capability changes */
  start(): void {
    this.unsubscribe = this.d.store.subscribe((e) => {
      if (e.type !== 'capability_activated' && e.type !== 'capability_rolled_back') return;
      const niche = String(e.payload.niche);
      this.tallies.set(niche, { uses: 0, failed: 0, from: this.now(), downMs: 0, downSinceLastMs: 0 });
      this.restored.delete(niche);
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
    t.downSinceLastMs = 0;
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
    if (!this.closed) this.save();
    this.d.onReview?.(result);
    return result;
  }

  private async reviewNiche(niche: string, better: 'lower' | 'higher', now: number, pastShadow: ArtifactRecord[]): Promise<NicheReview> {
    const cur = await this.d.capabilities.active(niche);
    const tally = this.reconcile(niche, cur?.artifactId);
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
    if (!t) this.tallies.set(niche, (t = { uses: 0, failed: 0, from: this.startedAt, downMs: 0, downSinceLastMs: 0 }));
    return t;
  }

  /** stops the timer; a review under way finishes without recording; the tallies are saved */
  async stop(): Promise<void> {
    this.closed = true;
    this.unsubscribe();
    clearInterval(this.timer);
    await this.running?.catch(() => undefined);
    for (const niche of this.tallies.keys()) {
      const cur = await this.d.capabilities.active(niche).catch(() => undefined);
      this.reconcile(niche, cur?.artifactId);
    }
    this.save();
  }
}
