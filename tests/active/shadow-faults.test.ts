// shadow mode and the active rung, hostile: candidates that pass every sandboxed rung but crash,
// hang or do worse on the host's live events; rollbacks by hand down to the fallback and past
// it; forged and submitters' tokens. after each the lab answers and its registry verifies.
import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { proposeToActive, proposeToShadowGate, startStandInLadder, until, type StandInLadder } from '../helpers/stand-in-ladder.ts';
import { startTestLab, type TestLab } from '../helpers/test-lab.ts';

const OPERATOR = randomBytes(24).toString('base64url');
const SUBMITTER = randomBytes(24).toString('base64url');
const bearer = (tk: string) => ({ authorization: `Bearer ${tk}` });
let t: TestLab;
let ladder: StandInLadder;

beforeAll(async () => {
  t = await startTestLab({
    auth: { operators: [{ name: 'olga', token: OPERATOR }], submitters: [{ name: 'sam', token: SUBMITTER }] },
    shadow: { sandbox: 'isolate', roundGapMs: 50, maxRounds: 6 },
  });
  ladder = await startStandInLadder(t);
});
afterAll(async () => {
  await ladder.close();
  await t.close();
});

async function healthy(): Promise<void> {
  expect((await t.app.inject({ url: '/healthz' })).statusCode).toBe(200);
  const v = await t.lab.store.verify({ full: true });
  expect(v, v.problem).toMatchObject({ ok: true });
}

/**
 * the clock baseline, but on live events (queries 20 ms apart, where every scenario below the
 * shadow rung asks every 50 ms) it does `live` instead
 */
function twoFaced(live: string): string {
  const base = t.lab.catalog.get('clock')!.baseline.replace('export function estimate(mono)', 'function baseEstimate(mono)');
  return `${base}\nlet lastQuery = NaN;\nexport function estimate(mono) {\n  const isLive = mono - lastQuery < 30;\n  lastQuery = mono;\n  if (isLive) { ${live} }\n  return baseEstimate(mono);\n}\n`;
}

async function shadowed(source: string) {
  const a = await proposeToShadowGate(t, ladder, bearer(SUBMITTER), 4, source);
  const approved = await t.app.inject({ method: 'POST', url: `/promotions/${a.id}/approve`, headers: bearer(OPERATOR), payload: { reason: 'vm evidence reviewed' } });
  expect(approved.statusCode, approved.body).toBe(200);
  return until(`${a.id}'s shadow verdict`, async () => {
    const now = (await t.lab.store.artifact(a.id))!;
    return now.stages?.shadow?.status === 'passed' || now.stages?.shadow?.status === 'failed' ? now : undefined;
  });
}

describe('a candidate that misbehaves only on live events', () => {
  it('crashes: shadow fails it for its crashes, the incumbent stayed authoritative', async () => {
    const a = await shadowed(twoFaced("throw new Error('live events are different');"));
    expect(a.promotion).toMatchObject({ state: 'failed', stage: 'shadow' });
    expect(a.stages!.shadow!.shadow).toMatchObject({ verdict: 'fail', crashes: { incumbent: 0 } });
    expect(a.stages!.shadow!.shadow!.crashes.candidate).toBeGreaterThan(0);
    const report = (await t.app.inject({ url: `/artifacts/${a.id}/shadow` })).json();
    expect(report.crashes.last).toContain('live events are different');
    expect(report.verdict.reasons.join(' ')).toMatch(/crash/);
    await healthy();
  });

  it('hangs: its runs are killed at their limit, counted as crashes, and it fails', async () => {
    const a = await shadowed(twoFaced('for (;;) {}'));
    expect(a.stages!.shadow!.shadow).toMatchObject({ verdict: 'fail' });
    const report = (await t.app.inject({ url: `/artifacts/${a.id}/shadow` })).json();
    expect(report.crashes.last).toMatch(/OLA_ERR_SANDBOX_TIMEOUT/);
    await healthy();
  });

  it('does worse: 25 ms off the real wall time fails on the statistics and the absolute limit', async () => {
    const a = await shadowed(twoFaced('return baseEstimate(mono) + 25;'));
    const brief = a.stages!.shadow!.shadow!;
    expect(brief).toMatchObject({ verdict: 'fail', crashes: { candidate: 0, incumbent: 0 } });
    expect(brief.candidateMean!).toBeGreaterThan(20);
    expect(brief.delta!).toBeLessThan(-0.9);
    expect(brief.counts.mismatched).toBeGreaterThan(0);
    const report = (await t.app.inject({ url: `/artifacts/${a.id}/shadow` })).json();
    expect(report.mismatches.length).toBeGreaterThan(0);
    expect(report.mismatches[0]).toMatchObject({ candidate: expect.any(String), incumbent: expect.any(String), truth: expect.any(String) });
    // it never reaches an operator's gate into active
    const approve = await t.app.inject({ method: 'POST', url: `/promotions/${a.id}/approve`, headers: bearer(OPERATOR), payload: { reason: 'try', stage: 'active' } });
    expect(approve.statusCode).toBe(409);
    await healthy();
  });
});

