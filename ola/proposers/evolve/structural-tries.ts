// for tests and reports: one structural operator applied to a niche's baseline over seeds
// 1..n, with donors made from the baseline by the same operators (so a transplant has
// something to move).
import type { Niche } from '../../core/contracts.ts';
import { rng } from '../../niches/shared/rng.ts';
import { parseModule, print, type AnyNode } from './ast.ts';
import { interfaceExports, type OpContext } from './context.ts';
import { makeChild } from './mutate.ts';
import { OPERATORS } from './operators.ts';

export const STRUCTURAL = ['insert-block', 'optional-export', 'grow-expression', 'wrap-in-if', 'add-loop', 'repeat-call', 'transplant-function'] as const;

export interface Try {
  seed: number;
  what: string;
  source: string;
  blocks: string[];
}

function donorsOf(niche: Niche, ctx: Omit<OpContext, 'blocks'>): AnyNode[] {
  const out: AnyNode[] = [];
  for (let s = 1; out.length < 3 && s < 60; s++) {
    const c = makeChild({ id: 'donor', module: niche.baseline }, [], rng(1000 + s), ctx);
    if (c && c.operators.some((o) => (STRUCTURAL as readonly string[]).includes(o))) out.push(parseModule(c.source));
  }
  return out;
}

/** the tries where the operator changed something */
export function structuralTries(niche: Niche, name: (typeof STRUCTURAL)[number], n: number): Try[] {
  const op = OPERATORS.find((o) => o.name === name)!.op;
  const context = { niche: niche.id, exports: { all: interfaceExports(niche.interfaceText), required: niche.requiredExports } };
  const donors = donorsOf(niche, context);
  const out: Try[] = [];
  for (let seed = 1; seed <= n; seed++) {
    const ast = parseModule(niche.baseline);
    const ctx: OpContext = { ...context, blocks: [] };
    const what = op(ast, rng(seed), donors, ctx);
    if (what) out.push({ seed, what, source: print(ast), blocks: ctx.blocks });
  }
  return out;
}
