// ast-level mutation and crossover. each operator edits `ast` in place and returns a short
// description for the lineage record, or undefined when it found nothing to change.
import type { Rng } from '../../niches/shared/rng.ts';
import { clone, replace, slots, topFunctions, type AnyNode, type Slot } from './ast.ts';
import { pick, type Operator } from './context.ts';
import { addLoop, growExpression, wrapInIf } from './grow.ts';
import { insertBlock } from './insert-block.ts';
import { optionalExport } from './optional-export.ts';
import { repeatCall } from './repeat-call.ts';
import { transplantFunction } from './transplant.ts';

export type { Operator };

const SWAPS: string[][] = [
  ['+', '-'],
  ['*', '/'],
  ['<', '<=', '>', '>='],
  ['===', '!=='],
  ['==', '!='],
  ['&&', '||'],
  ['<<', '>>', '>>>'],
  ['&', '|', '^'],
];
const MEMBER_SWAPS: string[][] = [
  ['min', 'max'],
  ['floor', 'ceil', 'round', 'trunc'],
  ['shift', 'pop'],
  ['push', 'unshift'],
];

/** numbers outside keys and property names: tune a constant */
export const perturbConstant: Operator = (ast, rng) => {
  const lits = slots(ast).filter((s) => s.node.type === 'Literal' && typeof s.node.value === 'number' && s.key !== 'key' && s.key !== 'property');
  const s = pick(rng, lits);
  if (!s) return undefined;
  const v = s.node.value as number;
  let next: number;
  if (Number.isInteger(v) && Math.abs(v) < 64) next = v + pick(rng, [-2, -1, 1, 2])!;
  else if (v === 0) next = pick(rng, [0.001, 0.01, 0.1, 1])!;
  else next = v * Math.exp(rng.gauss(0, 0.35));
  if (Number.isInteger(v) && Math.abs(v) >= 64) next = Math.round(next);
  next = Number(next.toPrecision(6));
  if (next === v) return undefined;
  replace(s, next < 0 ? { type: 'UnaryExpression', operator: '-', prefix: true, argument: { type: 'Literal', value: -next } } as never : { type: 'Literal', value: next } as never);
  return `constant ${v} -> ${next}`;
};

export const swapOperator: Operator = (ast, rng) => {
  const cands = slots(ast).filter(
    (s) =>
      ((s.node.type === 'BinaryExpression' || s.node.type === 'LogicalExpression') && SWAPS.some((g) => g.includes(s.node.operator))) ||
      (s.node.type === 'MemberExpression' && !s.node.computed && MEMBER_SWAPS.some((g) => g.includes(s.node.property?.name))),
  );
  const s = pick(rng, cands);
  if (!s) return undefined;
  if (s.node.type === 'MemberExpression') {
    const group = MEMBER_SWAPS.find((g) => g.includes(s.node.property.name))!;
    const to = pick(rng, group.filter((x) => x !== s.node.property.name))!;
    const from = s.node.property.name;
    s.node.property = { type: 'Identifier', name: to };
    return `member .${from} -> .${to}`;
  }
  const group = SWAPS.find((g) => g.includes(s.node.operator))!;
  const to = pick(rng, group.filter((x) => x !== s.node.operator))!;
  const from = s.node.operator;
  s.node.operator = to;
  // && and || are logical, the rest binary
  s.node.type = to === '&&' || to === '||' ? 'LogicalExpression' : 'BinaryExpression';
  return `operator ${from} -> ${to}`;
};

/** statements inside function bodies (never the module's top level: exports stay put) */
function innerBlocks(ast: AnyNode): AnyNode[][] {
  return slots(ast)
    .filter((s) => s.node.type === 'BlockStatement' && s.parent !== ast)
    .map((s) => s.node.body as AnyNode[]);
}

const movable = (n: AnyNode) => n.type !== 'VariableDeclaration' && n.type !== 'FunctionDeclaration' && n.type !== 'ReturnStatement';

export const deleteStatement: Operator = (ast, rng) => {
  const cands = innerBlocks(ast).flatMap((b) => b.map((n, i) => ({ b, i, n }))).filter((x) => movable(x.n));
  const c = pick(rng, cands);
  if (!c) return undefined;
  c.b.splice(c.i, 1);
  return `delete ${c.n.type}`;
};

