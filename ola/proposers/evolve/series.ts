// numeric series a module keeps or sees, for wiring a block in: a scalar it changes
// (tapped after each change), a numeric parameter or `param.field` of a top-level function
// (tapped at its start), or an array it fills (used as it is).
import { clone, topFunctions, type AnyNode } from './ast.ts';
import { assignStatements, inArithmetic, keptArrays, located, numericScalars, reads, sameRef, statementList, type Located } from './scope.ts';

export interface Tapped {
  kind: 'scalar' | 'param';
  /** what is tapped: an identifier or a member expression */
  ref: AnyNode;
  /** puts a state declaration where the series lives */
  declare(decl: AnyNode): void;
  /** puts statements made for the tapped value after each change (or at the function start) */
  tap(make: () => AnyNode[]): void;
  /** places the value is read, to use an estimate there */
  reads: Located[];
}

export interface Kept {
  name: string;
  /** calls that take the array as an argument (e.g. `med(xs)`): a number made from it */
  uses: Located[];
}

const id = (name: string) => ({ type: 'Identifier', name }) as unknown as AnyNode;

const BITWISE = new Set(['|', '&', '^', '<<', '>>', '>>>']);

/** used as an index, counted or in bit operations: an integer a smoothed value would break */
function integral(ast: AnyNode, name: string): boolean {
  return located(ast).some(
    (l) =>
      l.node.type === 'Identifier' &&
      l.node.name === name &&
      ((l.parent.type === 'MemberExpression' && l.parent.computed && l.key === 'property') || l.parent.type === 'UpdateExpression' || (l.parent.type === 'BinaryExpression' && BITWISE.has(l.parent.operator))),
  );
}

function scalars(ast: AnyNode): Tapped[] {
  return numericScalars(ast).filter((d) => !integral(ast, d.name)).map((d) => {
    const ref = id(d.name);
    const changes = assignStatements(d.scope, d.name);
    const at = d.holder[d.index]!;
    return {
      kind: 'scalar' as const,
      ref,
      declare: (decl: AnyNode) => d.holder.splice(d.holder.indexOf(at) + 1, 0, decl),
      tap: (make: () => AnyNode[]) => {
        for (const c of changes) {
          const { list } = statementList(c);
          list.splice(list.indexOf(c.node) + 1, 0, ...make());
        }
      },
      reads: reads(d.scope, (n) => n.type === 'Identifier' && n.name === d.name),
    };
  });
}

function params(ast: AnyNode): Tapped[] {
  const out: Tapped[] = [];
  for (const [, { fn }] of topFunctions(ast)) {
    const names = new Set((fn.params as AnyNode[]).filter((p) => p.type === 'Identifier').map((p) => p.name as string));
    const assigned = located(fn).some((l) => (l.node.type === 'AssignmentExpression' && l.node.left.type === 'Identifier' && names.has(l.node.left.name)) || (l.node.type === 'UpdateExpression' && names.has(l.node.argument.name)));
    if (assigned) continue;
    const numeric = reads(fn, (n) => (n.type === 'Identifier' && names.has(n.name)) || (n.type === 'MemberExpression' && !n.computed && n.object.type === 'Identifier' && names.has(n.object.name)));
    const seen: AnyNode[] = [];
    for (const l of numeric) {
      if (!(inArithmetic(l) || (l.key === 'arguments' && l.node.type === 'MemberExpression'))) continue;
      if (seen.some((s) => sameRef(s, l.node)) || (l.node.type === 'Identifier' && integral(fn, l.node.name))) continue;
      seen.push(l.node);
      const ref = clone(l.node);
      out.push({
        kind: 'param',
        ref,
        declare: (decl: AnyNode) => (ast.body as AnyNode[]).unshift(decl),
        tap: (make: () => AnyNode[]) => (fn.body.body as AnyNode[]).unshift(...make()),
        reads: numeric.filter((r) => sameRef(r.node, ref)),
      });
    }
  }
  return out;
}

export function tappable(ast: AnyNode): Tapped[] {
  return [...scalars(ast), ...params(ast)].filter((t) => t.reads.length > 0);
}

export function kept(ast: AnyNode): Kept[] {
  return keptArrays(ast)
    .map((d) => ({
      name: d.name,
      uses: located(d.scope).filter(
        (l) => l.node.type === 'CallExpression' && l.node.callee.type === 'Identifier' && (l.node.arguments as AnyNode[]).some((a) => a.type === 'Identifier' && a.name === d.name) && l.path.length > 1,
      ),
    }))
    .filter((k) => k.uses.length > 0);
}
