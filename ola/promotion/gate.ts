// the gate reads its thresholds from the niche's policy (data), per stage.
import type { Comparison, Gate, GateDecision, Niche, Score, StageGate } from '../core/contracts.ts';
import { nextStage, type Stage } from '../core/vocabulary.ts';

const COMPARE: Record<Comparison, (a: number, b: number) => boolean> = {
  '<=': (a, b) => a <= b,
  '>=': (a, b) => a >= b,
  '<': (a, b) => a < b,
  '>': (a, b) => a > b,
  '==': (a, b) => a === b,
};

export class PolicyGate implements Gate {
  decide(input: { niche: Niche; stage: Stage; score: Score; heldOut: Score; fuzzed?: Score }): GateDecision {
    const gate = input.niche.gates[input.stage];
    if (!gate) {
      const none: StageGate = { maxCrashes: 0, minUtility: 1, minEfficiency: 1, thresholds: [], tokenTtlSeconds: 0 };
      const reasons = [`niche ${input.niche.id} has no gate for ${input.stage}`];
      return { stage: input.stage, pass: false, reasons, why: `failed the ${input.stage} gate: ${reasons[0]}`, gate: none };
    }
    const sets: [string, Score][] = [['public', input.score], ['held-out', input.heldOut], ...(input.fuzzed ? [['fuzzed', input.fuzzed] as [string, Score]] : [])];
    const publicFailed = check('public', input.score, gate).length > 0;
    // held-out runs are not spent on an artifact the public set already fails (the cascade)
    const reasons = sets.flatMap(([set, score]) => (set === 'held-out' && score.runs === 0 && publicFailed ? [`held-out: not run, as the public set failed`] : check(set, score, gate)));
    const pass = reasons.length === 0;
    // a pass says what was met, as a fail says what was not
    const why = pass ? `passed the ${input.stage} gate: ${sets.map(([set, score]) => met(set, score, gate)).join('; ')}` : `failed the ${input.stage} gate: ${reasons.join('; ')}`;
    return { stage: input.stage, pass, reasons, why, gate, next: nextStage(input.stage) };
  }

  /** what the public set alone fails: the lifecycle spends held-out runs only when nothing does */
  screen(input: { niche: Niche; stage: Stage; score: Score }): string[] {
    const gate = input.niche.gates[input.stage];
    return gate ? check('public', input.score, gate) : [`niche ${input.niche.id} has no gate for ${input.stage}`];
  }
}

function check(set: string, score: Score, gate: StageGate): string[] {
  const out: string[] = [];
  if (score.runs === 0) return [`${set}: not run`];
  if (score.crashes > gate.maxCrashes) {
    const first = score.scenarios.find((s) => !s.ok)?.reason ?? '';
    out.push(`${set}: ${score.crashes} of ${score.runs} runs failed (allowed ${gate.maxCrashes})${first ? `; first: ${first}` : ''}`);
  }
  if (score.utility < gate.minUtility) out.push(`${set}: utility ${fmt(score.utility)} < ${gate.minUtility}`);
  if (score.efficiency < gate.minEfficiency) out.push(`${set}: efficiency ${fmt(score.efficiency)} < ${gate.minEfficiency}`);
  for (const t of gate.thresholds) {
    const v = score.metrics[t.metric];
    if (v === undefined || !Number.isFinite(v)) out.push(`${set}: ${t.metric} missing`);
    else if (!COMPARE[t.op](v, t.value)) out.push(`${set}: ${t.metric} ${fmt(v)} not ${t.op} ${t.value}`);
  }
  return out;
}

/** what a passing set met, in the words of the checks */
function met(set: string, score: Score, gate: StageGate): string {
  const out = [`${score.crashes} of ${score.runs} runs failed (allowed ${gate.maxCrashes})`, `utility ${fmt(score.utility)} >= ${gate.minUtility}`, `efficiency ${fmt(score.efficiency)} >= ${gate.minEfficiency}`];
  for (const t of gate.thresholds) out.push(`${t.metric} ${fmt(score.metrics[t.metric]!)} ${t.op} ${t.value}`);
  return `${set}: ${out.join(', ')}`;
}

function fmt(x: number): string {
  return Number.isInteger(x) ? String(x) : x.toFixed(3);
}
