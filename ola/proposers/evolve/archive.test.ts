import { describe, expect, it } from 'vitest';
import { rng } from '../../niches/shared/rng.ts';
import { Archive, cellOf, Island, type Elite } from './archive.ts';

const elite = (id: string, fitness: number, bytes = 1000, loops = 1): Elite => ({ id, module: '', fitness, headline: fitness, bytes, loops });

describe('map-elites archive', () => {
  it('keeps the fitter artifact per cell and different behaviours in different cells', () => {
    const i = new Island();
    expect(i.offer(elite('a', 0.5))).toBe(true);
    expect(i.offer(elite('b', 0.4))).toBe(false);
    expect(i.offer(elite('c', 0.6))).toBe(true);
    expect(i.offer(elite('d', 0.1, 20_000))).toBe(true);
    expect(i.offer(elite('e', 0.1, 1000, 4))).toBe(true);
    expect(i.cells.size).toBe(3);
    expect(i.best()?.id).toBe('c');
    expect(cellOf(elite('x', 0, 300, 0))).not.toBe(cellOf(elite('y', 0, 300, 9)));
  });

  it('selects with a pull toward fitness, repeatably', () => {
    const i = new Island();
    for (let k = 0; k < 6; k++) i.offer(elite(`e${k}`, k / 10, 256 * 2 ** k));
    const pick = (seed: number) => Array.from({ length: 200 }, (_, n) => i.select(rng(seed + n))!.fitness);
    const picks = pick(1);
    expect(picks).toEqual(pick(1));
    const mean = picks.reduce((a, b) => a + b, 0) / picks.length;
    expect(mean).toBeGreaterThan(0.25); // uniform would be 0.25
  });

  it('migrates each island best to the next island', () => {
    const a = new Archive(3);
    a.islands[0]!.offer(elite('best', 0.9));
    expect(a.migrate()).toBe(1);
    expect(a.islands[1]!.best()?.id).toBe('best');
    expect(a.best()?.id).toBe('best');
  });
});
