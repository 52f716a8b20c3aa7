// the operators that add structure (issue #11), on every niche's baseline: what they give
// parses and passes the validator, the same seed gives the same child, insert-block puts a
// block in and calls it, optional-export only adds what the interface allows.
import { describe, expect, it } from 'vitest';
import { ALL_NICHES } from '../../niches/catalog.ts';
import { rng } from '../../niches/shared/rng.ts';
import { AstValidator } from '../../validate/validator.ts';
import { parseModule, print, topFunctions } from './ast.ts';
import { BLOCKS } from './blocks/catalog.ts';
import { interfaceExports } from './context.ts';
import { insertBlock } from './insert-block.ts';
import { extend, lineageOf } from './lineage.ts';
import { makeChild } from './mutate.ts';
import { OPERATORS } from './operators.ts';
import { openExports, optionalExport } from './optional-export.ts';
import { structuralTries, STRUCTURAL } from './structural-tries.ts';

const validator = new AstValidator();
const TRIES = 50;

describe.each(ALL_NICHES.map((n) => [n.id, n] as const))('structural operators on %s', (_id, niche) => {
  it.each(STRUCTURAL)('%s: at least 60% of the children it makes pass the validator', async (name) => {
    const tries = structuralTries(niche, name, TRIES);
    let valid = 0;
    for (const t of tries) if ((await validator.validate({ source: t.source, language: 'js', requiredExports: niche.requiredExports })).ok) valid++;
    // an operator with nothing to attach to on this baseline makes nothing (see the docs)
    if (tries.length > 0) expect(valid / tries.length).toBeGreaterThanOrEqual(0.6);
    expect(tries.every((t) => t.source !== print(parseModule(niche.baseline)))).toBe(true);
  });

  it('is deterministic for a seed', () => {
    for (const name of STRUCTURAL) expect(structuralTries(niche, name, 5)).toEqual(structuralTries(niche, name, 5));
  });
});

describe('insert-block', () => {
  it.each(['clock', 'input.predictor', 'ram.strategy', 'fuse.compress'])('puts a block into the %s baseline and calls it', (id) => {
    const niche = ALL_NICHES.find((n) => n.id === id)!;
    for (let seed = 1; seed <= 10; seed++) {
      const ast = parseModule(niche.baseline);
      const ctx = { blocks: [] as string[] };
      expect(insertBlock(ast, rng(seed), [], ctx)).toMatch(/^insert block /);
      const [used] = ctx.blocks;
      const b = BLOCKS.find((x) => x.name === used)!;
      const fns = topFunctions(ast);
      expect(b.provides.every((f) => fns.has(f))).toBe(true);
      // a call of a block function (or an adapter over it) from the artifact's own code
      const own = print({ ...ast, body: (ast.body as never[]).filter((s: { type: string; id?: { name: string } }) => !(s.type === 'FunctionDeclaration' && s.id && (b.provides.includes(s.id.name) || s.id.name.startsWith('evo')))) } as never);
      expect(own).toMatch(new RegExp(`\\b(${[...b.provides, 'evoLsqEnd', 'evoHoltEnd', 'evoSortIn'].join('|')})\\(`));
    }
  });

  it('adds a block once, however often it is inserted', () => {
    const ast = parseModule(ALL_NICHES.find((n) => n.id === 'clock')!.baseline);
    for (let seed = 1; seed <= 12; seed++) insertBlock(ast, rng(seed), [], { blocks: [] });
    const names = (ast.body as { type: string; id?: { name: string } }[]).filter((s) => s.type === 'FunctionDeclaration').map((s) => s.id!.name);
    expect(new Set(names).size).toBe(names.length);
  });
});

describe('optional-export', () => {
  it('offers only exports the interface allows and the module lacks or leaves trivial', () => {
    const clock = ALL_NICHES.find((n) => n.id === 'clock')!;
    const ram = ALL_NICHES.find((n) => n.id === 'ram.strategy')!;
    const exportsOf = (n: typeof clock) => ({ all: interfaceExports(n.interfaceText), required: n.requiredExports });
    expect(exportsOf(clock).all).toEqual(['sync', 'estimate', 'drift', 'confidence', 'method']);
    // the clock baseline's drift() returns 0: it may be replaced; confidence() is real
    expect(openExports(parseModule(clock.baseline), exportsOf(clock))).toEqual(['drift']);
    expect(openExports(parseModule(ram.baseline), exportsOf(ram)).sort()).toEqual(['admit', 'prefetch']);
    const ast = parseModule(ram.baseline);
    expect(optionalExport(ast, rng(3), [], { exports: exportsOf(ram), blocks: [] })).toMatch(/^export (admit|prefetch)/);
    expect(print(ast)).toMatch(/export function (admit|prefetch)/);
  });
});

describe('child meta', () => {
  it('names the operators and blocks, and the lineage adds them up', () => {
    const clock = ALL_NICHES.find((n) => n.id === 'clock')!;
    const ctx = { niche: 'clock', exports: { all: interfaceExports(clock.interfaceText), required: clock.requiredExports } };
    const children = Array.from({ length: 40 }, (_, s) => makeChild({ id: 'p', module: clock.baseline }, [], rng(s + 1), ctx)).filter((c) => c !== undefined);
    expect(children.every((c) => c.operators.length === c.ops.length && c.operators.every((o) => OPERATORS.some((x) => x.name === o)))).toBe(true);
    const withBlock = children.find((c) => c.blocks.length > 0)!;
    expect(withBlock.operators.some((o) => o === 'insert-block' || o === 'optional-export')).toBe(true);
    const l = extend(extend(undefined, ['insert-block'], ['least-squares']), ['insert-block', 'perturb-constant'], ['hash']);
    expect(l).toEqual({ operators: { 'insert-block': 2, 'perturb-constant': 1 }, blocks: ['hash', 'least-squares'] });
    expect(lineageOf(JSON.parse(JSON.stringify(l)))).toEqual(l);
    expect(lineageOf({ operators: 'x' })).toBeUndefined();
  });
});
