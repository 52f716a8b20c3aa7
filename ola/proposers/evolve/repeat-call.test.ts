// repeat-call: a call statement in a bounded loop, one number argument stepped by the index;
// never a non-number argument, and nested once at most.
import { describe, expect, it } from 'vitest';
import { rng } from '../../niches/shared/rng.ts';
import { loopCount, parseModule, print } from './ast.ts';
import { repeatCall } from './repeat-call.ts';

const depth = (source: string): number => {
  let d = 0, max = 0;
  for (const line of source.split('\n')) {
    if (/^\s*for \(/.test(line)) max = Math.max(max, ++d);
    else if (/^\s*}\s*$/.test(line) && d > 0) d--;
  }
  return max;
};

describe('repeat-call', () => {
  it('puts a call in a loop and steps one of its number arguments by the index', () => {
    const ast = parseModule('export function frame(fb, s) {\n  fb.fillRect(10, 20, 30, 40, 1, 2, 3);\n}');
    const what = repeatCall(ast, rng(1), []);
    expect(what).toMatch(/^repeat fb\.fillRect\(\) [2-8] times, argument [1-7] stepped by \d+$/);
    const out = print(ast);
    const [, count, arg, step] = /repeat fb\.fillRect\(\) (\d) times, argument (\d) stepped by (\d+)/.exec(what!)!;
    expect(out).toContain(`for (let evoRep = 0; evoRep < ${count}; evoRep++)`);
    const args = /fb\.fillRect\(([^;]*)\);/.exec(out)![1]!.split(', ');
    expect(args[Number(arg) - 1]).toMatch(new RegExp(`^\\d+ \\+ evoRep \\* ${step}$`));
    expect(loopCount(ast)).toBe(1);
  });

  it('steps only numbers: not the buffer, not a string', () => {
    for (let seed = 1; seed <= 20; seed++) {
      const ast = parseModule("export function frame(fb, s) {\n  draw(fb, 'title', 5);\n}");
      expect(repeatCall(ast, rng(seed), [])).toMatch(/argument 3 stepped/);
    }
    // a call with no number argument is left alone
    expect(repeatCall(parseModule("export function frame(fb) { draw(fb, 'title'); }"), rng(1), [])).toBeUndefined();
  });

  it('nests once at most, however often it is applied', () => {
    const ast = parseModule('export function frame(fb, s) {\n  fb.fillRect(10, 20, 30, 40, 1, 2, 3);\n}');
    for (let seed = 1; seed <= 30; seed++) repeatCall(ast, rng(seed), []);
    expect(depth(print(ast))).toBe(2);
  });
});
