// makes one child from a parent (and donors for crossover) with one to three operators.
import type { Rng } from '../../niches/shared/rng.ts';
import { clone, parseModule, print, type AnyNode } from './ast.ts';
import type { OpContext } from './context.ts';
import { pickOperator } from './operators.ts';

export interface Parent {
  id: string;
  /** plain es module javascript */
  module: string;
  ast?: AnyNode;
}

export interface Child {
  source: string;
  ops: string[];
  /** the operators that made it, by name */
  operators: string[];
  /** building blocks they put in or used */
  blocks: string[];
  parents: string[];
}

const MAX_TRIES = 8;
/** children past this size are dropped: the validator's limit is 64 KiB */
export const MAX_CHILD_BYTES = 48 * 1024;

export function astOf(p: Parent): AnyNode {
  p.ast ??= parseModule(p.module);
  return p.ast;
}

export function makeChild(parent: Parent, donors: Parent[], rng: Rng, context: Omit<OpContext, 'blocks'> = {}): Child | undefined {
  const ast = clone(astOf(parent));
  const donorAsts = donors.map(astOf);
  const ctx: OpContext = { ...context, blocks: [] };
  const want = 1 + Math.floor(rng.next() * rng.next() * 3);
  const ops: string[] = [];
  const operators: string[] = [];
  const used = new Set<string>();
  for (let tries = 0; ops.length < want && tries < MAX_TRIES; tries++) {
    const o = pickOperator(rng);
    const d = o.op(ast, rng, donorAsts, ctx);
    if (d) {
      ops.push(d);
      operators.push(o.name);
      if (d.includes('donor') || d.startsWith('crossover') || d.startsWith('transplant')) used.add('donor');
    }
  }
  if (ops.length === 0) return undefined;
  const source = print(ast);
  if (source === print(astOf(parent)) || Buffer.byteLength(source) > MAX_CHILD_BYTES) return undefined;
  const parents = used.has('donor') && donors[0] ? [parent.id, ...donors.map((x) => x.id)] : [parent.id];
  return { source, ops, operators, blocks: [...new Set(ctx.blocks)].sort(), parents };
}
