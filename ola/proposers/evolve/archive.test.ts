import { describe, expect, it } from 'vitest';
import { rng } from '../../niches/shared/rng.ts';
import { Archive, cellOf, Island, novelty, specialty, type Elite } from './archive.ts';

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

  it('files an elite by the scenario where it gained most over the seed', () => {
    const seed = [0.5, 0.5, 0.5];
    expect(specialty([0.5, 0.5, 0.5], seed)).toBe(0);
    // a gain under the rounding step is no specialty
    expect(specialty([0.502, 0.5, 0.5], seed)).toBe(0);
    expect(specialty([0.6, 0.9, 0.4], seed)).toBe(2);
    expect(specialty([0.6, 0.5, 0.5], undefined)).toBe(0);
    // two elites alike in size and loops but good at different scenarios keep both cells
    const i = new Island();
    i.reference = seed;
    const a = { ...elite('a', 0.7), profile: [0.9, 0.5, 0.5] };
    const b = { ...elite('b', 0.6), profile: [0.5, 0.5, 0.8] };
    expect(i.offer(a)).toBe(true);
    expect(i.offer(b)).toBe(true);
    expect(cellOf(a, seed)).not.toBe(cellOf(b, seed));
    expect(i.cells.size).toBe(2);
  });

  it('sometimes picks the more novel parent over the fitter one', () => {
    const i = new Island();
    i.reference = [0, 0, 0, 0];
    // three alike and fit, one unlike the rest and weak; cells differ by specialty and size
    const alike = [0, 1, 2].map((k) => ({ ...elite(`fit${k}`, 0.9, 256 * 2 ** k), profile: [0.9, 0.9, 0.1, 0.1] }));
    const odd = { ...elite('odd', 0.2, 256 * 2 ** 4), profile: [0.1, 0.1, 0.9, 0.9] };
    for (const e of [...alike, odd]) i.offer(e);
    expect(novelty(odd, [...alike, odd])).toBeGreaterThan(novelty(alike[0]!, [...alike, odd]));
    const picks = Array.from({ length: 400 }, (_, n) => i.select(rng(n))!.id);
    const oddShare = picks.filter((p) => p === 'odd').length / picks.length;
    // by fitness alone the weakest wins only when drawn twice (1/16); novelty tournaments add more
    expect(oddShare).toBeGreaterThan(0.09);
    expect(oddShare).toBeLessThan(0.4);
  });
});
