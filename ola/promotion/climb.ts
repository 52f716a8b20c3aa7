// one rung of one artifact's climb: execute (public, then held-out) on the stage's runner,
// score on the host, decide the stage's gate, and record every step. returns the new state.
import { createHash, randomInt } from 'node:crypto';
import type { ArtifactRecord, Gate, Niche, PromotionView, RegistryStore, RunResult, SandboxRunner, Scorer, Validator } from '../core/contracts.ts';
import type { PromotionState, Stage } from '../core/vocabulary.ts';
import type { NicheCatalog } from '../niches/catalog.ts';
import { loadRunnable } from '../validate/runnable.ts';
import { LADDER, stageLimits } from '../core/ladder.ts';
import { runAtStage } from './run-at-stage.ts';
import type { IssuedToken, TokenService } from './tokens.ts';

export interface ClimbDeps {
  store: RegistryStore;
  catalog: NicheCatalog;
  tokens: TokenService;
  scorer: Scorer;
  gate: Gate;
  validator: Validator;
  /** fuzzed seeds from this instead of at random (config promotion.fuzzSeed) */
  fuzzSeed?: number;
}

function summary(runs: RunResult[]) {
  return runs.map(({ output: _o, ...rest }) => rest);
}

/** where the artifact goes after passing `stage` */
export function afterPass(stage: Stage, next: Stage | undefined): Omit<PromotionView, 'at'> {
  if (!next) return { state: 'top', stage, why: `passed ${stage}, the top of the ladder` };
  if (LADDER[next].needsApproval) return { state: 'needs_approval', stage: next, why: `passed ${stage}; entering ${next} needs an operator's approval` };
  return { state: 'queued', stage: next, why: `passed ${stage}; holds a token for ${next}` };
}

/**
 * the token to enter `stage`: the gate's own when it is unspent and unexpired; otherwise
 * (a climb interrupted by a restart spent it, or it expired while the stage was unavailable)
 * a renewed one, recorded with the reason. the authority is the recorded gate decision.
 */
export async function entryToken(d: ClimbDeps, a: ArtifactRecord, stage: Stage, from: Stage): Promise<IssuedToken> {
  const gateToken = [...a.tokens].reverse().find((t) => t.to === stage);
  const fresh = gateToken && Date.parse(gateToken.expiresAt) - Date.now() > 60_000;
  // a token an earlier attempt at this rung entered with is spent: a replay would be refused
  const spent = gateToken !== undefined && a.stages?.[stage]?.tokenNonce === gateToken.nonce;
  if (gateToken && fresh && !spent) {
    return { artifactId: a.id, sha256: a.sha256, from: gateToken.from, to: stage, scopes: [`run:${stage}`], nonce: gateToken.nonce, expiresAt: gateToken.expiresAt, token: gateToken.token };
  }
  const reason = !gateToken
    ? 'no gate token on record'
    : !fresh
      ? 'the gate token expired while the artifact waited'
      : 'the gate token was spent by an attempt that did not finish (interrupted, or the rung went away); the climb resumes';
  const t = await d.tokens.issue({ artifactId: a.id, sha256: a.sha256, from, to: stage, ttlSeconds: 3600 });
  await d.store.append({
    type: 'token_issued',
    subject: a.id,
    payload: { purpose: 'renewal', reason, token: t.token, nonce: t.nonce, expiresAt: t.expiresAt, from: t.from, to: t.to, scopes: t.scopes },
  });
  return t;
}

/** seeds for a climb's fuzzed runs: drawn at random (or from a configured seed, the same for
 * every artifact of a niche, so a test's climb repeats whatever its artifact's id), and recorded */
function fuzzSeeds(n: number, fixed: number | undefined, nicheId: string, stage: Stage): number[] {
  return Array.from({ length: n }, (_, i) =>
    fixed === undefined ? randomInt(1, 2 ** 31) : 1 + (createHash('sha256').update(`${fixed}:${nicheId}:${stage}:${i}`).digest().readUInt32BE(0) % (2 ** 31 - 2)),
  );
}

