// grow code from a small grammar: an expression over in-scope numbers and constants in
// place of a number, a statement under an `if` on a comparison, a bounded loop over a kept
// array whose result is used. sizes are bounded so sources stay small.
import { generate } from 'astring';
import type { Rng } from '../../niches/shared/rng.ts';
import { replace, type AnyNode } from './ast.ts';
import { pick, type Operator } from './context.ts';
import { declared, expr, fnOf, freshName, inArithmetic, isValueRead, located, numericNames, stmt, type Declared, type Located } from './scope.ts';

const src = (n: AnyNode) => generate(n as never);
/** nodes a statement may hold before it stops growing */
const MAX_STATEMENT_NODES = 60;

const STATEMENT = /Statement$|Declaration$/;

function statementOf(l: Located): AnyNode | undefined {
  for (let i = l.path.length - 1; i >= 0; i--) if (STATEMENT.test(l.path[i]!.type) && l.path[i]!.type !== 'BlockStatement') return l.path[i];
  return undefined;
}

/** declared before this point, in a block that encloses it */
function visible(d: Declared, l: Located, ast: AnyNode): boolean {
  if (d.scope === ast) return true;
  const i = l.path.indexOf(d.scope);
  if (i < 0) return false;
  const child = l.path[i + 1] ?? l.node;
  return d.holder.indexOf(child) > d.index;
}

/** numeric names usable at a point: kept numbers, numeric parameters of its function */
function numbersAt(ast: AnyNode, l: Located, decls: Declared[]): string[] {
  const fn = fnOf(l);
  const params = fn ? located(fn.body).filter((r) => r.node.type === 'Identifier' && inArithmetic(r) && (fn.params as AnyNode[]).some((p) => p.name === r.node.name)).map((r) => r.node.name as string) : [];
  return [...new Set([...decls.filter((d) => visible(d, l, ast)).map((d) => d.name), ...params])].sort();
}

function constants(ast: AnyNode): number[] {
  const lits = located(ast).filter((l) => l.node.type === 'Literal' && typeof l.node.value === 'number').map((l) => l.node.value as number);
  // 0 makes degenerate terms (x * 0, x - 0)
  return [...new Set([0.5, 1, 2, ...lits])].filter((c) => c !== 0).sort((a, b) => a - b);
}

function term(rng: Rng, names: string[], consts: number[]): string {
  return names.length > 0 && rng.chance(0.6) ? pick(rng, names)! : String(pick(rng, consts));
}

const small = (l: Located) => {
  const s = statementOf(l);
  return s !== undefined && located(s).length < MAX_STATEMENT_NODES;
};

export const growExpression: Operator = (ast, rng) => {
  const sites = located(ast).filter(
    (l) =>
      fnOf(l) !== undefined &&
      small(l) &&
      ((l.node.type === 'Literal' && typeof l.node.value === 'number' && isValueRead(l) && !(l.parent.type === 'MemberExpression' && l.key === 'property')) ||
        (l.node.type === 'Identifier' && inArithmetic(l))),
  );
  const site = pick(rng, sites);
  if (!site) return undefined;
  const x = src(site.node);
  const t = term(rng, numbersAt(ast, site, numericNames(ast)).filter((n) => n !== x), constants(ast));
  const form = pick(rng, ['+', '-', '*', 'min', 'max'])!;
  const grown = form === 'min' || form === 'max' ? `Math.${form}(${x}, ${t})` : `(${x} ${form} ${t})`;
  replace(site, expr(grown));
  return `grow ${x} -> ${grown}`;
};

const COMPARE = ['<', '<=', '>', '>='];

export const wrapInIf: Operator = (ast, rng) => {
  const decls = numericNames(ast);
  const sites = located(ast).filter((l) => l.node.type === 'ExpressionStatement' && l.key === 'body' && l.index !== undefined && fnOf(l) !== undefined && numbersAt(ast, l, decls).length > 0);
  const site = pick(rng, sites);
  if (!site) return undefined;
  const names = numbersAt(ast, site, decls);
  const a = pick(rng, names)!;
  const b = term(rng, names.filter((n) => n !== a), constants(ast));
  const test = `${a} ${pick(rng, COMPARE)} ${b}`;
  replace(site, stmt(`if (${test}) ${src(site.node)}`));
  return `wrap a statement in if (${test})`;
};

const TYPED = /^(Int8|Uint8|Int16|Uint16|Int32|Uint32|Float32|Float64)Array$/;

/** arrays of numbers the module keeps or a function builds */
function numericArrays(ast: AnyNode): Declared[] {
  return declared(ast).filter(
    (d) =>
      (d.init?.type === 'ArrayExpression' && (d.init.elements as AnyNode[]).every((e) => e?.type === 'Literal' && typeof e.value === 'number')) ||
      (d.init?.type === 'NewExpression' && TYPED.test(d.init.callee.name ?? '')),
  );
}

export const addLoop: Operator = (ast, rng) => {
  const arrays = numericArrays(ast);
  const decls = numericNames(ast);
  // a statement in a function body that can see an array and reads a number
  const sites = located(ast)
    .filter((l) => l.key === 'body' && l.index !== undefined && fnOf(l) !== undefined && l.parent.type === 'BlockStatement' && l.node.type !== 'FunctionDeclaration')
    .map((l) => ({ l, arrays: arrays.filter((d) => visible(d, l, ast)), reads: located(l.node).filter((r) => r.node.type === 'Identifier' && inArithmetic(r) && fnOf(r) === undefined) }))
    .filter((s) => s.arrays.length > 0 && s.reads.length > 0);
  const site = pick(rng, sites);
  if (!site) return undefined;
  const a = pick(rng, site.arrays)!.name;
  const k = pick(rng, [2, 4, 8, 16])!;
  const acc = freshName(ast, 'evoAcc');
  const i = freshName(ast, 'evoI');
  const n = freshName(ast, 'evoN');
  const max = rng.chance(0.3);
  const body = [
    stmt(`const ${n} = Math.min(${a}.length, ${k});`),
    stmt(`let ${acc} = ${max ? '-Infinity' : '0'};`),
    stmt(`for (let ${i} = 0; ${i} < ${n}; ${i}++) ${max ? `${acc} = Math.max(${acc}, ${a}[${a}.length - 1 - ${i}])` : `${acc} += ${a}[${a}.length - 1 - ${i}]`};`),
  ];
  const r = pick(rng, site.reads)!;
  const x = src(r.node);
  const w = pick(rng, [0.25, 0.5, 1])!;
  const est = max ? `(${n} > 0 ? ${acc} : ${x})` : `(${n} > 0 ? ${acc} / ${n} : ${x})`;
  replace(r, expr(w === 1 ? est : `${x} + ${w} * (${est} - ${x})`));
  const list = site.l.parent.body as AnyNode[];
  list.splice(list.indexOf(site.l.node), 0, ...body);
  return `loop over the last ${k} of ${a} (${max ? 'max' : 'mean'}) into ${x}`;
};

