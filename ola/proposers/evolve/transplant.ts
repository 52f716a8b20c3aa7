// transplant a function from another artifact of the niche (an archive donor, or one from
// the registry's history) with what it needs: the top-level functions and variables it
// refers to that this module lacks. it replaces the function of the same name, or adds an
// export the niche allows that this module lacks.
import { clone, print, topFunctions, type AnyNode } from './ast.ts';
import { pick, type Operator } from './context.ts';
import { located } from './scope.ts';

/** top-level declarations by the names they declare */
function topLevel(ast: AnyNode): Map<string, AnyNode> {
  const out = new Map<string, AnyNode>();
  for (const s of ast.body as AnyNode[]) {
    const d = s.type === 'ExportNamedDeclaration' ? s.declaration : s;
    if (d?.type === 'FunctionDeclaration') out.set(d.id.name, s);
    if (d?.type === 'VariableDeclaration') for (const v of d.declarations) if (v.id.type === 'Identifier') out.set(v.id.name, s);
  }
  return out;
}

/** donor statements `fn` needs that `ast` lacks, dependencies first; undefined on a clash */
function needs(donor: AnyNode, fn: AnyNode, ast: AnyNode): AnyNode[] | undefined {
  const theirs = topLevel(donor);
  const mine = topLevel(ast);
  const out: AnyNode[] = [];
  const visit = (node: AnyNode): boolean => {
    for (const l of located(node)) {
      if (l.node.type !== 'Identifier') continue;
      const s = theirs.get(l.node.name);
      if (!s || s === node || out.includes(s) || mine.has(l.node.name)) continue;
      // a declaration of several names must bring all of them or none
      const names = [...theirs].filter(([, v]) => v === s).map(([k]) => k);
      if (names.some((n) => mine.has(n))) return false;
      out.push(s);
      if (!visit(s)) return false;
    }
    return true;
  };
  return visit(fn) ? out : undefined;
}

export const transplantFunction: Operator = (ast, rng, donors, ctx) => {
  const pool = [...donors, ...(ctx?.history ?? [])];
  const mine = topFunctions(ast);
  const have = topLevel(ast);
  const allowed = ctx?.exports?.all ?? [];
  const cands: { donor: AnyNode; name: string; stmt: AnyNode }[] = [];
  for (const donor of pool) {
    for (const [name, { fn }] of topFunctions(donor)) {
      const stmt = topLevel(donor).get(name)!;
      const replaceable = mine.has(name) && print(mine.get(name)!.fn.body) !== print(fn.body);
      const addable = !have.has(name) && stmt.type === 'ExportNamedDeclaration' && allowed.includes(name);
      if (replaceable || addable) cands.push({ donor, name, stmt });
    }
  }
  const c = pick(rng, cands);
  if (!c) return undefined;
  const deps = needs(c.donor, c.stmt, ast);
  if (!deps) return undefined;
  const body = ast.body as AnyNode[];
  const hit = mine.get(c.name);
  if (hit) {
    const fn = (c.stmt.type === 'ExportNamedDeclaration' ? c.stmt.declaration : c.stmt) as AnyNode;
    hit.fn.params = clone(fn.params);
    hit.fn.body = clone(fn.body);
  } else body.push(clone(c.stmt));
  // variables first, in the donor's order, then functions at the end
  const vars = deps.filter((s) => s.type === 'VariableDeclaration' || s.declaration?.type === 'VariableDeclaration');
  const fns = deps.filter((s) => !vars.includes(s));
  const order = (xs: AnyNode[]) => xs.sort((a, b) => (c.donor.body as AnyNode[]).indexOf(a) - (c.donor.body as AnyNode[]).indexOf(b));
  body.unshift(...order(vars).map((s) => clone(s)));
  body.push(...order(fns).map((s) => clone(s)));
  return `transplant ${c.name}${deps.length > 0 ? ` with ${deps.length} declaration(s) it needs` : ''}${hit ? '' : ' (a new export)'}`;
};