/** runs `stage` for the artifact; the caller has checked the runner is available */
export async function climbStage(
  d: ClimbDeps,
  a: ArtifactRecord,
  stage: Stage,
  runner: SandboxRunner,
  runnerDetail: Record<string, unknown>,
  signal: AbortSignal,
): Promise<PromotionState> {
  const niche = d.catalog.get(a.niche) as Niche;
  const from = a.stage;
  const token = await entryToken(d, a, stage, from);
  await d.store.append({ type: 'stage_started', subject: a.id, payload: { stage, tokenNonce: token.nonce, runner: runnerDetail } });
  const runnable = await loadRunnable(d, a, niche);
  const limits = stageLimits(niche, stage);
  const set = d.catalog.scenarios(niche.id);
  const t0 = performance.now();
  const pub = await runAtStage({ runner, tokens: d.tokens }, runnable, niche, set.public, { from, token, limits }, signal);
  const score = d.scorer.score(niche, set.public, pub.runs, limits);
  // held-out scenarios only for an artifact that ran cleanly in public, under a token of their own
  const held = score.crashes === 0 ? await runAtStage({ runner, tokens: d.tokens }, runnable, niche, set.heldOut, { from: stage, limits }, signal) : undefined;
  const heldOut = d.scorer.score(niche, set.heldOut, held?.runs ?? [], limits);
  // fuzzed: scenarios from seeds drawn now (recorded), for a rung that asks for them, after clean held-out runs
  const seeds = fuzzSeeds(niche.fuzzRuns?.[stage] ?? 0, d.fuzzSeed, niche.id, stage);
  const fuzzSet = d.catalog.fuzzed(niche.id, seeds);
  const fuzzRuns = held && heldOut.crashes === 0 && fuzzSet.length > 0 ? await runAtStage({ runner, tokens: d.tokens }, runnable, niche, fuzzSet, { from: stage, limits }, signal) : undefined;
  const fuzzed = fuzzSet.length > 0 ? { ...d.scorer.score(niche, fuzzSet, fuzzRuns?.runs ?? [], limits), seeds } : undefined;
  await d.store.append({
    type: 'stage_executed',
    subject: a.id,
    payload: {
      stage,
      ms: Math.round(performance.now() - t0),
      public: { tokenNonce: pub.token.nonce, runs: summary(pub.runs) },
      heldOut: { tokenNonce: held?.token.nonce ?? null, runs: summary(held?.runs ?? []) },
      ...(fuzzed ? { fuzzed: { seeds, tokenNonce: fuzzRuns?.token.nonce ?? null, runs: summary(fuzzRuns?.runs ?? []) } } : {}),
    },
  });
  const decision = d.gate.decide({ niche, stage, score, heldOut, ...(fuzzed ? { fuzzed } : {}) });
  if (!decision.pass) {
    const promotion = { state: 'failed' as const, stage, why: `failed the ${stage} gate: ${decision.reasons.join('; ')}` };
    await d.store.append({ type: 'stage_failed', subject: a.id, payload: { stage, decision, score, heldOut, fuzzed, promotion } });
    return promotion.state;
  }
  if (decision.next) {
    const t = await d.tokens.issue({ artifactId: a.id, sha256: a.sha256, from: stage, to: decision.next, ttlSeconds: decision.gate.tokenTtlSeconds });
    await d.store.append({ type: 'token_issued', subject: a.id, payload: { token: t.token, nonce: t.nonce, expiresAt: t.expiresAt, from: t.from, to: t.to, scopes: t.scopes } });
  }
  const promotion = afterPass(stage, decision.next);
  await d.store.append({ type: 'stage_passed', subject: a.id, payload: { stage, decision, score, heldOut, fuzzed, next: decision.next ?? null, promotion } });
  return promotion.state;
}

/** a stage that could not finish for a reason outside the artifact (a refused token, a bug) */
export async function recordStageError(d: ClimbDeps, a: ArtifactRecord, stage: Stage, reason: string): Promise<void> {
  const promotion = { state: 'failed' as const, stage, why: `${stage} could not run: ${reason}` };
  await d.store.append({ type: 'stage_failed', subject: a.id, payload: { stage, reasons: [reason], promotion } });
}
