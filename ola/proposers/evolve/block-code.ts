// puts a building block's functions (and what it needs) into a module ast, once; renamed
// when the module already uses one of its names. adapters are small helpers, in the
// artifact language, that call a block over a numeric series.
import { parseModule, topFunctions, type AnyNode } from './ast.ts';
import { block, withNeeds } from './blocks/catalog.ts';
import { located, namesIn } from './scope.ts';

/** block function name -> the name it has in this module */
export type Names = (name: string) => string;

const ADAPTERS: Record<string, { needs: string; source: string }> = {
  evoLsqEnd: {
    needs: 'least-squares',
    source: `function evoLsqEnd(s, ahead, dflt) {
  const n = s.length;
  if (n < 3) return dflt;
  const xs = [];
  for (let i = 0; i < n; i++) xs.push(i);
  const y = lsqAt(lsqFit(xs, s, null, 0, n, 0, 0), n - 1 + ahead);
  return Number.isFinite(y) ? y : dflt;
}`,
  },
  evoHoltEnd: {
    needs: 'exp-smoothing',
    source: `function evoHoltEnd(s, alpha, beta, ahead, dflt) {
  const n = s.length;
  if (n < 2) return dflt;
  let h = holtInit(s[0]);
  for (let i = 1; i < n; i++) h = holtStep(h, s[i], alpha, beta);
  const y = holtForecast(h, ahead);
  return Number.isFinite(y) ? y : dflt;
}`,
  },
  evoSortIn: {
    needs: 'small-sort',
    source: `function evoSortIn(a) {
  return insertionSort(a, 0, a.length);
}`,
  },
};

function rename(ast: AnyNode, map: Map<string, string>): void {
  if (map.size === 0) return;
  for (const l of located(ast)) if (l.node.type === 'Identifier' && map.has(l.node.name)) l.node.name = map.get(l.node.name)!;
}

/** adds the block (and its needs) unless the module has all of its functions; returns its names here */
export function ensureBlock(ast: AnyNode, name: string): Names {
  const map = new Map<string, string>();
  for (const b of withNeeds([name])) {
    const fns = topFunctions(ast);
    if (b.provides.every((f) => fns.has(f) || fns.has(suffixed(f, fns)))) {
      // already in: maybe under the names a clash gave them
      for (const f of b.provides) if (!fns.has(f)) map.set(f, suffixed(f, fns));
      continue;
    }
    const taken = namesIn(ast);
    const clash = b.provides.some((f) => taken.has(f));
    for (const f of b.provides) if (clash) map.set(f, `${f}Blk`);
    const mod = parseModule(b.source);
    rename(mod, map);
    (ast.body as AnyNode[]).push(...(mod.body as AnyNode[]));
  }
  return (f) => map.get(f) ?? f;
}

const suffixed = (f: string, fns: Map<string, unknown>) => (fns.has(`${f}Blk`) ? `${f}Blk` : f);

/** adds an adapter (and its block) once; returns its name */
export function ensureAdapter(ast: AnyNode, name: keyof typeof ADAPTERS & string): string {
  const a = ADAPTERS[name]!;
  const names = ensureBlock(ast, a.needs);
  if (topFunctions(ast).has(name)) return name;
  const mod = parseModule(a.source);
  rename(mod, new Map(block(a.needs).provides.map((f) => [f, names(f)])));
  (ast.body as AnyNode[]).push(...(mod.body as AnyNode[]));
  return name;
}

export type AdapterName = 'evoLsqEnd' | 'evoHoltEnd' | 'evoSortIn';
