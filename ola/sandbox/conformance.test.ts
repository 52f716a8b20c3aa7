// one conformance suite for every rung's runner (tests/helpers/runners.ts lists them): the
// same artifacts, the same token attacks, the same limits, the same verdicts.
import { generateKeyPairSync } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RUNNERS } from '../../tests/helpers/runners.ts';
import { sandboxJob } from '../../tests/helpers/sandbox-job.ts';
import type { SandboxRunner } from '../core/contracts.ts';
import { TokenService } from '../promotion/tokens.ts';
import { MemoryLedger, TokenGuard, type Refusal } from './runner.ts';

const tokens = new TokenService(generateKeyPairSync('ed25519'));
const signal = new AbortController().signal;

describe.each(RUNNERS)('$name runner conformance', (entry) => {
  const { stage } = entry;
  const refusals: Refusal[] = [];
  let runner: SandboxRunner;
  const job = (src: string, inputs: unknown[], o: Parameters<typeof sandboxJob>[3] = {}) => sandboxJob(tokens, src, inputs, { stage, ...o });
  const healthy = async () => {
    const [r] = await runner.run(await job('export function run(x) { return x * 2; }', [21]), signal);
    expect(r, JSON.stringify(r)).toMatchObject({ ok: true, output: 42 });
  };

  beforeAll(() => {
    runner = entry.make(new TokenGuard(tokens, new MemoryLedger(), (r) => void refusals.push(r)));
  });
  afterAll(() => runner.close());

  it('is available on this host (.ci/run installs what it needs)', async () => {
    const probe = await runner.probe();
    expect(probe.reason ?? 'available').toBe('available');
    expect(probe.available).toBe(true);
  });

  it('runs each input in a fresh context and copies outputs out', async () => {
    const src = 'let calls = 0; export function run(x) { calls++; return { sum: x.a + x.b, calls }; }';
    const results = await runner.run(await job(src, [{ a: 1, b: 2 }, { a: 3, b: 4 }]), signal);
    expect(results.map((r) => r.output)).toEqual([{ sum: 3, calls: 1 }, { sum: 7, calls: 1 }]);
    expect(results[0]!.cpuMs).toBeGreaterThan(0);
  });

  it('returns what a run logged, bounded, and nothing for a run that logged nothing', async () => {
    const src = `export function run(x) {
      if (x.quiet) return 0;
      console.log('hello', { n: x.n });
      console.warn(Symbol('s'));
      for (let i = 0; i < 500; i++) console.error('x'.repeat(1000));
      return 1;
    }`;
    const [loud, quiet] = await runner.run(await job(src, [{ n: 7 }, { quiet: true }]), signal);
    expect(loud!.ok, loud!.error?.message).toBe(true);
    expect(loud!.logs![0]).toBe('log hello {"n":7}');
    expect(loud!.logs![1]).toMatch(/^warn /);
    expect(loud!.logs!.length).toBe(21);
    expect(loud!.logs!.at(-1)).toMatch(/more lines dropped/);
    for (const l of loud!.logs!) expect(l.length).toBeLessThanOrEqual(200);
    expect(quiet!.logs).toBeUndefined();
  });

  it('refuses missing, wrong-code, forged, wrong-stage, expired and replayed tokens, and says so', async () => {
    const good = await job('export function run() { return 1; }', [0]);
    const before = refusals.length;
    await expect(runner.run({ ...good, token: '' }, signal)).rejects.toMatchObject({ code: 'OLA_ERR_TOKEN_INVALID' });
    await expect(runner.run({ ...good, sha256: 'f'.repeat(64) }, signal)).rejects.toMatchObject({ code: 'OLA_ERR_TOKEN_INVALID' });
    const forged = await new TokenService(generateKeyPairSync('ed25519')).issue({ artifactId: good.artifactId, sha256: good.sha256, from: 'proposed', to: stage, ttlSeconds: 60 });
    await expect(runner.run({ ...good, token: forged.token }, signal)).rejects.toMatchObject({ code: 'OLA_ERR_TOKEN_INVALID' });
    const other = stage === 'isolate' ? 'jail' : 'isolate';
    const wrong = await tokens.issue({ artifactId: good.artifactId, sha256: good.sha256, from: 'proposed', to: other, ttlSeconds: 60 });
    await expect(runner.run({ ...good, token: wrong.token }, signal)).rejects.toMatchObject({ code: 'OLA_ERR_TOKEN_INVALID' });
    const expired = await job('export function run() { return 1; }', [0], { ttlSeconds: -5 });
    await expect(runner.run(expired, signal)).rejects.toMatchObject({ code: 'OLA_ERR_TOKEN_INVALID', message: expect.stringMatching(/exp/) });
    expect(await runner.run(good, signal)).toMatchObject([{ ok: true, output: 1 }]);
    await expect(runner.run(good, signal)).rejects.toMatchObject({ code: 'OLA_ERR_TOKEN_INVALID', message: expect.stringContaining('replay') });
    const said = refusals.slice(before);
    expect(said).toHaveLength(6);
    expect(said.every((r) => r.stage === stage && r.artifactId === good.artifactId)).toBe(true);
  });

  it('kills an infinite loop with a timeout verdict and keeps serving', async () => {
    const [r] = await runner.run(await job('export function run() { for (;;) {} }', [0]), signal);
    expect(r).toMatchObject({ ok: false, error: { code: 'OLA_ERR_SANDBOX_TIMEOUT' } });
    await healthy();
  });

  it('contains a memory bomb with a memory verdict', async () => {
    const src = 'export function run() { const a = []; for (;;) a.push(new Array(1e5).fill(Math.random())); }';
    const [r] = await runner.run(await job(src, [0], { limits: { wallMs: 8000, cpuMs: 8000 } }), signal);
    expect(r).toMatchObject({ ok: false, error: { code: 'OLA_ERR_SANDBOX_MEMORY' } });
    await healthy();
  });

  it('turns deep recursion into a failed run, not a dead runner', async () => {
    const [r] = await runner.run(await job('function f(n) { return f(n + 1) + 1; } export function run() { return f(0); }', [0]), signal);
    expect(r).toMatchObject({ ok: false, error: { code: 'OLA_ERR_ARTIFACT_THREW', message: expect.stringMatching(/call stack/i) } });
    await healthy();
  });

  it('refuses an output flood', async () => {
    const [r] = await runner.run(await job('export function run() { return "x".repeat(4e6); }', [0]), signal);
    expect(r).toMatchObject({ ok: false, error: { code: 'OLA_ERR_BAD_OUTPUT' } });
    await healthy();
  });

  it('survives its sandboxed process dying mid-run', async () => {
    const slow = await job('export function run() { let x = 0; for (let i = 0; i < 2e10; i++) x += i; return x; }', [0], { limits: { wallMs: 60_000, cpuMs: 60_000 } });
    const pending = runner.run(slow, signal);
    // long enough for a fresh process, container or restored guest to have taken the job
    await new Promise((r) => setTimeout(r, 2500));
    await entry.killChildren(runner);
    const [r] = await pending;
    expect(r).toMatchObject({ ok: false, error: { code: 'OLA_ERR_SANDBOX_CRASH' } });
    // the idle children killed with it are still being reaped (a container's end is reported late)
    await new Promise((res) => setTimeout(res, 2000));
    await healthy();
  });

  it('kills the run when the caller aborts', async () => {
    const ac = new AbortController();
    const spin = await job('export function run() { for (;;) {} }', [0], { limits: { wallMs: 30_000, cpuMs: 30_000 } });
    setTimeout(() => ac.abort(), 500);
    await expect(runner.run(spin, ac.signal)).rejects.toMatchObject({ code: 'OLA_ERR_ABORTED' });
    await healthy();
  });

  it('counts limits from when a run starts, not from when it was queued', async () => {
    // each job burns ~150 ms of cpu under a 1 s wall limit; twelve at once queue for 2 processes
    const src = 'export function run(n) { let x = 0; for (let i = 0; i < n; i++) x = (x + i * 7) % 1000003; return x; }';
    const jobs = await Promise.all(Array.from({ length: 12 }, (_, i) => job(src, [2e7 + i], { artifactId: `a_queue${i}`, limits: { wallMs: 1000, cpuMs: 1000 } })));
    const results = await Promise.all(jobs.map((j) => runner.run(j, signal)));
    expect(results.map(([r]) => r?.error?.code ?? 'ok')).toEqual(Array(12).fill('ok'));
  });
  // a guest boots under emulation in tens of seconds: the slowest rung sets the bound
}, 300_000);
