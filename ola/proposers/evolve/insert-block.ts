// insert a building block and wire a call to it where the types plausibly fit: a numeric
// series the module keeps or sees feeds least squares, smoothing, a ring or a median, and
// the estimate replaces (or is blended into) one read of the value; a numeric sort becomes
// an insertion sort; a key parameter feeds a count-min sketch that guards a statement; a
// multiplicative hash gets a better mixer.
import { generate } from 'astring';
import type { Rng } from '../../niches/shared/rng.ts';
import { replace, topFunctions, type AnyNode } from './ast.ts';
import { ensureAdapter, ensureBlock } from './block-code.ts';
import { pick, type Operator } from './context.ts';
import { kept, tappable, type Tapped } from './series.ts';
import { expr, fnOf, freshName, located, stmt, type Located } from './scope.ts';

const src = (n: AnyNode) => generate(n as never);

interface Site {
  block: string;
  /** edits the module; a few words on what it did */
  wire(ast: AnyNode, rng: Rng): string;
}

/** uses an estimate at a read: as it is, or blended with the value it replaces */
function useAt(at: Located, estimate: string, rng: Rng): void {
  const x = src(at.node);
  const w = pick(rng, [0, 0.25, 0.5, 0.75])!;
  replace(at, expr(w === 0 ? estimate : `${x} + ${w} * (${estimate} - ${x})`));
}

function bounded(ast: AnyNode, t: Tapped, rng: Rng, base: string): string {
  const s = freshName(ast, base);
  const n = pick(rng, [8, 16, 32])!;
  const x = src(t.ref);
  t.declare(stmt(`let ${s} = [];`));
  t.tap(() => [stmt(`${s}.push(${x});`), stmt(`if (${s}.length > ${n}) ${s}.shift();`)]);
  return s;
}

function seriesSites(ast: AnyNode, t: Tapped): Site[] {
  const x = src(t.ref);
  const at = (rng: Rng) => pick(rng, t.reads)!;
  return [
    {
      block: 'least-squares',
      wire: (a, rng) => {
        const fn = ensureAdapter(a, 'evoLsqEnd');
        const s = bounded(a, t, rng, 'evoSeries');
        useAt(at(rng), `${fn}(${s}, ${pick(rng, [0, 1])}, ${x})`, rng);
        return `trend of ${x}`;
      },
    },
    {
      block: 'exp-smoothing',
      wire: (a, rng) => {
        if (rng.chance(0.5)) {
          const fn = ensureAdapter(a, 'evoHoltEnd');
          const s = bounded(a, t, rng, 'evoSeries');
          useAt(at(rng), `${fn}(${s}, ${pick(rng, [0.3, 0.5, 0.8])}, ${pick(rng, [0.1, 0.3])}, ${pick(rng, [0, 1])}, ${x})`, rng);
          return `holt forecast of ${x}`;
        }
        const names = ensureBlock(a, 'exp-smoothing');
        const e = freshName(a, 'evoEma');
        t.declare(stmt(`let ${e} = NaN;`));
        t.tap(() => [stmt(`${e} = Number.isNaN(${e}) ? ${x} : ${names('emaNext')}(${e}, ${x}, ${pick(rng, [0.1, 0.3, 0.6])});`)]);
        useAt(at(rng), `(Number.isNaN(${e}) ? ${x} : ${e})`, rng);
        return `ema of ${x}`;
      },
    },
    {
      block: 'ring-buffer',
      wire: (a, rng) => {
        const names = ensureBlock(a, 'ring-buffer');
        const r = freshName(a, 'evoRing');
        t.declare(stmt(`const ${r} = ${names('ringCreate')}(${pick(rng, [4, 8, 16])});`));
        t.tap(() => [stmt(`${names('ringPush')}(${r}, ${x});`)]);
        const mean = rng.chance(0.6);
        useAt(at(rng), mean ? `(${r}.size > 0 ? ${names('ringMean')}(${r}) : ${x})` : `(${r}.size > 1 ? ${names('ringBack')}(${r}, 1) : ${x})`, rng);
        return `${mean ? 'mean' : 'previous'} of ${x} in a ring`;
      },
    },
    {
      block: 'small-sort',
      wire: (a, rng) => {
        const names = ensureBlock(a, 'small-sort');
        const s = bounded(a, t, rng, 'evoSeries');
        useAt(at(rng), `(${s}.length > 0 ? ${names('medianOf')}(${s}, 0, ${s}.length) : ${x})`, rng);
        return `median of recent ${x}`;
      },
    },
  ];
}

