// what an operator may know beyond the module: the niche's interface, and where it notes
// the building blocks it used (for the child's meta and the report).
import type { Rng } from '../../niches/shared/rng.ts';
import type { AnyNode } from './ast.ts';

export interface OpContext {
  niche?: string;
  /** exports the niche's interface declares, and those it requires */
  exports?: { all: string[]; required: readonly string[] };
  /** modules of the niche from the registry's history, for transplants */
  history?: AnyNode[];
  /** blocks the operators used, appended as they run */
  blocks: string[];
}

export type Operator = (ast: AnyNode, rng: Rng, donors: AnyNode[], ctx?: OpContext) => string | undefined;

export const pick = <T>(rng: Rng, xs: readonly T[]): T | undefined => (xs.length === 0 ? undefined : xs[rng.int(0, xs.length)]);

/** exported names an interface.d.ts declares (functions and consts) */
export function interfaceExports(text: string): string[] {
  return [...new Set([...text.matchAll(/^export (?:declare )?(?:function|const|let) ([A-Za-z_$][\w$]*)/gm)].map((m) => m[1]!))];
}