describe('rollbacks by hand', () => {
  it('walks back through the handles to the fallback, then says there is nothing left', async () => {
    const first = await proposeToActive(t, ladder, 'olga', bearer(SUBMITTER));
    const second = await proposeToActive(t, ladder, 'olga', bearer(SUBMITTER));
    const graph = (await t.app.inject({ url: '/capabilities?niche=clock' })).json();
    expect(graph.active[0]).toMatchObject({ artifactId: second.id, previous: first.id });
    expect(graph.edges).toContainEqual(expect.objectContaining({ source: second.id, target: first.id, kind: 'rollback' }));

    // only operators, and never a token in the reason
    const url = '/capabilities/clock/rollback';
    expect((await t.app.inject({ method: 'POST', url, payload: { reason: 'x' } })).statusCode).toBe(401);
    expect((await t.app.inject({ method: 'POST', url, headers: bearer(SUBMITTER), payload: { reason: 'x' } })).statusCode).toBe(403);
    expect((await t.app.inject({ method: 'POST', url, headers: bearer(`${OPERATOR}x`), payload: { reason: 'x' } })).statusCode).toBe(401);
    expect((await t.app.inject({ method: 'POST', url, headers: bearer(OPERATOR), payload: { reason: `oops ${OPERATOR}` } })).statusCode).toBe(400);
    expect((await t.app.inject({ method: 'POST', url, headers: bearer(OPERATOR), payload: { reason: 'x', expect: first.id } })).statusCode).toBe(409);
    expect((await t.app.inject({ method: 'POST', url: '/capabilities/nope/rollback', headers: bearer(OPERATOR), payload: { reason: 'x' } })).statusCode).toBe(404);
    // fault drills are off on this lab
    expect((await t.app.inject({ method: 'POST', url: '/capabilities/clock/fault', headers: bearer(OPERATOR), payload: { kind: 'crash' } })).statusCode).toBe(403);
    expect(await t.lab.store.eventsOf({ types: ['capability_rolled_back'] })).toEqual([]);

    const back = await t.app.inject({ method: 'POST', url, headers: bearer(OPERATOR), payload: { reason: 'the newer one is slower', expect: second.id } });
    expect(back.statusCode, back.body).toBe(200);
    expect(back.json()).toMatchObject({ from: second.id, to: first.id, automatic: false, by: 'olga', why: 'the newer one is slower' });
    expect((await t.lab.store.artifact(second.id))!.promotion).toMatchObject({ state: 'rolled_back', why: expect.stringContaining(`${first.id} is active again`) });
    const reading = await until('the first one in use', async () => {
      const r = (await t.app.inject({ url: '/sense/snapshot' })).json().internalClock;
      return r?.artifactId === first.id ? r : undefined;
    });
    expect(reading.source).toBe('active');

    expect((await t.app.inject({ method: 'POST', url, headers: bearer(OPERATOR), payload: { reason: 'back to the fallback' } })).json()).toMatchObject({ from: first.id, to: null });
    const none = await t.app.inject({ method: 'POST', url, headers: bearer(OPERATOR), payload: { reason: 'nothing left' } });
    expect(none.statusCode).toBe(409);
    expect(none.json().error).toMatchObject({ code: 'OLA_ERR_NOTHING_TO_ROLL_BACK', message: expect.stringContaining('built-in fallback') });
    const metrics = (await t.app.inject({ url: '/metrics' })).body;
    expect(metrics).toMatch(/ola_rollbacks_total\{niche="clock",trigger="manual"\} 2/);
    expect(metrics).toMatch(/ola_rollbacks_total\{niche="gui.fb",trigger="automatic"\} 0/);
    // no token reached the registry
    const all = JSON.stringify(await t.lab.store.eventsAfter(0, 100_000));
    expect(all).not.toContain(OPERATOR);
    expect(all).not.toContain(SUBMITTER);
    await healthy();
  }, 240_000);
});
