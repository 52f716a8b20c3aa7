// propose -> validate -> execute -> score -> register -> gate, as steps over one context.
import { ulid } from 'ulid';
import type { Gate, GateDecision, PromotionView, RegistryStore, RunResult, SandboxRunner, Scorer, Validator } from '../core/contracts.ts';
import type { NicheCatalog } from '../niches/catalog.ts';
import { stageLimits } from '../core/ladder.ts';
import { runAtStage } from '../promotion/run-at-stage.ts';
import type { TokenService } from '../promotion/tokens.ts';
import type { Step } from './compose.ts';
import { Rejected, type LifecycleContext } from './context.ts';

export interface StepDeps {
  store: RegistryStore;
  validator: Validator;
  runner: SandboxRunner;
  scorer: Scorer;
  gate: Gate;
  tokens: TokenService;
  catalog: NicheCatalog;
  onRuns?: (runs: RunResult[]) => void;
}

/** admission to the first rung lives long enough for the queue to drain */
const ADMISSION_TTL_S = 24 * 3600;

function runSummary(runs: RunResult[]) {
  return runs.map(({ output: _o, ...rest }) => rest);
}

export function lifecycleSteps(d: StepDeps, timeoutMs: number): Step<LifecycleContext>[] {
  const since = (t0: number) => Math.round((performance.now() - t0) * 100) / 100;
  // the first rung: whatever stage the lifecycle's runner serves
  const stage = d.runner.stage;
  return [
    {
      name: 'validate',
      timeoutMs,
      async run(ctx) {
        const t0 = performance.now();
        const r = await d.validator.validate({ source: ctx.input.source, language: ctx.input.language, requiredExports: ctx.niche.requiredExports });
        if (!r.ok) throw new Rejected(r.rejections);
        ctx.validated = r.value;
        ctx.artifactId = `a_${ulid()}`;
        await d.store.append({
          type: 'proposal_validated',
          subject: ctx.proposalId,
          payload: { artifactId: ctx.artifactId, sha256: r.value.sha256, exports: r.value.exports, ms: since(t0) },
        });
        ctx.admission = await d.tokens.issue({ artifactId: ctx.artifactId, sha256: r.value.sha256, from: 'proposed', to: stage, ttlSeconds: ADMISSION_TTL_S });
        const { token, nonce, expiresAt, from, to, scopes } = ctx.admission;
        await d.store.append({ type: 'token_issued', subject: ctx.artifactId, payload: { proposalId: ctx.proposalId, token, nonce, expiresAt, from, to, scopes } });
      },
    },
    {
      name: 'execute',
      timeoutMs,
      async run(ctx, signal) {
        const t0 = performance.now();
        ctx.scenarios = d.catalog.scenarios(ctx.niche.id);
        ctx.runs = await execute(d, ctx, 'public', signal);
        await d.store.append({
          type: 'run_executed',
          subject: ctx.proposalId,
          payload: { artifactId: ctx.artifactId, stage, phase: 'public', tokenNonce: ctx.admission!.nonce, runs: runSummary(ctx.runs), ms: since(t0) },
        });
      },
    },
    {
      name: 'score',
      timeoutMs,
      async run(ctx) {
        const t0 = performance.now();
        ctx.score = d.scorer.score(ctx.niche, ctx.scenarios!.public, ctx.runs!, stageLimits(ctx.niche, stage));
        const incumbent = await d.store.incumbent(ctx.niche.id);
        const gain = incumbent ? ctx.score.utility - incumbent.utility : null;
        await d.store.append({
          type: 'score_recorded',
          subject: ctx.proposalId,
          payload: { artifactId: ctx.artifactId, phase: 'public', score: ctx.score, incumbent: incumbent?.id ?? null, gain, ms: since(t0) },
        });
        if (ctx.niche.event !== 'capability_discovered') {
          await d.store.append({ type: ctx.niche.event, subject: ctx.artifactId!, payload: ctx.niche.telemetry(ctx.score, ctx.artifactId!) });
        }
      },
    },
    {
      name: 'register',
      timeoutMs,
      async run(ctx) {
        const { input, validated, score } = ctx;
        await d.store.append({
          type: 'artifact_registered',
          subject: ctx.artifactId!,
          payload: {
            proposalId: ctx.proposalId,
            niche: input.niche,
            sha256: validated!.sha256,
            stage,
            proposer: input.proposer,
            parents: input.parents ?? [],
            score: score!,
          },
        });
      },
    },
    {
      name: 'gate',
      timeoutMs,
      async run(ctx, signal) {
        const t0 = performance.now();
        // held-out scenarios are spent only on artifacts that ran cleanly in public and pass the
        // gate's public checks (the cascade: most children of an evolution run stop here)
        const screened = d.gate.screen?.({ niche: ctx.niche, stage, score: ctx.score! }) ?? [];
        const runs = ctx.score!.crashes === 0 && screened.length === 0 ? await execute(d, ctx, 'heldout', signal) : [];
        ctx.heldOut = d.scorer.score(ctx.niche, ctx.scenarios!.heldOut, runs, stageLimits(ctx.niche, stage));
        await d.store.append({
          type: 'run_executed',
          subject: ctx.proposalId,
          payload: { artifactId: ctx.artifactId, stage, phase: 'heldout', tokenNonce: ctx.heldOutNonce ?? null, runs: runSummary(runs) },
        });
        const hadPassed = await d.store.incumbent(ctx.niche.id);
        ctx.decision = d.gate.decide({ niche: ctx.niche, stage, score: ctx.score!, heldOut: ctx.heldOut });
        // the token and the discovery are recorded before the decision: once a proposal
        // reads gated, everything the gate produced is already in the registry
        if (ctx.decision.pass && ctx.decision.next) {
          const next = await d.tokens.issue({
            artifactId: ctx.artifactId!,
            sha256: ctx.validated!.sha256,
            from: stage,
            to: ctx.decision.next,
            ttlSeconds: ctx.decision.gate.tokenTtlSeconds,
          });
          const { token, nonce, expiresAt, from, to, scopes } = next;
          await d.store.append({ type: 'token_issued', subject: ctx.artifactId!, payload: { proposalId: ctx.proposalId, token, nonce, expiresAt, from, to, scopes } });
          const { utility, stability, efficiency } = ctx.score!;
          await d.store.append({
            type: 'capability_discovered',
            subject: ctx.artifactId!,
            payload: {
              name: ctx.niche.id,
              type: ctx.niche.event,
              artifact_id: ctx.artifactId,
              stage,
              metrics: { utility, stability, efficiency },
              improves_on: hadPassed?.id ?? null,
            },
          });
        }
        await d.store.append({
          type: 'gate_decided',
          subject: ctx.proposalId,
          payload: {
            artifactId: ctx.artifactId,
            decision: ctx.decision,
            heldOut: ctx.heldOut,
            promotion: promotionAfterGate(ctx, ctx.decision, hadPassed),
            ms: since(t0),
          },
        });
      },
    },
  ];
}

