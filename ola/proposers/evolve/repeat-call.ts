// repeat a call: a call that stands as a statement runs 2-8 times in a bounded loop, one of
// its number arguments stepped by the loop index. many of one thing at regular places (rows
// of a table, a batch of updates, a strided scan) is a loop around one call; the count and
// the step are constants that tuning then moves. nested once at most, so a grid can grow.
import { generate } from 'astring';
import type { AnyNode } from './ast.ts';
import { pick, type Operator } from './context.ts';
import { fnOf, freshName, inArithmetic, located, stmt } from './scope.ts';

const COUNTS = [2, 3, 4, 6, 8];
const STEPS = [4, 8, 16, 32, 64, 128];
/** loops a call may already sit in and still be repeated */
const MAX_DEPTH = 1;

const ARITH = new Set(['+', '-', '*', '/', '%']);
const LOOP = /^(For|ForIn|ForOf|While|DoWhile)Statement$/;

/** a number literal, arithmetic, or a name or member the module does arithmetic on */
function numbers(ast: AnyNode): (n: AnyNode) => boolean {
  const known = new Set(located(ast).filter((l) => inArithmetic(l) && (l.node.type === 'Identifier' || l.node.type === 'MemberExpression')).map((l) => generate(l.node as never)));
  return (n) =>
    (n.type === 'Literal' && typeof n.value === 'number') ||
    (n.type === 'BinaryExpression' && ARITH.has(n.operator)) ||
    (n.type === 'UnaryExpression' && n.operator === '-') ||
    ((n.type === 'Identifier' || n.type === 'MemberExpression') && known.has(generate(n as never)));
}

export const repeatCall: Operator = (ast, rng) => {
  const numberish = numbers(ast);
  const sites = located(ast).filter(
    (l) =>
      l.node.type === 'ExpressionStatement' &&
      l.node.expression.type === 'CallExpression' &&
      (l.node.expression.callee.type === 'Identifier' || l.node.expression.callee.type === 'MemberExpression') &&
      (l.node.expression.arguments as AnyNode[]).some(numberish) &&
      l.parent.type === 'BlockStatement' &&
      l.index !== undefined &&
      fnOf(l) !== undefined &&
      l.path.filter((a) => LOOP.test(a.type)).length <= MAX_DEPTH,
  );
  const site = pick(rng, sites);
  if (!site) return undefined;
  const call = site.node.expression as AnyNode;
  const args = call.arguments as AnyNode[];
  const at = pick(rng, args.map((a, i) => (numberish(a) ? i : -1)).filter((i) => i >= 0))!;
  const count = pick(rng, COUNTS)!;
  const step = pick(rng, STEPS)!;
  const i = freshName(ast, 'evoRep');
  const arg = generate(args[at] as never);
  const stepped = args.map((a, k) => (k === at ? `(${arg}) + ${i} * ${step}` : generate(a as never)));
  const callee = generate(call.callee as never);
  const loop = stmt(`for (let ${i} = 0; ${i} < ${count}; ${i}++) { ${callee}(${stepped.join(', ')}); }`);
  (site.parent.body as AnyNode[])[site.index!] = loop;
  return `repeat ${callee}() ${count} times, argument ${at + 1} stepped by ${step}`;
};
