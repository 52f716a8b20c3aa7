// the pool's promise to the rungs that use it: a child that ran an artifact runs only that
// artifact again, never another (watched at the message each child receives).
import { afterAll, expect, it } from 'vitest';
import { CALL_RUN, TEST_LIMITS } from '../../tests/helpers/sandbox-job.ts';
import { toScript } from '../validate/validator.ts';
import { ChildPool, forkIsolateHost, type PoolJob } from './child-pool.ts';
import { Msg } from './protocol.ts';

const seen = new Map<number, Set<string>>();
const pool = new ChildPool({
  size: 2,
  graceMs: 500,
  jobsPerChild: 64,
  sameArtifact: { idleMs: 200 },
  launch: () => {
    const child = forkIsolateHost();
    const send = child.proc.send.bind(child.proc);
    // every job a child is sent is noted against its pid
    child.proc.send = ((msg: { kind: number; job?: { sha256: string } }, ...rest: never[]) => {
      if (msg.kind === Msg.Run) {
        const pid = child.proc.pid!;
        if (!seen.has(pid)) seen.set(pid, new Set());
        seen.get(pid)!.add(msg.job!.sha256);
      }
      return send(msg, ...rest);
    }) as typeof child.proc.send;
    return child;
  },
});
afterAll(() => pool.close());

async function job(sha: string, n: number): Promise<PoolJob> {
  return { sha256: sha, script: await toScript(`export function run(x) { return x + ${n}; }`), driver: CALL_RUN, inputs: [{ scenarioId: 's', input: 1 }], limits: TEST_LIMITS };
}

it('never gives a child a second artifact, and reuses one for the same artifact', async () => {
  const signal = new AbortController().signal;
  const order = ['a', 'a', 'b', 'a', 'c', 'b', 'a', 'c', 'd', 'a'];
  const jobs = await Promise.all(order.map((sha, i) => job(sha.repeat(64), i)));
  // in waves, so children go idle, get reused by their artifact, or are replaced for another
  for (let i = 0; i < jobs.length; i += 2) {
    const results = await Promise.all(jobs.slice(i, i + 2).map((j) => pool.run(j, signal)));
    expect(results.every(([r]) => r?.ok)).toBe(true);
  }
  for (const [pid, shas] of seen) expect([...shas], `pid ${pid}`).toHaveLength(1);
  // fewer children than jobs: the same artifact's jobs shared one
  expect(seen.size).toBeLessThan(order.length);
  expect(seen.size).toBeGreaterThanOrEqual(4);
});
