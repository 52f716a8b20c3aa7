// makes one child from a parent (and donors for crossover) with one to three operators.
import type { Rng } from '../../niches/shared/rng.ts';
import { clone, parseModule, print, type AnyNode } from './ast.ts';
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
  parents: string[];
}

const MAX_TRIES = 8;

export function astOf(p: Parent): AnyNode {
  p.ast ??= parseModule(p.module);
  return p.ast;
}

export function makeChild(parent: Parent, donors: Parent[], rng: Rng): Child | undefined {
  const ast = clone(astOf(parent));
  const donorAsts = donors.map(astOf);
  const want = 1 + Math.floor(rng.next() * rng.next() * 3);
  const ops: string[] = [];
  const used = new Set<string>();
  for (let tries = 0; ops.length < want && tries < MAX_TRIES; tries++) {
    const o = pickOperator(rng);
    const d = o.op(ast, rng, donorAsts);
    if (d) {
      ops.push(d);
      if (d.includes('donor') || d.startsWith('crossover')) used.add('donor');
    }
  }
  if (ops.length === 0) return undefined;
  const source = print(ast);
  if (source === print(astOf(parent))) return undefined;
  const parents = used.has('donor') && donors[0] ? [parent.id, ...donors.map((x) => x.id)] : [parent.id];
  return { source, ops, parents };
}
