// add an optional export the niche's interface allows (or replace one whose body only
// returns a constant), with a body made from the module's own state or a block: a drift
// from a least-squares line through the samples sync sees, a confidence that grows with
// them, an admission filter on counts or size, a read-ahead prefetch.
import type { Rng } from '../../niches/shared/rng.ts';
import { topFunctions, type AnyNode } from './ast.ts';
import { ensureBlock } from './block-code.ts';
import { pick, type Operator } from './context.ts';
import { freshName, stmt } from './scope.ts';

interface Template {
  name: string;
  /** undefined when the module lacks what the body needs */
  make(ast: AnyNode, rng: Rng, blocks: string[]): string | undefined;
}

const paramName = (fn: AnyNode, i: number): string | undefined => (fn.params[i]?.type === 'Identifier' ? fn.params[i].name : undefined);

/** a series of the first two arguments of `fn` (e.g. sync(mono, wall)): times and offsets */
function tapPair(ast: AnyNode, fn: AnyNode, n: number): [string, string] | undefined {
  const a = paramName(fn, 0);
  const b = paramName(fn, 1);
  if (!a || !b) return undefined;
  const ts = freshName(ast, 'evoTimes');
  const vs = freshName(ast, 'evoOffsets');
  (ast.body as AnyNode[]).unshift(stmt(`let ${ts} = [], ${vs} = [];`));
  (fn.body.body as AnyNode[]).unshift(stmt(`${ts}.push(${a});`), stmt(`${vs}.push(${b} - ${a});`), stmt(`if (${ts}.length > ${n}) { ${ts}.shift(); ${vs}.shift(); }`));
  return [ts, vs];
}

/** a counter of calls to `fn` */
function tapCount(ast: AnyNode, fn: AnyNode): string {
  const c = freshName(ast, 'evoCalls');
  (ast.body as AnyNode[]).unshift(stmt(`let ${c} = 0;`));
  (fn.body.body as AnyNode[]).unshift(stmt(`${c}++;`));
  return c;
}

const TEMPLATES: Template[] = [
  {
    name: 'drift',
    make(ast, rng, blocks) {
      const sync = topFunctions(ast).get('sync')?.fn;
      if (!sync) return undefined;
      const pair = tapPair(ast, sync, pick(rng, [8, 16, 32])!);
      if (!pair) return undefined;
      const [ts, vs] = pair;
      if (rng.chance(0.7)) {
        const names = ensureBlock(ast, 'least-squares');
        blocks.push('least-squares');
        add(ast, `export function drift() { if (${ts}.length < 3) return 0; const f = ${names('lsqFit')}(${ts}, ${vs}, null, 0, ${ts}.length, 0, 0); return Number.isFinite(f.b) ? f.b * 1e6 : 0; }`);
        return 'drift from a least-squares line through the sync samples';
      }
      add(ast, `export function drift() { const n = ${ts}.length; if (n < 2 || ${ts}[n - 1] === ${ts}[0]) return 0; return (${vs}[n - 1] - ${vs}[0]) / (${ts}[n - 1] - ${ts}[0]) * 1e6; }`);
      return 'drift from the first and last sync samples';
    },
  },
  {
    name: 'confidence',
    make(ast, rng) {
      const sync = topFunctions(ast).get('sync')?.fn;
      if (!sync) return undefined;
      const c = tapCount(ast, sync);
      add(ast, `export function confidence() { return Math.min(1, ${c} / ${pick(rng, [4, 8, 16])}); }`);
      return 'confidence from the number of sync samples';
    },
  },
  {
    name: 'admit',
    make(ast, rng, blocks) {
      const size = pick(rng, [8, 16, 32, 48])!;
      if (rng.chance(0.4)) {
        add(ast, `export function admit(key, size, t) { return size <= ${size}; }`);
        return `admit objects of at most ${size} units`;
      }
      const names = ensureBlock(ast, 'count-min');
      blocks.push('count-min');
      const c = freshName(ast, 'evoSeen');
      (ast.body as AnyNode[]).unshift(stmt(`const ${c} = ${names('cmsCreate')}(1024, 4);`));
      add(ast, `export function admit(key, size, t) { ${names('cmsAdd')}(${c}, key, 1); if (${c}.total >= ${pick(rng, [4096, 16384])}) ${names('cmsHalve')}(${c}); return ${names('cmsEstimate')}(${c}, key) >= ${pick(rng, [2, 3])} || size <= ${size}; }`);
      return 'admit on a repeated miss (count-min) or a small size';
    },
  },
  {
    name: 'prefetch',
    make(ast, rng) {
      const init = topFunctions(ast).get('init')?.fn;
      if (!init) return undefined;
      const keys = freshName(ast, 'evoKeys');
      while (init.params.length < 2) init.params.push({ type: 'Identifier', name: freshName(ast, init.params.length === 0 ? 'capacity' : 'keyCount') });
      const kc = paramName(init, 1);
      if (!kc) return undefined;
      (ast.body as AnyNode[]).unshift(stmt(`let ${keys} = 0;`));
      (init.body.body as AnyNode[]).unshift(stmt(`${keys} = ${kc};`));
      if (rng.chance(0.5)) {
        const d = pick(rng, [1, 2, 4])!;
        add(ast, `export function prefetch(key, t) { const out = []; for (let i = 1; i <= ${d}; i++) if (key + i < ${keys}) out.push(key + i); return out; }`);
        return `read ahead ${d} key(s)`;
      }
      const last = freshName(ast, 'evoLastKey');
      (ast.body as AnyNode[]).unshift(stmt(`let ${last} = -1;`));
      add(ast, `export function prefetch(key, t) { const d = key - ${last}; ${last} = key; return d > 0 && d <= ${pick(rng, [1, 4, 16])} && key + d < ${keys} ? [key + d] : null; }`);
      return 'prefetch along a detected stride';
    },
  },
  {
    name: 'method',
    make(ast) {
      add(ast, `export const method = 'evolved';`);
      return 'a method name';
    },
  },
];

