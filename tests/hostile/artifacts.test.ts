// hostile artifacts at every rung (tests/helpers/runners.ts): code that passes no validator
// (sandboxJob skips it) tries to reach the host from inside its v8 context. each attempt ends
// in a recorded verdict, and the runner keeps serving.
import { generateKeyPairSync } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SandboxRunner } from '../../ola/core/contracts.ts';
import { TokenService } from '../../ola/promotion/tokens.ts';
import { TokenGuard } from '../../ola/sandbox/runner.ts';
import { RUNNERS } from '../helpers/runners.ts';
import { sandboxJob } from '../helpers/sandbox-job.ts';

const tokens = new TokenService(generateKeyPairSync('ed25519'));
const signal = new AbortController().signal;

describe.each(RUNNERS)('hostile artifacts at $name', (entry) => {
  let runner: SandboxRunner;
  const once = async (src: string, limits = {}) => (await runner.run(await sandboxJob(tokens, src, [0], { stage: entry.stage, limits }), signal))[0]!;

  beforeAll(() => {
    runner = entry.make(new TokenGuard(tokens));
  });
  afterAll(() => runner.close());

  it('gets no function constructor, eval, process or require', async () => {
    const r = await once(`export function run() {
      const F = (() => {}).constructor;
      const viaProto = Object.getPrototypeOf(function () {}).constructor;
      let leaked = 'none';
      try { leaked = typeof F('return process')(); } catch (e) { leaked = 'threw:' + e.message; }
      return { F: typeof F, viaProto: typeof viaProto, leaked, process: typeof process, require: typeof require, evalType: typeof eval,
        fetch: typeof fetch, setTimeout: typeof setTimeout, wasm: typeof WebAssembly === 'object' ? typeof WebAssembly.instantiate : 'none' };
    }`);
    expect(r.ok).toBe(true);
    expect(r.output).toMatchObject({ F: 'undefined', viaProto: 'undefined', process: 'undefined', require: 'undefined', evalType: 'undefined', fetch: 'undefined', setTimeout: 'undefined' });
    expect((r.output as { leaked: string }).leaked).toMatch(/^threw:/);
  });

  it('cannot tamper with the intrinsics the driver uses', async () => {
    const r = await once('Array.prototype.push = () => 0; export function run() { return [1].map((x) => x + 1); }');
    expect(r).toMatchObject({ ok: false, error: { code: 'OLA_ERR_ARTIFACT_THREW', message: expect.stringMatching(/read only|read-only/) } });
  });

  it('cannot reach host frames through stack trace hooks', async () => {
    const r = await once(`export function run() {
      let seen = 'none';
      try { Error.prepareStackTrace = (e, frames) => { seen = frames.map((f) => typeof f.getThis).join(','); return ''; }; new Error().stack; } catch (e) { seen = 'threw'; }
      return seen;
    }`);
    if (r.ok) expect(String(r.output)).not.toMatch(/object/);
    else expect(r.error!.code).toBe('OLA_ERR_ARTIFACT_THREW');
  });

  it('ends an endless microtask chain and a huge buffer with a verdict', async () => {
    const spin = await once('export function run() { let n = 0; const step = () => { n++; Promise.resolve().then(step); }; step(); for (;;) {} }');
    expect(spin).toMatchObject({ ok: false, error: { code: 'OLA_ERR_SANDBOX_TIMEOUT' } });
    const big = await once('export function run() { return new ArrayBuffer(2 ** 31).byteLength; }', { wallMs: 5000, cpuMs: 5000 });
    expect(big.ok).toBe(false);
    expect(big.error!.code).toMatch(/OLA_ERR_SANDBOX_MEMORY|OLA_ERR_ARTIFACT_THREW|OLA_ERR_SANDBOX_TIMEOUT/);
    const [r] = await runner.run(await sandboxJob(tokens, 'export function run(x) { return x + 1; }', [1], { stage: entry.stage }), signal);
    expect(r).toMatchObject({ ok: true, output: 2 });
  });
});
