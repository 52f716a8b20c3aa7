// what the gaming tests share: a cheat is judged as a proposal is (public, then held-out, then
// the isolate gate), and must fail where the brief says it should.
import { expect } from 'vitest';
import type { Evaluation } from '../helpers/niche-harness.ts';

/** the gate refused it, and every reason is about the held-out set: the public set was fooled */
export function failsOnHeldOutOnly(e: Evaluation): void {
  expect(e.score.crashes, 'the cheat should run cleanly on the public set').toBe(0);
  expect(e.decision.pass).toBe(false);
  expect(e.decision.reasons.length).toBeGreaterThan(0);
  for (const r of e.decision.reasons) expect(r).toMatch(/^held-out: /);
}

/** the gate refused it, with a reason matching `reason` */
export function gateRefuses(e: Evaluation, reason: RegExp): void {
  expect(e.decision.pass).toBe(false);
  expect(e.decision.reasons.join('; ')).toMatch(reason);
}

/** a js array literal of numbers, rounded to `digits` decimals */
export function numbers(xs: ArrayLike<number>, digits = 3): string {
  return `[${Array.from(xs, (x) => Number(x.toFixed(digits))).join(',')}]`;
}
