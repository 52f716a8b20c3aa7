import { describe, expect, it } from 'vitest';
import { plotRows } from './plot-data.ts';

describe('plotRows', () => {
  it('merges series by x and sorts numeric x', () => {
    const rows = plotRows({ id: 'p', kind: 'line', title: 't', x: 'x', y: 'y', series: [{ name: 'a', points: [[2, 5], [1, 4]] }, { name: 'b', points: [[1, 7]] }] });
    expect(rows).toEqual([{ x: 1, a: 4, b: 7 }, { x: 2, a: 5 }]);
  });
});
