import { describe, expect, it } from 'vitest';
import { hunks, lineDiff } from './line-diff.ts';

describe('lineDiff', () => {
  it('keeps common lines and marks removed and added ones', () => {
    expect(lineDiff('a\nb\nc\nd', 'a\nc\nx\nd')).toEqual([
      { op: ' ', text: 'a' },
      { op: '-', text: 'b' },
      { op: ' ', text: 'c' },
      { op: '+', text: 'x' },
      { op: ' ', text: 'd' },
    ]);
  });

  it('rebuilds both sides', () => {
    const before = 'let x = 1;\nfunction f() {\n  return x;\n}\n';
    const after = 'let x = 2;\nfunction f() {\n  x++;\n  return x;\n}\n';
    const d = lineDiff(before, after);
    expect(d.filter((l) => l.op !== '+').map((l) => l.text).join('\n')).toBe(before);
    expect(d.filter((l) => l.op !== '-').map((l) => l.text).join('\n')).toBe(after);
  });

  it('folds unchanged stretches into one gap', () => {
    const lines = Array.from({ length: 20 }, (_, i) => `l${i}`);
    const changed = [...lines];
    changed[10] = 'X';
    const h = hunks(lineDiff(lines.join('\n'), changed.join('\n')), 1);
    expect(h).toEqual([null, { op: ' ', text: 'l9' }, { op: '-', text: 'l10' }, { op: '+', text: 'X' }, { op: ' ', text: 'l11' }, null]);
  });
});
