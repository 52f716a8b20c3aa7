import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { proposeAndSettle, startTestLab, type TestLab } from '../../tests/helpers/test-lab.ts';

let t: TestLab;
beforeAll(async () => {
  t = await startTestLab();
});
afterAll(() => t.close());

const gateOf = (p: { steps: { result?: Record<string, unknown> }[] }) =>
  p.steps.find((s) => s.result?.decision)?.result?.decision as { pass: boolean; reasons: string[] };

describe('hostile proposals are contained while the api keeps answering', () => {
  it('kills an infinite loop, fails it at the gate, and answers meanwhile', async () => {
    const src = 'export function sync() {}\nexport function estimate(m) { for (;;) {} }';
    const res = await t.app.inject({ method: 'POST', url: '/proposals', payload: { niche: 'clock', source: src, language: 'js' } });
    expect(res.statusCode).toBe(202);
    const id = res.json().id as string;
    // while the loop spins in its sandbox the api still answers: health comes back before the proposal ends
    const health = await t.app.inject({ url: '/healthz' });
    expect(health.statusCode).toBe(200);
    expect(await t.lab.store.status(id)).not.toMatch(/^(gated|rejected|failed)$/);
    const p = await t.lab.engine.settled(id);
    expect(p.status).toBe('gated');
    expect(gateOf(p).pass).toBe(false);
    expect(gateOf(p).reasons.join(' ')).toMatch(/OLA_ERR_SANDBOX_TIMEOUT/);
  });

  it('contains a memory bomb', async () => {
    const src = 'const hoard = [];\nexport function sync() {}\nexport function estimate(m) { for (;;) hoard.push(new Array(1e6).fill(m)); }';
    const p = await proposeAndSettle(t, { niche: 'clock', source: src, language: 'js' });
    expect(gateOf(p).pass).toBe(false);
    expect(gateOf(p).reasons.join(' ')).toMatch(/OLA_ERR_SANDBOX_MEMORY/);
  });

  it('rejects a constructor-chain escape before it runs, naming the rule', async () => {
    const src = "export function sync() {}\nexport function estimate(m) { return ''.constructor.constructor('return process')().pid; }";
    const p = await proposeAndSettle(t, { niche: 'clock', source: src, language: 'js' });
    expect(p.status).toBe('rejected');
    expect(p.reasons[0]).toMatchObject({ rule: 'no-constructor-chain', line: 2 });
  });

  it('gives an obfuscated escape that passes the validator nothing from the host', async () => {
    const src = `const k = ['constr', 'uctor'].join('');
export function sync() {}
export function estimate(m) {
  const F = (() => 0)[k];
  if (typeof F === 'function') return F('return typeof process')() === 'object' ? 1 : m;
  throw new Error('no function constructor: ' + typeof F);
}`;
    const p = await proposeAndSettle(t, { niche: 'clock', source: src, language: 'js' });
    expect(gateOf(p).pass).toBe(false);
    expect(gateOf(p).reasons.join(' ')).toMatch(/OLA_ERR_ARTIFACT_THREW: .*no function constructor: undefined/);
  });

  it('fails an artifact that returns the wrong type, for that reason', async () => {
    const src = "export function sync() {}\nexport function estimate(m) { return 'soon'; }";
    const p = await proposeAndSettle(t, { niche: 'clock', source: src, language: 'js' });
    expect(gateOf(p).reasons.join(' ')).toMatch(/OLA_ERR_BAD_OUTPUT: estimate returned string at query 0/);
  });

  it('is still healthy and its registry verifies after all of it', async () => {
    expect((await t.app.inject({ url: '/healthz' })).json().status).toBe('ok');
    const ok = await proposeAndSettle(t, { niche: 'clock', source: (await import('../niches/clock/index.ts')).clockNiche.baseline, language: 'js' });
    expect(gateOf(ok).pass).toBe(true);
    expect((await t.lab.store.verify({ full: true })).ok).toBe(true);
  });
});
