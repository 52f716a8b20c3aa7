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
      return { stage: input.stage, pass: false, reasons: [`niche ${input.niche.id} has no gate for ${input.stage}`], gate: none };
    }
    const reasons = [...check('public', input.score, gate), ...check('held-out', input.heldOut, gate), ...(input.fuzzed ? check('fuzzed', input.fuzzed, gate) : [])];
    return { stage: input.stage, pass: reasons.length === 0, reasons, gate, next: nextStage(input.stage) };
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

function fmt(x: number): string {
  return Number.isInteger(x) ? String(x) : x.toFixed(3);
}
