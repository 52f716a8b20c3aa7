import { describe, expect, it } from 'vitest';
import { table } from './table.ts';

describe('table', () => {
  it('starts every column at the same place however long a cell is', () => {
    const rows = [
      ['clock', 'internal clock', 'a_1'],
      ['fuse.compress', 'compression file system codec, longer than any title before', 'none yet'],
    ];
    const lines = table(['id', 'title', 'best'], rows);
    const cells = [['id', 'title', 'best'], ...rows];
    for (const col of [1, 2]) {
      const starts = lines.map((l, i) => l.indexOf(cells[i]![col]!, cells[i]![0]!.length));
      expect(new Set(starts).size, `column ${col}: ${starts.join(', ')}`).toBe(1);
    }
    expect(lines.every((l) => l === l.trimEnd())).toBe(true);
  });
});
