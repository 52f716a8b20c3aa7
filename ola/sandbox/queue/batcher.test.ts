// the batching policy alone (no redis): a job goes alone at once while few are in flight, a
// batch goes when full or when its bound is up, never later, and priorities never share one.
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { Batcher } from './batcher.ts';

let sent: { priority: number; items: string[] }[];
const batcher = (policy = { max: 3, waitMs: 5, alone: 2 }) => new Batcher<string>(policy, (priority, items) => void sent.push({ priority, items }));

beforeEach(() => {
  sent = [];
  vi.useFakeTimers();
});
afterEach(() => vi.useRealTimers());

describe('the batcher', () => {
  it('sends a job alone at once while fewer than `alone` others are in flight', () => {
    const b = batcher();
    b.push(1, 'a', 0);
    b.push(1, 'b', 1);
    expect(sent).toEqual([{ priority: 1, items: ['a'] }, { priority: 1, items: ['b'] }]);
    expect(b.size).toBe(0);
  });

  it('sends a batch as soon as it is full', () => {
    const b = batcher();
    for (const x of ['a', 'b', 'c', 'd']) b.push(10, x, 5);
    expect(sent).toEqual([{ priority: 10, items: ['a', 'b', 'c'] }]);
    expect(b.size).toBe(1);
  });

  it('holds a lone job no longer than its bound', () => {
    const b = batcher();
    b.push(10, 'a', 5);
    vi.advanceTimersByTime(4);
    expect(sent).toEqual([]);
    vi.advanceTimersByTime(1);
    expect(sent).toEqual([{ priority: 10, items: ['a'] }]);
  });

  it('counts the bound from the first job of a batch, not the last', () => {
    const b = batcher({ max: 8, waitMs: 5, alone: 0 });
    b.push(10, 'a', 0);
    vi.advanceTimersByTime(3);
    b.push(10, 'b', 1);
    vi.advanceTimersByTime(2);
    expect(sent).toEqual([{ priority: 10, items: ['a', 'b'] }]);
  });

  it('keeps priorities apart, and joins a waiting batch even when few are in flight', () => {
    const b = batcher();
    b.push(10, 'e1', 5);
    b.push(1, 'p1', 5);
    b.push(10, 'e2', 0);
    vi.advanceTimersByTime(5);
    expect(sent).toEqual([{ priority: 10, items: ['e1', 'e2'] }, { priority: 1, items: ['p1'] }]);
  });

  it('gives back a job not sent yet, and forgets everything on clear', () => {
    const b = batcher();
    b.push(10, 'a', 5);
    b.push(10, 'b', 5);
    expect(b.drop((x) => x === 'a')).toBe(true);
    expect(b.drop((x) => x === 'a')).toBe(false);
    b.clear();
    vi.advanceTimersByTime(10);
    expect(sent).toEqual([]);
    expect(b.size).toBe(0);
  });

  it('puts every job alone with max 1', () => {
    const b = batcher({ max: 1, waitMs: 5, alone: 0 });
    b.push(10, 'a', 9);
    expect(sent).toEqual([{ priority: 10, items: ['a'] }]);
  });
});