function add(ast: AnyNode, source: string): void {
  (ast.body as AnyNode[]).push(stmt(source));
}

/** exported names, and the statement that declares each */
function exported(ast: AnyNode): Map<string, AnyNode> {
  const out = new Map<string, AnyNode>();
  for (const s of ast.body as AnyNode[]) {
    if (s.type !== 'ExportNamedDeclaration' || !s.declaration) continue;
    const d = s.declaration;
    if (d.type === 'FunctionDeclaration') out.set(d.id.name, s);
    if (d.type === 'VariableDeclaration') for (const v of d.declarations) if (v.id.type === 'Identifier') out.set(v.id.name, s);
  }
  return out;
}

/** a function whose body returns a constant, or nothing */
const trivial = (s: AnyNode): boolean => {
  const d = s.declaration;
  if (d.type !== 'FunctionDeclaration') return false;
  const body = d.body.body as AnyNode[];
  const arg = body[0]?.argument;
  return body.length === 0 || (body.length === 1 && body[0]!.type === 'ReturnStatement' && (!arg || arg.type === 'Literal' || (arg.type === 'UnaryExpression' && arg.argument.type === 'Literal')));
};

/** the optional exports this module could take: missing, or present with a trivial body */
export function openExports(ast: AnyNode, exports: { all: string[]; required: readonly string[] }): string[] {
  const have = exported(ast);
  const declaredAnywhere = new Set([...topFunctions(ast).keys()]);
  return TEMPLATES.map((t) => t.name).filter((n) => exports.all.includes(n) && !exports.required.includes(n) && (have.has(n) ? trivial(have.get(n)!) : !declaredAnywhere.has(n)));
}

export const optionalExport: Operator = (ast, rng, _donors, ctx) => {
  if (!ctx?.exports) return undefined;
  const name = pick(rng, openExports(ast, ctx.exports));
  if (!name) return undefined;
  const old = exported(ast).get(name);
  const body = ast.body as AnyNode[];
  const at = old ? body.indexOf(old) : -1;
  if (at >= 0) body.splice(at, 1);
  const what = TEMPLATES.find((t) => t.name === name)!.make(ast, rng, ctx.blocks);
  if (!what) {
    if (at >= 0) body.splice(at, 0, old!);
    return undefined;
  }
  return `export ${name}: ${what}`;
};