export const swapStatements: Operator = (ast, rng) => {
  const cands = innerBlocks(ast).flatMap((b) => b.slice(0, -1).map((n, i) => ({ b, i }))).filter((x) => movable(x.b[x.i]!) && movable(x.b[x.i + 1]!));
  const c = pick(rng, cands);
  if (!c) return undefined;
  [c.b[c.i], c.b[c.i + 1]] = [c.b[c.i + 1]!, c.b[c.i]!];
  return 'swap adjacent statements';
};

/** copy a statement from this or a donor's function bodies into a function body here */
export const insertStatement: Operator = (ast, rng, donors) => {
  const targets = innerBlocks(ast);
  const source = pick(rng, [ast, ...donors])!;
  const pool = innerBlocks(source).flat().filter((n) => n.type === 'ExpressionStatement' || n.type === 'IfStatement');
  const stmt = pick(rng, pool);
  const block = pick(rng, targets);
  if (!stmt || !block) return undefined;
  const at = rng.int(0, block.length + 1);
  // never after a return: it would never run
  const cut = block.findIndex((n) => n.type === 'ReturnStatement');
  block.splice(cut >= 0 ? Math.min(at, cut) : at, 0, clone(stmt));
  return `insert ${stmt.type}${source === ast ? '' : ' from a donor'}`;
};

const EXPR = new Set(['BinaryExpression', 'CallExpression', 'ConditionalExpression', 'LogicalExpression']);

/** replace an expression with one of the same kind from a donor */
export const replaceExpression: Operator = (ast, rng, donors) => {
  const donor = pick(rng, donors);
  if (!donor) return undefined;
  const mine = slots(ast).filter((s) => EXPR.has(s.node.type) && s.key !== 'callee');
  const target = pick(rng, mine);
  if (!target) return undefined;
  const theirs = slots(donor).filter((s) => s.node.type === target.node.type);
  const from = pick(rng, theirs);
  if (!from) return undefined;
  replace(target, clone(from.node));
  return `replace ${target.node.type} from a donor`;
};

/** crossover: take a whole top-level function of the same name from a donor */
export const crossFunction: Operator = (ast, rng, donors) => {
  const donor = pick(rng, donors);
  if (!donor) return undefined;
  const theirs = topFunctions(donor);
  const mine = [...topFunctions(ast).entries()].filter(([name]) => theirs.has(name));
  const hit = pick(rng, mine);
  if (!hit) return undefined;
  const [name, { fn }] = hit;
  const other = theirs.get(name)!.fn;
  fn.params = clone(other.params);
  fn.body = clone(other.body);
  return `crossover function ${name}`;
};

export const OPERATORS: { name: string; weight: number; op: Operator }[] = [
  { name: 'perturb-constant', weight: 5, op: perturbConstant },
  { name: 'swap-operator', weight: 2, op: swapOperator },
  { name: 'insert-statement', weight: 1, op: insertStatement },
  { name: 'delete-statement', weight: 1, op: deleteStatement },
  { name: 'swap-statements', weight: 1, op: swapStatements },
  { name: 'replace-expression', weight: 1, op: replaceExpression },
  { name: 'cross-function', weight: 1, op: crossFunction },
  // operators that add structure (issue #11)
  { name: 'insert-block', weight: 2, op: insertBlock },
  { name: 'optional-export', weight: 1, op: optionalExport },
  { name: 'grow-expression', weight: 1, op: growExpression },
  { name: 'wrap-in-if', weight: 1, op: wrapInIf },
  { name: 'add-loop', weight: 1, op: addLoop },
  { name: 'repeat-call', weight: 1, op: repeatCall },
  { name: 'transplant-function', weight: 1, op: transplantFunction },
];

export function pickOperator(rng: Rng): (typeof OPERATORS)[number] {
  const total = OPERATORS.reduce((a, o) => a + o.weight, 0);
  let r = rng.next() * total;
  for (const o of OPERATORS) if ((r -= o.weight) < 0) return o;
  return OPERATORS[0]!;
}

export type { Slot };
