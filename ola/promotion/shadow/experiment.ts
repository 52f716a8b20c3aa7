// host shadow mode: an approved artifact is fed its niche's live host events in the strongest
// sandbox this host has, beside the incumbent (the active artifact, else the baseline), which
// stays authoritative; the candidate's outputs go nowhere (the dummy target) and are compared.
// rounds go on until the verdict is decisive or the budget is spent; the state is saved after
// every round, so a lab killed mid-shadow resumes where it was.
import { mkdirSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import type { ArtifactRecord, Niche, RegistryStore, RunResult, Validator } from '../../core/contracts.ts';
import { asOlaError, OlaError } from '../../core/errors.ts';
import { stageLimits } from '../../core/ladder.ts';
import type { PromotionState, Stage } from '../../core/vocabulary.ts';
import type { NicheCatalog } from '../../niches/catalog.ts';
import { writeJsonAtomic } from '../../senses/atomic-write.ts';
import { loadRunnable } from '../../validate/runnable.ts';
import type { Capabilities } from '../active/capabilities.ts';
import { runAtStage, type RunnableArtifact } from '../run-at-stage.ts';
import type { StageRunners } from '../stage-runners.ts';
import type { TokenService } from '../tokens.ts';
import type { LabTraces, LiveFeed, SideEvents } from './live.ts';
import { MismatchSampler, type MismatchSample } from './mismatch-sample.ts';
import { shadowReport, type ShadowReport } from './report.ts';

export interface ShadowOptions {
  /** rounds of live events before the verdict is taken as it stands */
  maxRounds: number;
  /** wall time before the verdict is taken as it stands */
  maxMs: number;
  /** pause between rounds (live sources need time to produce new events) */
  roundGapMs: number;
  /** where both sides run: the strongest rung available, or one named */
  sandbox: 'strongest' | 'isolate' | 'jail' | 'container' | 'vm';
}

export interface ShadowDeps {
  store: RegistryStore;
  catalog: NicheCatalog;
  tokens: TokenService;
  validator: Validator;
  stages: StageRunners;
  capabilities: Capabilities;
  feeds: ReadonlyMap<string, LiveFeed>;
  traces: LabTraces;
  storageDir: string;
}

/** values kept per side: enough for any verdict, bounded for a long run */
const MAX_VALUES = 50_000;
const SANDBOXES: readonly Stage[] = ['vm', 'container', 'jail', 'isolate'];

interface Side {
  values: number[];
  events: number;
  crashes: number;
  wrong: number;
  durations: number[];
}

interface ShadowState {
  artifactId: string;
  niche: string;
  startedAt: string;
  rounds: number;
  /** how far into its lab trace the feed has consumed */
  cursor?: number;
  elapsedMs: number;
  sandbox: Stage;
  source: string;
  incumbent: { artifactId: string | null; kind: 'active' | 'baseline' };
  counts: { events: number; matched: number; mismatched: number; ignored: number };
  candidate: Side;
  incumbentSide: Side;
  lastCrash?: string;
  mismatches: MismatchSample[];
  mismatchesSeen: number;
}

const emptySide = (): Side => ({ values: [], events: 0, crashes: 0, wrong: 0, durations: [] });

export class ShadowMode {
  /** artifacts being shadowed in this process */
  private readonly running = new Map<string, { done: Promise<void>; ac: AbortController }>();
  private readonly ac = new AbortController();
  private readonly dir: string;

  constructor(
    private readonly d: ShadowDeps,
    private readonly opts: ShadowOptions,
  ) {
    this.dir = join(d.storageDir, 'shadow');
    mkdirSync(this.dir, { recursive: true });
  }

  /** whether shadow mode can run this niche here: a live source and a sandbox */
  async status(nicheId?: string): Promise<{ available: boolean; reason?: string; sandbox?: Stage; source?: string }> {
    const feed = nicheId ? this.d.feeds.get(nicheId) : undefined;
    if (nicheId && !feed) return { available: false, reason: `niche ${nicheId} has no live feed for shadow mode on this lab` };
    const sandbox = await this.sandbox(feed?.maxSandbox);
    if (!sandbox) return { available: false, reason: 'no sandbox rung is available on this host to run shadowed artifacts in' };
    if (!feed) return { available: true, sandbox };
    const src = await feed.source({ storageDir: this.d.storageDir, traces: this.d.traces });
    return src.available ? { available: true, sandbox, source: src.what } : { available: false, reason: src.reason };
  }

  /** the report so far (or the final one) of an artifact's shadow run, when there is one */
  current(artifactId: string): ShadowReport | undefined {
    const st = this.load(artifactId);
    const niche = st && this.d.catalog.get(st.niche);
    return st && niche?.shadow ? shadowReport(toRun(st), niche.shadow) : undefined;
  }

  /**
   * starts (or resumes) shadowing in the background and says so; the outcome is recorded as
   * stage_passed or stage_failed at `shadow` when the verdict is in
   */
  async begin(a: ArtifactRecord): Promise<PromotionState> {
    if (this.running.has(a.id)) return 'running';
    const niche = this.d.catalog.get(a.niche) as Niche | undefined;
    if (!niche?.shadow) throw new OlaError('OLA_ERR_STAGE_UNAVAILABLE', `niche ${a.niche} has no shadow thresholds`);
    const status = await this.status(a.niche);
    if (!status.available) throw new OlaError('OLA_ERR_STAGE_UNAVAILABLE', status.reason ?? 'shadow mode is unavailable');
    const feed = this.d.feeds.get(a.niche)!;
    const candidate = await loadRunnable(this.d, a, niche);
    const incumbent = await this.incumbent(niche);
    const resumed = this.load(a.id);
    const state: ShadowState = resumed ?? {
      artifactId: a.id,
      niche: a.niche,
      startedAt: new Date().toISOString(),
      rounds: 0,
      elapsedMs: 0,
      sandbox: status.sandbox!,
      source: status.source!,
      incumbent: incumbent.ref,
      counts: { events: 0, matched: 0, mismatched: 0, ignored: 0 },
      candidate: emptySide(),
      incumbentSide: emptySide(),
      mismatches: [],
      mismatchesSeen: 0,
    };
    await this.d.store.append({
      type: 'stage_started',
      subject: a.id,
      payload: {
        stage: 'shadow',
        runner: { sandbox: state.sandbox, source: state.source, incumbent: state.incumbent, ...(resumed ? { resumedAtRound: resumed.rounds } : {}) },
      },
    });
    const own = new AbortController();
    const signal = AbortSignal.any([this.ac.signal, own.signal]);
    const run = this.loop(a, niche, feed, candidate, incumbent.runnable, state, signal)
      .catch(async (err) => {
        if (signal.aborted) return; // shutdown or stopped: resumes at the next start
        const e = asOlaError(err);
        const promotion = { state: 'failed' as const, stage: 'shadow' as const, why: `shadow could not run: ${e.code}: ${e.message}` };
        await this.d.store.append({ type: 'stage_failed', subject: a.id, payload: { stage: 'shadow', reasons: [promotion.why], promotion } }).catch(() => undefined);
      })
      .finally(() => this.running.delete(a.id));
    this.running.set(a.id, { done: run, ac: own });
    return 'running';
  }

  /** the incumbent: the niche's active artifact, else its baseline (validated here) */
  private async incumbent(niche: Niche): Promise<{ ref: ShadowState['incumbent']; runnable: RunnableArtifact }> {
    const active = await this.d.capabilities.active(niche.id);
    if (active) {
      const a = await this.d.store.artifact(active.artifactId);
      if (a) return { ref: { artifactId: a.id, kind: 'active' }, runnable: await loadRunnable(this.d, a, niche) };
    }
    const v = await this.d.validator.validate({ source: niche.baseline, language: 'js', requiredExports: niche.requiredExports });
    if (!v.ok) throw new OlaError('OLA_ERR_INTERNAL', `the ${niche.id} baseline does not validate: ${v.rejections[0]?.message}`);
    return { ref: { artifactId: null, kind: 'baseline' }, runnable: { id: `baseline:${niche.id}`, sha256: v.value.sha256, script: v.value.script } };
  }

  private async loop(a: ArtifactRecord, niche: Niche, feed: LiveFeed, cand: RunnableArtifact, inc: RunnableArtifact, st: ShadowState, signal: AbortSignal): Promise<void> {
    const thresholds = niche.shadow!;
    // a resumed run keeps its sample (the reservoir restarts from it)
    const sampler = new MismatchSampler();
    for (const m of st.mismatches) sampler.offer(m);
    for (;;) {
      const t0 = performance.now();
      await this.round(niche, feed, cand, inc, st, sampler, signal);
      st.rounds++;
      st.elapsedMs += performance.now() - t0;
      st.mismatches = sampler.samples();
      await writeJsonAtomic(this.file(a.id), st);
      const report = shadowReport(toRun(st), thresholds);
      const v = report.verdict.verdict;
      const spent = st.rounds >= this.opts.maxRounds || st.elapsedMs >= this.opts.maxMs;
      if (v === 'pass' || v === 'fail' || spent) return this.finish(a, report, spent);
      await new Promise((r) => setTimeout(r, this.opts.roundGapMs).unref());
      if (signal.aborted) throw signal.reason;
    }
  }

  private async round(niche: Niche, feed: LiveFeed, cand: RunnableArtifact, inc: RunnableArtifact, st: ShadowState, sampler: MismatchSampler, signal: AbortSignal): Promise<void> {
    const batch = await feed.capture({ storageDir: this.d.storageDir, store: this.d.store, traces: this.d.traces, round: st.rounds, cursor: st.cursor ?? 0, signal });
    st.source = batch.source;
    if (batch.cursor !== undefined) st.cursor = batch.cursor;
    const runner = this.d.stages.get(st.sandbox);
    if (!runner) throw new OlaError('OLA_ERR_STAGE_UNAVAILABLE', `no ${st.sandbox} runner to shadow in`);
    const limits = stageLimits(niche, st.sandbox);
    // the incumbent first: it is authoritative, and its output is what the lab would have used
    const incRuns = (await runAtStage({ runner, tokens: this.d.tokens }, inc, niche, batch.scenarios, { from: 'active', limits }, signal)).runs;
    const candRuns = (await runAtStage({ runner, tokens: this.d.tokens }, cand, niche, batch.scenarios, { from: 'shadow', limits }, signal)).runs;
    const now = new Date().toISOString();
    batch.scenarios.forEach((s, k) => {
      const ci = read(feed, s, candRuns[k]);
      const ii = read(feed, s, incRuns[k]);
      const n = ii.ok ? ii.values.length : ci.ok ? ci.values.length : 1;
      tally(st.candidate, ci, candRuns[k], n);
      tally(st.incumbentSide, ii, incRuns[k], n);
      if (!ci.ok) st.lastCrash = `${s.id}: ${ci.reason}`;
      st.counts.events += n;
      for (let i = 0; i < n; i++) {
        const cv = ci.ok ? ci.values[i] : undefined;
        if (!ci.ok || !ii.ok || cv === undefined || Number.isNaN(cv)) {
          st.counts.ignored++;
          continue;
        }
        if (feed.same(ci.seen[i], ii.seen[i])) st.counts.matched++;
        else {
          st.counts.mismatched++;
          st.mismatchesSeen++;
          sampler.offer({ at: now, event: `${s.id}#${i}`, candidate: ci.seen[i], incumbent: ii.seen[i], ...(ci.truth ? { truth: ci.truth[i] } : {}) });
        }
      }
    });
  }

  private async finish(a: ArtifactRecord, report: ShadowReport, spent: boolean): Promise<void> {
    const v = report.verdict.verdict;
    // pass, or marginal at the end of the budget: an operator decides with the report in view
    const passed = v === 'pass' || (v === 'marginal' && spent);
    const summary = `${v} (${report.verdict.reasons.join('; ')})`;
    if (passed) {
      const promotion = { state: 'needs_approval' as const, stage: 'active' as const, why: `passed shadow: ${summary}; entering active needs an operator's approval` };
      await this.d.store.append({ type: 'stage_passed', subject: a.id, payload: { stage: 'shadow', report, reasons: report.verdict.reasons, next: 'active', promotion } });
    } else {
      const why = v === 'insufficient' ? `too few live events within the shadow budget: ${summary}` : `failed shadow: ${summary}`;
      const promotion = { state: 'failed' as const, stage: 'shadow' as const, why };
      await this.d.store.append({ type: 'stage_failed', subject: a.id, payload: { stage: 'shadow', report, reasons: report.verdict.reasons, promotion } });
    }
    rmSync(this.file(a.id), { force: true });
    rmSync(`${this.file(a.id)}.final`, { force: true });
    await writeJsonAtomic(`${this.file(a.id)}.final`, report);
  }

  /** the strongest sandbox rung available up to the feed's ceiling (or the configured one, when available) */
  private async sandbox(ceiling?: Stage): Promise<Stage | undefined> {
    const allowed = ceiling ? SANDBOXES.slice(SANDBOXES.indexOf(ceiling)) : SANDBOXES;
    const wanted = this.opts.sandbox === 'strongest' ? allowed : allowed.filter((s) => s === this.opts.sandbox);
    for (const s of wanted) if (this.d.stages.get(s) && (await this.d.stages.status(s)).available) return s;
    return undefined;
  }

  private file(artifactId: string): string {
    return join(this.dir, `${artifactId.replace(/[^\w.-]/g, '_')}.json`);
  }

  private load(artifactId: string): ShadowState | undefined {
    try {
      const st = JSON.parse(readFileSync(this.file(artifactId), 'utf8')) as ShadowState;
      return st.artifactId === artifactId ? st : undefined;
    } catch {
      return undefined;
    }
  }

  /** artifacts being shadowed now */
  get active(): string[] {
    return [...this.running.keys()];
  }

  /** stops shadowing one artifact, its rounds kept (a later begin resumes them) */
  async stop(artifactId: string): Promise<void> {
    const r = this.running.get(artifactId);
    if (!r) return;
    r.ac.abort(new OlaError('OLA_ERR_ABORTED', 'shadowing stopped'));
    await r.done;
  }

  async close(): Promise<void> {
    this.ac.abort(new OlaError('OLA_ERR_ABORTED', 'lab closing'));
    await Promise.allSettled([...this.running.values()].map((r) => r.done));
  }
}

function read(feed: LiveFeed, s: Parameters<LiveFeed['events']>[0], run: RunResult | undefined): SideEvents {
  if (!run) return { ok: false, reason: 'no run came back' };
  if (!run.ok) return { ok: false, reason: `${run.error?.code ?? 'OLA_ERR_SANDBOX_CRASH'}: ${run.error?.message ?? 'the run failed'}` };
  try {
    return feed.events(s, run.output);
  } catch (err) {
    return { ok: false, reason: `unreadable output: ${(err as Error).message}` };
  }
}

function tally(side: Side, ev: SideEvents, run: RunResult | undefined, n: number): void {
  side.events += n;
  if (!ev.ok) {
    side.crashes++;
    return;
  }
  side.wrong += ev.wrong;
  const per = run && n > 0 ? run.wallMs / n : 0;
  for (const v of ev.values) {
    if (Number.isNaN(v)) continue;
    if (side.values.length < MAX_VALUES) side.values.push(v);
    side.durations.push(per);
  }
  if (side.durations.length > MAX_VALUES) side.durations.splice(0, side.durations.length - MAX_VALUES);
}

function toRun(st: ShadowState): Parameters<typeof shadowReport>[0] {
  return {
    niche: st.niche,
    candidate: { artifactId: st.artifactId },
    incumbent: st.incumbent,
    startedAt: st.startedAt,
    endedAt: new Date().toISOString(),
    counts: st.counts,
    durations: { candidate: st.candidate.durations, incumbent: st.incumbentSide.durations },
    candidateSide: { values: st.candidate.values, events: st.candidate.events, crashes: st.candidate.crashes, mismatches: st.candidate.wrong },
    incumbentSide: { values: st.incumbentSide.values, events: st.incumbentSide.events, crashes: st.incumbentSide.crashes, mismatches: st.incumbentSide.wrong },
    ...(st.lastCrash ? { lastCrash: st.lastCrash } : {}),
    mismatches: st.mismatches,
    mismatchesSeen: st.mismatchesSeen,
  };
}
