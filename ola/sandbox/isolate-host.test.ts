import { afterAll, describe, expect, it } from 'vitest';
import { sha256Hex } from '../registry/chain.ts';
import { toScript } from '../validate/validator.ts';
import { ChildPool, forkIsolateHost } from './child-pool.ts';
import { CODE_CACHE_SIZE, type ParentMessage } from './protocol.ts';

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

  it('sends an artifact\'s script and a driver to a child once, and again only after the child has let it go', async () => {
    const sent: Extract<ParentMessage, { kind: 2 }>['job'][] = [];
    const watched = new ChildPool({
      size: 1,
      graceMs: 500,
      launch: () => {
        const c = forkIsolateHost();
        const send = c.proc.send.bind(c.proc) as (m: unknown) => boolean;
        c.proc.send = ((m: ParentMessage) => {
          if (m.kind === 2) sent.push(m.job);
          return send(m);
        }) as typeof c.proc.send;
        return c;
      },
    });
    try {
      const drivers = ['function drive(a, input) { return a.run(input); }', 'function drive(a, input) { return a.run(input + 1000); }'];
      const n = CODE_CACHE_SIZE + 8;
      const go = async (i: number) => {
        const src = `export function run(x) { return x * 2 + ${i}; }`;
        const [r] = await watched.run({ sha256: sha256Hex(src), script: await toScript(src), driver: drivers[i % 2]!, limits: { memoryMb: 64, cpuMs: 1000, wallMs: 2000, maxOutputBytes: 1024 }, inputs: [{ scenarioId: 's', input: i }] }, signal);
        expect(r!.ok, r!.error?.message).toBe(true);
        expect(r!.output).toBe((i + (i % 2) * 1000) * 2 + i);
        return sent.at(-1)!;
      };
      for (let i = 0; i < n; i++) expect((await go(i)).script).toBeDefined();
      // the newest ones are still held: the key alone goes
      const again = await go(n - 1);
      expect(again.script).toBeUndefined();
      expect(again.driver).toBeUndefined();
      // the oldest were let go (first in, first out), so they go whole again, and run right
      expect((await go(0)).script).toBeDefined();
      expect(sent.filter((j) => j.driver !== undefined).length).toBeLessThan(sent.length / 4);
    } finally {
      await watched.close();
    }
  });
});
