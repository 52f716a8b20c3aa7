import { generateKeyPairSync } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sandboxJob } from '../../tests/helpers/sandbox-job.ts';
import { TokenService } from '../promotion/tokens.ts';
import { IsolateRunner } from './isolate-runner.ts';

const { privateKey, publicKey } = generateKeyPairSync('ed25519');
const tokens = new TokenService({ privateKey, publicKey });
let runner: IsolateRunner;
const signal = new AbortController().signal;

beforeAll(() => {
  runner = new IsolateRunner(tokens, { workers: 2, graceMs: 500 });
});
afterAll(() => runner.close());

async function healthy(): Promise<void> {
  const job = await sandboxJob(tokens, 'export function run(x) { return x * 2; }', [21]);
  const [r] = await runner.run(job, signal);
  expect(r).toMatchObject({ ok: true, output: 42 });
}

describe('isolate runner', () => {
  it('runs each input in a fresh context and copies outputs out', async () => {
    const src = 'let calls = 0; export function run(x) { calls++; return { sum: x.a + x.b, calls }; }';
    const results = await runner.run(await sandboxJob(tokens, src, [{ a: 1, b: 2 }, { a: 3, b: 4 }]), signal);
    expect(results.map((r) => r.output)).toEqual([{ sum: 3, calls: 1 }, { sum: 7, calls: 1 }]);
    expect(results[0]!.cpuMs).toBeGreaterThan(0);
    expect(results[0]!.heapBytes).toBeGreaterThan(0);
  });

  it('kills an infinite loop and keeps serving', async () => {
    const job = await sandboxJob(tokens, 'export function run() { for (;;) {} }', [1, 2], { limits: { wallMs: 200, cpuMs: 100 } });
    const results = await runner.run(job, signal);
    expect(results[0]).toMatchObject({ ok: false, error: { code: 'OLA_ERR_SANDBOX_TIMEOUT' } });
    expect(results[1]).toMatchObject({ ok: false, error: { code: 'OLA_ERR_SANDBOX_TIMEOUT' } });
    await healthy();
  });

  it('contains a memory bomb', async () => {
    const src = 'export function run() { const a = []; for (;;) a.push(new Array(1e5).fill(Math.random())); }';
    const [r] = await runner.run(await sandboxJob(tokens, src, [0], { limits: { wallMs: 5000, cpuMs: 5000 } }), signal);
    expect(r).toMatchObject({ ok: false, error: { code: 'OLA_ERR_SANDBOX_MEMORY' } });
    await healthy();
  });

  it('gives a constructor-chain escape nothing from the host', async () => {
    const src = `export function run() {
      const F = (() => {}).constructor;
      const viaProto = Object.getPrototypeOf(function () {}).constructor;
      let leaked = 'none';
      try { leaked = typeof F('return process')(); } catch (e) { leaked = 'threw:' + e.message; }
      return { F: typeof F, viaProto: typeof viaProto, leaked, process: typeof process, require: typeof require, evalType: typeof eval };
    }`;
    const [r] = await runner.run(await sandboxJob(tokens, src, [0]), signal);
    expect(r!.ok).toBe(true);
    expect(r!.output).toMatchObject({ F: 'undefined', viaProto: 'undefined', process: 'undefined', require: 'undefined', evalType: 'undefined' });
    expect((r!.output as { leaked: string }).leaked).toMatch(/^threw:/);
  });

  it('cannot tamper with the intrinsics the driver uses', async () => {
    const src = `Array.prototype.push = () => 0; export function run() { return [1].map((x) => x + 1); }`;
    const [r] = await runner.run(await sandboxJob(tokens, src, [0]), signal);
    expect(r).toMatchObject({ ok: false, error: { code: 'OLA_ERR_ARTIFACT_THREW', message: expect.stringMatching(/read only|read-only/) } });
  });

  it('records a throw, an oversize output and an uncloneable output by reason', async () => {
    const thrower = await runner.run(await sandboxJob(tokens, 'export function run() { throw new Error("boom"); }', [0]), signal);
    expect(thrower[0]).toMatchObject({ ok: false, error: { code: 'OLA_ERR_ARTIFACT_THREW', message: expect.stringContaining('boom') } });
    const big = await runner.run(await sandboxJob(tokens, 'export function run() { return "x".repeat(1e6); }', [0]), signal);
    expect(big[0]).toMatchObject({ ok: false, error: { code: 'OLA_ERR_BAD_OUTPUT' } });
    const fn = await runner.run(await sandboxJob(tokens, 'export function run() { return () => 1; }', [0]), signal);
    expect(fn[0]).toMatchObject({ ok: false, error: { code: 'OLA_ERR_BAD_OUTPUT' } });
  });

  it('refuses a job without a valid token for its stage', async () => {
    const job = await sandboxJob(tokens, 'export function run() { return 1; }', [0]);
    await expect(runner.run({ ...job, token: '' }, signal)).rejects.toMatchObject({ code: 'OLA_ERR_TOKEN_INVALID' });
    await expect(runner.run({ ...job, sha256: 'f'.repeat(64) }, signal)).rejects.toMatchObject({ code: 'OLA_ERR_TOKEN_INVALID' });
    const forger = new TokenService(generateKeyPairSync('ed25519'));
    const forged = await forger.issue({ artifactId: job.artifactId, sha256: job.sha256, from: 'proposed', to: 'isolate', ttlSeconds: 60 });
    await expect(runner.run({ ...job, token: forged.token }, signal)).rejects.toMatchObject({ code: 'OLA_ERR_TOKEN_INVALID' });
    const jail = await tokens.issue({ artifactId: job.artifactId, sha256: job.sha256, from: 'isolate', to: 'jail', ttlSeconds: 60 });
    await expect(runner.run({ ...job, token: jail.token }, signal)).rejects.toMatchObject({ code: 'OLA_ERR_TOKEN_INVALID' });
  });

  it('kills the child when the caller aborts', async () => {
    const job = await sandboxJob(tokens, 'export function run() { for (;;) {} }', [0], { limits: { wallMs: 30_000, cpuMs: 30_000 } });
    const ac = new AbortController();
    const before = runner.spawned;
    setTimeout(() => ac.abort(), 100);
    await expect(runner.run(job, ac.signal)).rejects.toMatchObject({ code: 'OLA_ERR_ABORTED' });
    await healthy();
    expect(runner.spawned).toBeGreaterThan(before);
  });
});
