// the driver against hostile policies, run on the host (no isolate): every bad answer is
// recorded as the first problem, in words, and the run stops there.
import { describe, expect, it } from 'vitest';
import { ramStrategyNiche as niche } from './index.ts';
import type { RamInput } from './scenarios.ts';

type Policy = Record<string, unknown>;
type Out = Record<string, unknown> & { badType: string };
const drive = new Function(`'use strict';\n${niche.driver}\nreturn drive;`)() as (a: Policy, input: RamInput) => Out;

// four 3-unit keys through a 10-unit cache: the fourth distinct key needs a victim at access 3
const input: RamInput = { capacity: 10, sizes: Uint8Array.from([3, 3, 3, 3]), keys: Int32Array.from([0, 1, 2, 3, 0, 1, 2, 3]), warmup: 1 };

/** fifo over resident keys, with overrides */
function policy(over: Policy = {}): Policy {
  const q: number[] = [];
  return { init() {}, onInsert: (k: number) => q.push(k), evict: () => q.shift(), ...over };
}

describe('ram.strategy driver', () => {
  it('runs a valid policy to the end with the counts it logs', () => {
    const out = drive(policy(), input);
    expect(out.badType).toBe('');
    expect(out).toMatchObject({ hits: 0, misses: 8, evictions: 5, prefetchLoads: 0, method: '' });
    expect(Array.from(out.codes as Uint8Array)).toEqual([1, 1, 1, 1, 1, 1, 1, 1]);
  });

  it('names each kind of bad answer', () => {
    const cases: [Policy, RegExp][] = [
      [{ evict: () => 'k' }, /^evict returned string, not a key, at access 3$/],
      [{ evict: () => null }, /^evict returned null, not a key/],
      [{ evict: () => [0] }, /^evict returned array, not a key/],
      [{ evict: () => 1.5 }, /^evict returned 1.5, not a key in 0..3/],
      [{ evict: () => Number.NaN }, /^evict returned NaN, not a key/],
      [{ evict: () => 3 }, /^evict returned key 3 which is not resident, at access 3$/],
      [{ admit: () => 1 }, /^admit returned number 1, not a boolean, at access 0$/],
      [{ prefetch: () => 'next' }, /^prefetch returned string at access 0$/],
      [{ prefetch: () => [1, 2, 3, 0, 1] }, /^prefetch returned 5 keys at access 0 \(at most 4\)$/],
      [{ prefetch: () => [1, -1] }, /^prefetch returned number -1, not a key, at access 0$/],
      [{ prefetch: () => [4] }, /^prefetch returned number 4, not a key/],
      [{ admit: true }, /^admit is boolean, not a function$/],
      [{ evict: undefined }, /^init and evict must be functions$/],
    ];
    for (const [over, reason] of cases) expect(drive(policy(over), input).badType).toMatch(reason);
  });

  it('stops at the first bad answer without calling the policy again', () => {
    let calls = 0;
    const out = drive(policy({ evict: () => (calls++, -1), onHit: () => calls++ }), input);
    expect(out.badType).toMatch(/evict returned -1/);
    expect(calls).toBe(1);
  });

  it('hands the policy numbers only, and never a key ahead of time', () => {
    const seen: unknown[] = [];
    const record = (...args: unknown[]) => (seen.push(...args), undefined);
    const out = drive(policy({ init: record, onHit: record, admit: (...a: unknown[]) => (record(...a), true), prefetch: record }), input);
    expect(out.badType).toBe('');
    for (const v of seen) expect(typeof v === 'number' || typeof v === 'boolean').toBe(true);
    // admit(key, size, t): the key is the one being accessed at t, never a later one
    const admits: number[][] = [];
    drive(policy({ admit: (k: number, s: number, t: number) => (admits.push([k, s, t]), true) }), input);
    for (const [k, s, t] of admits) expect([k, s]).toEqual([input.keys[t!], 3]);
  });

  it('loads prefetched keys, skips resident ones, and counts the ones used', () => {
    // prefetching the next key of the loop turns every later access into a hit
    const out = drive(policy({ prefetch: (k: number) => [(k + 1) % 4, k] }), input);
    expect(out.badType).toBe('');
    expect(out.hits).toBe(7);
    expect(out.prefetchUsed).toBe(7);
    expect(Array.from(out.prefetchCounts as Uint8Array)).toEqual([1, 1, 1, 1, 1, 1, 1, 1]);
    expect(Array.from(out.prefetched as Int32Array)).toEqual([1, 2, 3, 0, 1, 2, 3, 0]);
  });

  it('tells the policy about inserts and hits with the prefetch flag', () => {
    const events: string[] = [];
    drive(
      policy({
        onInsert: (k: number, s: number, t: number, early: boolean) => events.push(`i${k}@${t}${early ? 'p' : ''}`),
        onHit: (k: number, t: number) => events.push(`h${k}@${t}`),
        evict: (() => {
          let n = 0;
          return () => [0, 1, 2, 3][n++ % 4];
        })(),
        prefetch: (k: number, t: number) => (t === 0 ? [1] : null),
      }),
      input,
    );
    expect(events.slice(0, 4)).toEqual(['i0@0', 'i1@0p', 'h1@1', 'i2@2']);
  });
});