function keptSites(ast: AnyNode): Site[] {
  return kept(ast).flatMap((k) => {
    const at = (rng: Rng) => pick(rng, k.uses)!;
    return [
      {
        block: 'least-squares',
        wire: (a: AnyNode, rng: Rng) => {
          const fn = ensureAdapter(a, 'evoLsqEnd');
          const u = at(rng);
          useAt(u, `${fn}(${k.name}, ${pick(rng, [0, 1])}, ${src(u.node)})`, rng);
          return `trend of ${k.name}`;
        },
      },
      {
        block: 'exp-smoothing',
        wire: (a: AnyNode, rng: Rng) => {
          const fn = ensureAdapter(a, 'evoHoltEnd');
          const u = at(rng);
          useAt(u, `${fn}(${k.name}, ${pick(rng, [0.3, 0.5, 0.8])}, ${pick(rng, [0.1, 0.3])}, 0, ${src(u.node)})`, rng);
          return `holt level of ${k.name}`;
        },
      },
      {
        block: 'small-sort',
        wire: (a: AnyNode, rng: Rng) => {
          const names = ensureBlock(a, 'small-sort');
          const u = at(rng);
          useAt(u, `(${k.name}.length > 0 ? ${names('medianOf')}(${k.name}, 0, ${k.name}.length) : ${src(u.node)})`, rng);
          return `median of ${k.name}`;
        },
      },
    ];
  });
}

const isAscending = (f: AnyNode | undefined) =>
  (f?.type === 'ArrowFunctionExpression' || f?.type === 'FunctionExpression') &&
  f.params.length === 2 &&
  f.body.type === 'BinaryExpression' &&
  f.body.operator === '-' &&
  f.body.left.name === f.params[0].name &&
  f.body.right.name === f.params[1].name;

function sortSites(ast: AnyNode): Site[] {
  const sorts = located(ast).filter((l) => l.node.type === 'CallExpression' && l.node.callee.type === 'MemberExpression' && l.node.callee.property.name === 'sort' && isAscending(l.node.arguments[0]));
  return sorts.map((l) => ({
    block: 'small-sort',
    wire: (a: AnyNode) => {
      const fn = ensureAdapter(a, 'evoSortIn');
      replace(l, expr(`${fn}(${src(l.node.callee.object)})`));
      return 'numeric sort as insertion sort';
    },
  }));
}

// not `set`: typed arrays have one too
const MAP_METHODS = new Set(['get', 'delete', 'has']);

function keySites(ast: AnyNode): Site[] {
  const out: Site[] = [];
  for (const [, { fn }] of topFunctions(ast)) {
    for (const p of fn.params as AnyNode[]) {
      if (p.type !== 'Identifier') continue;
      const usedAsKey = /^(key|id)$/i.test(p.name) || located(fn.body).some((l) => l.node.type === 'CallExpression' && MAP_METHODS.has(l.node.callee?.property?.name) && l.node.arguments[0]?.name === p.name);
      const guardable = located(fn).filter((l) => l.node.type === 'ExpressionStatement' && l.key === 'body' && fnOf(l) === fn);
      if (!usedAsKey || guardable.length === 0) continue;
      out.push({
        block: 'count-min',
        wire: (a, rng) => {
          const names = ensureBlock(a, 'count-min');
          const c = freshName(a, 'evoSketch');
          const target = pick(rng, guardable)!;
          const t = pick(rng, [2, 3, 4])!;
          const cmp = rng.chance(0.7) ? '>=' : '<';
          replace(target, stmt(`if (${names('cmsEstimate')}(${c}, ${p.name}) ${cmp} ${t}) ${src(target.node)}`));
          (fn.body.body as AnyNode[]).unshift(stmt(`${names('cmsAdd')}(${c}, ${p.name}, 1);`), stmt(`if (${c}.total >= ${pick(rng, [512, 2048, 8192])}) ${names('cmsHalve')}(${c});`));
          (a.body as AnyNode[]).unshift(stmt(`const ${c} = ${names('cmsCreate')}(${pick(rng, [256, 1024])}, 4);`));
          return `counts of ${p.name} guard a statement (${cmp} ${t})`;
        },
      });
    }
  }
  return out;
}

function hashSites(ast: AnyNode): Site[] {
  const muls = located(ast).filter((l) => l.node.type === 'CallExpression' && l.node.callee.type === 'MemberExpression' && l.node.callee.object.name === 'Math' && l.node.callee.property.name === 'imul' && l.parent.type === 'BinaryExpression' && l.parent.operator === '>>>' && l.key === 'left');
  return muls.map((l) => ({
    block: 'hash',
    wire: (a: AnyNode) => {
      const names = ensureBlock(a, 'hash');
      replace(l, expr(`${names('mix32')}(${src(l.node.arguments[0])})`));
      return 'multiplicative hash as mix32';
    },
  }));
}

export function blockSites(ast: AnyNode): Site[] {
  return [...tappable(ast).flatMap((t) => seriesSites(ast, t)), ...keptSites(ast), ...sortSites(ast), ...keySites(ast), ...hashSites(ast)];
}

export const insertBlock: Operator = (ast, rng, _donors, ctx) => {
  const sites = blockSites(ast);
  // a block first, then one of its sites: blocks with many sites do not crowd the rest out
  const block = pick(rng, [...new Set(sites.map((s) => s.block))].sort());
  if (!block) return undefined;
  const site = pick(rng, sites.filter((s) => s.block === block))!;
  const what = site.wire(ast, rng);
  ctx?.blocks.push(block);
  return `insert block ${block}: ${what}`;
};
