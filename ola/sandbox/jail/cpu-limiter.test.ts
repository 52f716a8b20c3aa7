// the jail's resident cpu limiter: it sets RLIMIT_CPU as asked, says why when it cannot, is
// started again after it dies, and a jail job's process carries its job's limit, not the launch one.
import { spawn, type ChildProcess } from 'node:child_process';
import { generateKeyPairSync } from 'node:crypto';
import { once } from 'node:events';
import { readFileSync } from 'node:fs';
import { afterAll, describe, expect, it } from 'vitest';
import { sandboxJob } from '../../../tests/helpers/sandbox-job.ts';
import { TokenService } from '../../promotion/tokens.ts';
import { MemoryLedger, TokenGuard } from '../runner.ts';
import { CpuLimiter } from './cpu-limiter.ts';
import { jailFiles } from './jail-files.ts';
import { JailRunner } from './jail-runner.ts';
import { JAIL_LIMITS } from './launch.ts';

/** [soft, hard] of a process's cpu limit, in seconds */
function cpuLimit(pid: number): [string, string] {
  const line = readFileSync(`/proc/${pid}/limits`, 'utf8').split('\n').find((l) => l.startsWith('Max cpu time'))!;
  const [soft, hard] = line.replace('Max cpu time', '').trim().split(/\s+/);
  return [soft!, hard!];
}

const kids: ChildProcess[] = [];
afterAll(() => kids.forEach((k) => k.kill('SIGKILL')));

describe('the jail cpu limiter', () => {
  it('sets a soft cpu limit under an unchanged hard one, refuses what it cannot do, and comes back after dying', async () => {
    const files = await jailFiles();
    const limiter = new CpuLimiter([files.limiter, []]);
    const sleeper = spawn('sleep', ['60']);
    kids.push(sleeper);
    await once(sleeper, 'spawn');
    const hard = Number(cpuLimit(sleeper.pid!)[1] === 'unlimited' ? 1e9 : cpuLimit(sleeper.pid!)[1]);
    await limiter.set(sleeper.pid!, 7, hard);
    expect(cpuLimit(sleeper.pid!)[0]).toBe('7');
    // many at once are answered in order
    await Promise.all(Array.from({ length: 50 }, (_, i) => limiter.set(sleeper.pid!, 10 + i, hard)));
    expect(cpuLimit(sleeper.pid!)[0]).toBe('59');
    await expect(limiter.set(2 ** 22 + 12345, 5, 10)).rejects.toThrow(/cannot set the jail's cpu limit: No such process/);
    await expect(limiter.set(sleeper.pid!, 11, 10)).rejects.toThrow(/bad request/);
    // killed under it: the next request starts another
    const first = (limiter as unknown as { helper: { child: ChildProcess } }).helper.child;
    first.kill('SIGKILL');
    await once(first, 'exit');
    await limiter.set(sleeper.pid!, 9, hard);
    expect(cpuLimit(sleeper.pid!)[0]).toBe('9');
    limiter.close();
    await expect(limiter.set(sleeper.pid!, 9, hard)).rejects.toThrow(/closed/);
  });

  it('gives a jailed process its job\'s cpu seconds, below the launch ceiling', async () => {
    const tokens = new TokenService(generateKeyPairSync('ed25519'));
    const runner = new JailRunner(new TokenGuard(tokens, new MemoryLedger()), { workers: 1, graceMs: 2000 });
    try {
      expect((await runner.probe()).available).toBe(true);
      const spin = await sandboxJob(tokens, 'export function run(n) { let x = 0; for (let i = 0; i < n; i++) x += i % 7; return x > 0; }', [1e9], {
        stage: 'jail',
        limits: { wallMs: 10_000, cpuMs: 5_000 },
      });
      const running = runner.run(spin, new AbortController().signal);
      // the jail's node is bwrap's grandchild (bwrap, then its init in the pid namespace, then node)
      let seen: [string, string] | undefined;
      for (let i = 0; i < 100 && !seen; i++) {
        await new Promise((r) => setTimeout(r, 30));
        for (const pid of runner.pids()) {
          const tree = descendants(pid);
          const limits = tree.map(cpuLimit).filter(([soft]) => soft !== String(JAIL_LIMITS.startCpuSeconds));
          if (limits.length) seen = limits[0];
        }
      }
      const [r] = await running;
      expect(r, JSON.stringify(r)).toMatchObject({ ok: true, output: true });
      expect(seen).toBeDefined();
      expect(Number(seen![0])).toBeLessThan(60);
      expect(seen![1]).toBe(String(JAIL_LIMITS.startCpuSeconds));
    } finally {
      await runner.close();
    }
  });
});

function descendants(pid: number): number[] {
  const out: number[] = [];
  const walk = (p: number) => {
    let kids: string[] = [];
    try {
      kids = readFileSync(`/proc/${p}/task/${p}/children`, 'utf8').trim().split(/\s+/).filter(Boolean);
    } catch {
      return;
    }
    for (const k of kids) {
      out.push(Number(k));
      walk(Number(k));
    }
  };
  walk(pid);
  return out;
}
