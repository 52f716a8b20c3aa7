import { describe, expect, it } from 'vitest';
import { clockNiche } from '../../niches/clock/index.ts';
import { rng } from '../../niches/shared/rng.ts';
import { AstValidator } from '../../validate/validator.ts';
import { parseModule, print } from './ast.ts';
import { crossFunction, deleteStatement, insertStatement, OPERATORS, perturbConstant, replaceExpression, swapOperator, swapStatements } from './operators.ts';
import { makeChild } from './mutate.ts';

const parent = clockNiche.baseline;
const donor = `export function sync(mono, wall) { last = wall - mono; n = n + 1; }
export function estimate(mono) { return last === undefined ? mono : mono + last * (n > 2 ? 1 : 1); }
let last; let n = 0;`;

describe('ast operators', () => {
  it.each([
    ['perturbConstant', perturbConstant],
    ['swapOperator', swapOperator],
    ['deleteStatement', deleteStatement],
    ['swapStatements', swapStatements],
    ['insertStatement', insertStatement],
    ['replaceExpression', replaceExpression],
    ['crossFunction', crossFunction],
  ] as const)('%s changes the module and keeps it parseable', (_name, op) => {
    let changed = 0;
    for (let seed = 1; seed <= 20; seed++) {
      const ast = parseModule(parent);
      const what = op(ast, rng(seed), [parseModule(donor)]);
      if (!what) continue;
      const out = print(ast);
      expect(() => parseModule(out)).not.toThrow();
      if (out !== print(parseModule(parent))) changed++;
    }
    expect(changed).toBeGreaterThan(0);
  });

  it('crossover takes the donor function whole', () => {
    const ast = parseModule(parent);
    expect(crossFunction(ast, rng(1), [parseModule(donor)])).toMatch(/crossover function (sync|estimate)/);
    expect(print(ast)).toMatch(/last = wall - mono|mono \+ last/);
  });

  it('makes the same child from the same seed, and children pass the validator', async () => {
    const v = new AstValidator();
    const a = makeChild({ id: 'p', module: parent }, [{ id: 'd', module: donor }], rng(42));
    const b = makeChild({ id: 'p', module: parent }, [{ id: 'd', module: donor }], rng(42));
    expect(a).toBeDefined();
    expect(a).toEqual(b);
    let valid = 0;
    for (let s = 1; s <= 40; s++) {
      const c = makeChild({ id: 'p', module: parent }, [{ id: 'd', module: donor }], rng(s));
      if (!c) continue;
      const r = await v.validate({ source: c.source, language: 'js', requiredExports: clockNiche.requiredExports });
      if (r.ok) valid++;
      expect(c.parents[0]).toBe('p');
    }
    expect(valid).toBeGreaterThan(30);
  });

  it('weights every operator', () => {
    expect(OPERATORS.every((o) => o.weight > 0)).toBe(true);
  });
});
