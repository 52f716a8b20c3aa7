// the kill switch, hostile: a run of the artifact under way stops at once, every later token of
// it is refused (also by a lab started again on the same storage), an active one is rolled
// back, it never climbs again, and only an operator may pull the switch. the registry verifies.
import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { ClockInput } from '../../ola/niches/clock/scenarios.ts';
import { runAtStage } from '../../ola/promotion/run-at-stage.ts';
import { AstValidator } from '../../ola/validate/validator.ts';
import { proposeToActive, proposeToShadowGate, startStandInLadder, until, type StandInLadder } from '../helpers/stand-in-ladder.ts';
import { startTestLab, type TestLab } from '../helpers/test-lab.ts';

const OPERATOR = randomBytes(24).toString('base64url');
const SUBMITTER = randomBytes(24).toString('base64url');
const bearer = (tk: string) => ({ authorization: `Bearer ${tk}` });
const CONFIG = {
  auth: { operators: [{ name: 'olga', token: OPERATOR }], submitters: [{ name: 'sam', token: SUBMITTER }] },
  shadow: { sandbox: 'isolate' as const, roundGapMs: 50 },
};
let t: TestLab;
let ladder: StandInLadder;

beforeAll(async () => {
  t = await startTestLab(CONFIG);
  ladder = await startStandInLadder(t);
});
afterAll(async () => {
  await ladder.close();
  await t.close();
});

const kill = (id: string, headers: Record<string, string>, reason = 'it reads the clock it predicts') =>
  t.app.inject({ method: 'POST', url: `/artifacts/${id}/kill`, headers, payload: { reason } });

it('stops a run under way at once, refuses every later token, and the artifact never climbs again', async () => {
  // the clock baseline, except that it spins for ever on a monotonic time below zero (no scenario has one)
  const niche = t.lab.catalog.get('clock')!;
  const source = `${niche.baseline.replace('export function estimate(mono)', 'function baseEstimate(mono)')}\nexport function estimate(mono) {\n  if (mono < 0) for (;;) {}\n  return baseEstimate(mono);\n}\n`;
  const a = await proposeToShadowGate(t, ladder, bearer(SUBMITTER), 4, source);
  const v = await new AstValidator().validate({ source: (await t.lab.store.getSource(a.sha256))!, language: 'js', requiredExports: niche.requiredExports });
  if (!v.ok) throw new Error('the artifact does not validate');
  const spinning = { id: a.id, sha256: a.sha256, script: v.value.script };
  const scenario = t.lab.catalog.scenarios('clock').public[0]!;
  const input = scenario.input as ClockInput;
  const below = { ...scenario, input: { ...input, mono: input.mono.map((m) => -m) } };
  // a run of it that would go on for a minute
  const t0 = performance.now();
  const run = runAtStage({ runner: t.lab.runner, tokens: t.lab.tokens }, spinning, niche, [below], { from: 'vm', limits: { ...niche.limits, wallMs: 60_000, cpuMs: 60_000 } }, new AbortController().signal);
  void run.catch(() => undefined);
  await new Promise((r) => setTimeout(r, 500));

  for (const [headers, status] of [[{}, 401], [bearer(SUBMITTER), 403], [bearer(`${OPERATOR}x`), 401]] as const) expect((await kill(a.id, headers)).statusCode).toBe(status);
  expect((await kill('a_00000000000000000000000000', bearer(OPERATOR))).statusCode).toBe(404);
  const res = await kill(a.id, bearer(OPERATOR));
  expect(res.statusCode, res.body).toBe(200);
  expect(res.json()).toMatchObject({ artifactId: a.id, operator: 'olga', stoppedRuns: 1 });
  // the run stopped at once (its sandbox process killed), long before its minute was up
  await expect(run).rejects.toThrow(/aborted; the sandbox process was killed/);
  expect(performance.now() - t0).toBeLessThan(20_000);

  // refused from now on, and recorded
  await expect(runAtStage({ runner: t.lab.runner, tokens: t.lab.tokens }, spinning, niche, [scenario], { from: 'vm' }, new AbortController().signal)).rejects.toThrow(/was killed/);
  const refused = await t.lab.store.eventsOf({ types: ['token_refused'], subject: a.id });
  expect(refused.at(-1)!.payload.reason).toMatch(/was killed \(by olga: it reads the clock it predicts\)/);
  const after = (await t.lab.store.artifact(a.id))!;
  expect(after.promotion).toMatchObject({ state: 'killed', why: 'killed by olga: it reads the clock it predicts' });
  expect((await kill(a.id, bearer(OPERATOR))).json().error.code).toBe('OLA_ERR_ALREADY_KILLED');
  const approve = await t.app.inject({ method: 'POST', url: `/promotions/${a.id}/approve`, headers: bearer(OPERATOR), payload: { reason: 'try' } });
  expect(approve.statusCode).toBe(409);
  expect((await t.app.inject({ url: '/healthz' })).statusCode).toBe(200);
  expect((await t.lab.store.verify({ full: true })).ok).toBe(true);
});

it('rolls an active artifact back when it is killed, and a lab started again still refuses it', async () => {
  const a = await proposeToActive(t, ladder, 'olga', bearer(SUBMITTER));
  await until('in use', async () => ((await t.app.inject({ url: '/sense/snapshot' })).json().internalClock?.artifactId === a.id ? true : undefined));
  const res = await kill(a.id, bearer(OPERATOR), 'a drill');
  expect(res.json()).toMatchObject({ rolledBackTo: null });
  expect((await t.lab.capabilities.active('clock'))).toBeUndefined();
  const reading = await until('the fallback', async () => {
    const r = (await t.app.inject({ url: '/sense/snapshot' })).json().internalClock;
    return r?.source === 'fallback' ? r : undefined;
  });
  expect(reading.artifactId).toBeNull();
  expect((await t.lab.store.artifact(a.id))!.promotion?.state).toBe('killed');

  await ladder.close();
  await t.close({ keepStorage: true });
  t = await startTestLab(CONFIG, t.dir);
  ladder = await startStandInLadder(t);
  const niche = t.lab.catalog.get('clock')!;
  await expect(runAtStage({ runner: t.lab.runner, tokens: t.lab.tokens }, { id: a.id, sha256: a.sha256, script: '' }, niche, [], { from: 'active' }, new AbortController().signal)).rejects.toThrow(/was killed/);
  expect((await t.lab.store.verify({ full: true })).ok).toBe(true);
}, 240_000);