/** whether the artifact climbs on from its first gate, and why (explained in the registry) */
function promotionAfterGate(
  ctx: LifecycleContext,
  decision: GateDecision,
  incumbent: { id: string; utility: number } | undefined,
): Omit<PromotionView, 'at'> | undefined {
  const { stage } = decision;
  // a proposal that fails its gate never stands on the ladder: its reasons are the gate's
  if (!decision.pass) return undefined;
  if (!decision.next) return { state: 'top', stage, why: `passed ${stage}, the top of the ladder` };
  const utility = ctx.score!.utility;
  // the lab's own proposers make thousands of passing variants: only a new best climbs
  if (typeof ctx.input.meta?.runId === 'string' && incumbent && utility <= incumbent.utility) {
    return { state: 'held', stage: decision.next, why: `passed ${stage}; an evolved variant climbs only when it beats ${incumbent.id} (utility ${utility.toFixed(4)} <= ${incumbent.utility.toFixed(4)})` };
  }
  return { state: 'queued', stage: decision.next, why: `passed ${stage}; holds a token for ${decision.next}` };
}

async function execute(d: StepDeps, ctx: LifecycleContext, phase: 'public' | 'heldout', signal: AbortSignal): Promise<RunResult[]> {
  const scenarios = phase === 'public' ? ctx.scenarios!.public : ctx.scenarios!.heldOut;
  const artifact = { id: ctx.artifactId!, sha256: ctx.validated!.sha256, script: ctx.validated!.script };
  // the admission token pays for the public runs; held-out runs get a token of their own
  const { runs, token } = await runAtStage(
    d,
    artifact,
    ctx.niche,
    scenarios,
    {
      from: phase === 'public' ? 'proposed' : d.runner.stage,
      token: phase === 'public' ? ctx.admission : undefined,
      cacheInputs: true,
      // the judge alone reads an evaluation's outputs
      lean: true,
      // an ola run's children carry its run id (proposers/drive.ts)
      priority: ctx.input.meta?.runId === undefined ? 'people' : 'evolution',
    },
    signal,
  );
  if (phase === 'heldout') ctx.heldOutNonce = token.nonce;
  d.onRuns?.(runs);
  return runs;
}
