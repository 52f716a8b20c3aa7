// verdicts follow the cpu limit, not the load: a run starved of cpu by a busy machine passes, a spinning
// one still fails, and a stopped child is still killed on time. contention is made for real: the host and
// four busy loops share one core (taskset).
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { afterAll, describe, expect, it } from 'vitest';
import type { RunLimits } from '../core/contracts.ts';
import { sha256Hex } from '../registry/chain.ts';
import { toScript } from '../validate/validator.ts';
import { ChildPool } from './child-pool.ts';
import { starvedWall, treeSched, waitedForCore } from './starved.ts';

const signal = new AbortController().signal;
const LOOP = `export function run(n) { let x = 0; for (let i = 0; i < n; i++) x = (x + i * 7) % 1000003; return x; }`;
const SPIN = `export function run() { for (;;) {} }`;

async function job(src: string, input: unknown, limits: Partial<RunLimits>) {
  return {
    sha256: sha256Hex(src),
    script: await toScript(src),
    driver: 'function drive(a, input) { return a.run(input); }',
    limits: { memoryMb: 64, cpuMs: 1000, wallMs: 1000, maxOutputBytes: 1024, ...limits },
    inputs: [{ scenarioId: 's', input }],
  };
}

const timeout = (cpuMs: number, wallMs: number, message = 'wall time limit: Script execution timed out.') => ({ error: { code: 'OLA_ERR_SANDBOX_TIMEOUT' as const, message }, cpuMs, wallMs });
const LIMITS = { memoryMb: 64, cpuMs: 1000, wallMs: 2000, maxOutputBytes: 1 };

describe('starved runs', () => {
  it('gives a starved run more wall time, enough to spend its cpu limit at the share it got', () => {
    // 100 ms of cpu in 2,000 ms of wall: a twentieth of a core; 1.25 * 1,000 / 0.05 = 25,000, under the ceiling of 20,000
    expect(starvedWall(timeout(100, 2000), LIMITS, 2000)).toBe(20_000);
    expect(starvedWall(timeout(500, 2000), LIMITS, 2000)).toBe(5000);
    // at least double what it had
    expect(starvedWall(timeout(900, 2000), LIMITS, 2000)).toBe(4000);
  });

  it('does not retry a run that worked, ran out of cpu, failed otherwise, or reached the ceiling', () => {
    expect(starvedWall(timeout(1900, 2000), LIMITS, 2000)).toBeUndefined();
    expect(starvedWall(timeout(1200, 4000), LIMITS, 2000)).toBeUndefined();
    expect(starvedWall(timeout(100, 2000, 'cpu 1200 ms over the 1000 ms limit'), LIMITS, 2000)).toBeUndefined();
    expect(starvedWall({ error: { code: 'OLA_ERR_ARTIFACT_THREW', message: 'wall time limit' }, cpuMs: 1, wallMs: 2000 }, LIMITS, 2000)).toBeUndefined();
    expect(starvedWall(timeout(100, 20_000), LIMITS, 20_000)).toBeUndefined();
  });

  it('tells waiting for a core from working, sleeping or being stopped', () => {
    const zero = { cpuMs: 0, waitMs: 0 };
    expect(waitedForCore(zero, { cpuMs: 100, waitMs: 800 }, 1000)).toBe(true);
    expect(waitedForCore(zero, { cpuMs: 950, waitMs: 0 }, 1000)).toBe(false);
    expect(waitedForCore(zero, { cpuMs: 0, waitMs: 0 }, 1000)).toBe(false);
    expect(waitedForCore(zero, { cpuMs: 100, waitMs: 100 }, 1000)).toBe(false);
  });

  it('reads the scheduler counts of a process tree', async () => {
    const child = spawn('sh', ['-c', 'i=0; while [ $i -lt 200000 ]; do i=$((i+1)); done; sleep 5']);
    try {
      await new Promise((r) => setTimeout(r, 300));
      const tree = treeSched(process.pid)!;
      const own = treeSched(child.pid!)!;
      expect(own.cpuMs).toBeGreaterThan(0);
      // the parent's tree holds the child's counts
      expect(tree.cpuMs).toBeGreaterThan(own.cpuMs);
      expect(treeSched(2 ** 22 + 7)).toBeUndefined();
    } finally {
      child.kill('SIGKILL');
    }
  });
});

describe('a pool on a busy machine', () => {
  const pool = new ChildPool({ size: 1, graceMs: 500 });
  const hogs: ChildProcess[] = [];
  const release = () => hogs.splice(0).forEach((h) => h.kill('SIGKILL'));
  afterAll(async () => {
    release();
    await pool.close();
  });

  /** the host and four busy loops on one core: the host gets about a fifth of it */
  async function crowd(): Promise<void> {
    const [pid] = pool.pids();
    const pin = spawnSync('taskset', ['-a', '-p', '-c', '0', String(pid)]);
    expect(pin.status, String(pin.stderr)).toBe(0);
    for (let i = 0; i < 4; i++) hogs.push(spawn('taskset', ['-c', '0', 'sh', '-c', 'while :; do :; done'], { stdio: 'ignore' }));
    await new Promise((r) => setTimeout(r, 200));
  }

  it('passes a run that the load starves, fails a spinning one, and kills a stopped child on time', async () => {
    // on a free core: find a loop of about 150 ms of cpu
    const probe = await pool.run(await job(LOOP, 2e7, {}), signal);
    expect(probe[0]!.ok, probe[0]!.error?.message).toBe(true);
    const n = Math.round((2e7 * 150) / Math.max(probe[0]!.cpuMs, 1));
    const alone = (await pool.run(await job(LOOP, n, { cpuMs: 3000, wallMs: 400 }), signal))[0]!;
    expect(alone.ok, alone.error?.message).toBe(true);
    expect(alone.cpuMs).toBeGreaterThan(100);
    expect(alone.cpuMs).toBeLessThan(300);

    await crowd();
    // a fifth of a core: 150 ms of cpu needs about 750 ms of wall, over the 400 ms limit on the first try
    const starved = (await pool.run(await job(LOOP, n, { cpuMs: 3000, wallMs: 400 }), signal))[0]!;
    expect(starved.ok, starved.error?.message).toBe(true);
    expect(starved.output).toBe(alone.output);
    expect(starved.cpuMs).toBeLessThan(3000);

    // a spin still fails: the retry's wall time lets it reach its cpu limit
    const spin = (await pool.run(await job(SPIN, 0, { cpuMs: 300, wallMs: 400 }), signal))[0]!;
    expect(spin).toMatchObject({ ok: false, error: { code: 'OLA_ERR_SANDBOX_TIMEOUT' } });
    expect(spin.cpuMs).toBeGreaterThanOrEqual(300);
    release();

    // a stopped child wants no core: the pool kills it at its wall limit plus grace, with no stretch
    const stopped = pool.run(await job(LOOP, n * 100, { cpuMs: 60_000, wallMs: 600 }), signal);
    await new Promise((r) => setTimeout(r, 50));
    const [pid] = pool.pids();
    process.kill(pid!, 'SIGSTOP');
    const [r] = await stopped;
    expect(r).toMatchObject({ ok: false, error: { code: 'OLA_ERR_SANDBOX_TIMEOUT', message: 'killed after 600 ms wall (+500 ms grace)' } });

    // and the pool goes on
    const after = (await pool.run(await job(LOOP, 1000, {}), signal))[0]!;
    expect(after.ok, after.error?.message).toBe(true);
  });
});
