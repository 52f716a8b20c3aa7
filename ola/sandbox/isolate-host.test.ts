import { afterAll, describe, expect, it } from 'vitest';
import { sha256Hex } from '../registry/chain.ts';
import { toScript } from '../validate/validator.ts';
import { ChildPool } from './child-pool.ts';

const pool = new ChildPool({ size: 1, graceMs: 500 });
afterAll(() => pool.close());
const signal = new AbortController().signal;

// the artifact writes into its input: a cached input is serialized once per host, and every run must still get its own copy
const SRC = `export function run(x) { const seen = x.a[0]; x.a[0] = 99; x.n++; console.log('saw', seen); return { seen, n: x.n }; }`;

async function job(inputs: { scenarioId: string; input: unknown; cacheKey?: string }[]) {
  return { sha256: sha256Hex(SRC), script: await toScript(SRC), driver: 'function drive(a, input) { return a.run(input); }', limits: { memoryMb: 64, cpuMs: 1000, wallMs: 2000, maxOutputBytes: 1024 }, inputs };
}

describe('the isolate host', () => {
  it('gives every run a fresh copy of a cached input, in later jobs too', async () => {
    const input = { a: new Uint8Array([7]), n: 1 };
    const keyed = [{ scenarioId: 's1', input, cacheKey: 'k1' }, { scenarioId: 's2', input, cacheKey: 'k1' }];
    const first = await pool.run(await job(keyed), signal);
    // the second job sends the key alone: the host answers from what it holds
    const second = await pool.run(await job(keyed), signal);
    for (const r of [...first, ...second]) {
      expect(r.ok, r.error?.message).toBe(true);
      expect(r.output).toEqual({ seen: 7, n: 2 });
      expect(r.logs).toEqual(['log saw 7']);
    }
    expect(input.a[0]).toBe(7);
  });
});
