// evaluates one artifact against one niche through the real pieces (validator, isolate
// runner, host scorer, policy gate), without a lab. for niche tests.
import { generateKeyPairSync } from 'node:crypto';
import type { GateDecision, Niche, RunResult, Scenario, Score } from '../../ola/core/contracts.ts';
import { tmpStorage } from '../../ola/core/tmp-storage.ts';
import { NicheCatalog } from '../../ola/niches/catalog.ts';
import { PolicyGate } from '../../ola/promotion/gate.ts';
import { runAtStage } from '../../ola/promotion/run-at-stage.ts';
import { TokenService } from '../../ola/promotion/tokens.ts';
import { IsolateRunner } from '../../ola/sandbox/isolate-runner.ts';
import { TokenGuard } from '../../ola/sandbox/runner.ts';
import { HostScorer } from '../../ola/score/host-scorer.ts';
import { AstValidator } from '../../ola/validate/validator.ts';

export interface Evaluation {
  score: Score;
  heldOut: Score;
  decision: GateDecision;
  runs: RunResult[];
}

export interface NicheHarness {
  /** lean: the inputs the lifecycle's evaluations use (Niche.leanInput) */
  evaluate(source: string, language?: 'js' | 'ts', o?: { lean?: boolean }): Promise<Evaluation>;
  /** the artifact on these scenarios alone, scored (fuzzed sets, say) */
  scoreOn(source: string, scenarios: Scenario[]): Promise<Score>;
  catalog: NicheCatalog;
  close(): Promise<void>;
}

/** one runner shared by a test file; a fixed held-out key so runs repeat */
export function nicheHarness(niche: Niche, opts: { storageDir?: string } = {}): NicheHarness {
  const storage = opts.storageDir ? { dir: opts.storageDir, cleanup: () => undefined } : tmpStorage();
  const keys = generateKeyPairSync('ed25519');
  const tokens = new TokenService(keys);
  const runner = new IsolateRunner(new TokenGuard(tokens), { workers: 1, graceMs: 1000 });
  const catalog = new NicheCatalog({ heldOutKey: Buffer.alloc(32, 7), storageDir: storage.dir }, [niche]);
  const validator = new AstValidator();
  const scorer = new HostScorer();
  const gate = new PolicyGate();
  const signal = new AbortController().signal;
  const runnable = async (source: string, language: 'js' | 'ts') => {
    const v = await validator.validate({ source, language, requiredExports: niche.requiredExports });
    if (!v.ok) throw new Error(`rejected: ${v.rejections.map((r) => `${r.rule} ${r.line}:${r.column} ${r.message}`).join('; ')}`);
    return { id: `a_${v.value.sha256.slice(0, 26).toUpperCase()}`, sha256: v.value.sha256, script: v.value.script };
  };
  return {
    catalog,
    async scoreOn(source, scenarios) {
      const artifact = await runnable(source, 'js');
      const { runs } = await runAtStage({ runner, tokens }, artifact, niche, scenarios, { from: 'proposed' }, signal);
      return scorer.score(niche, scenarios, runs, niche.limits);
    },
    async evaluate(source, language = 'js', o = {}) {
      const artifact = await runnable(source, language);
      const set = catalog.scenarios(niche.id);
      // a fresh single-use token per job, as the lifecycle does
      const run = async (scenarios: typeof set.public) => (await runAtStage({ runner, tokens }, artifact, niche, scenarios, { from: 'proposed', lean: o.lean === true }, signal)).runs;
      const runs = await run(set.public);
      const score = scorer.score(niche, set.public, runs, niche.limits);
      // like the lifecycle: held-out scenarios only for artifacts that ran cleanly in public
      const heldRuns = score.crashes === 0 ? await run(set.heldOut) : [];
      const heldOut = scorer.score(niche, set.heldOut, heldRuns, niche.limits);
      const decision = gate.decide({ niche, stage: 'isolate', score, heldOut });
      return { score, heldOut, decision, runs: [...runs, ...heldRuns] };
    },
    async close() {
      await runner.close();
      storage.cleanup();
    },
  };
}

/** the first failure reason of an evaluation (public runs first) */
export function firstFailure(e: Evaluation): string {
  return [...e.score.scenarios, ...e.heldOut.scenarios].find((s) => !s.ok)?.reason ?? e.decision.reasons.join('; ');
}
