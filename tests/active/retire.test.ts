// the decay review on a real lab: a newer artifact that passed shadow against the active one is
// listed as outperforming it; an operator retires capabilities over http and with ola retire,
// down the stack to the built-in fallback; only operators may, and each decision says why, in
// the capabilities answer, the artifact record, the event stream and the cli (ola status, ola
// capabilities, ola events). the registry verifies.
import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { readSse } from '../helpers/sse-client.ts';
import { proposeToActive, proposeToShadowGate, startStandInLadder, until, type StandInLadder } from '../helpers/stand-in-ladder.ts';
import { startTestLab, type TestLab } from '../helpers/test-lab.ts';
import { olaCli } from '../helpers/ola-cli.ts';

const OPERATOR = randomBytes(24).toString('base64url');
const SUBMITTER = randomBytes(24).toString('base64url');
const bearer = (tk: string) => ({ authorization: `Bearer ${tk}` });
let t: TestLab;
let ladder: StandInLadder;
let url: string;

beforeAll(async () => {
  t = await startTestLab({
    auth: { operators: [{ name: 'olga', token: OPERATOR }], submitters: [{ name: 'sam', token: SUBMITTER }] },
    shadow: { sandbox: 'isolate', roundGapMs: 50 },
  });
  ladder = await startStandInLadder(t);
  url = await t.app.listen({ host: '127.0.0.1', port: 0 });
});
afterAll(async () => {
  await ladder.close();
  await t.close();
});

const ola = (args: string[], token?: string) => olaCli(url, args, token);

const retire = (niche: string, headers: Record<string, string>, reason = 'outperformed in shadow') =>
  t.app.inject({ method: 'POST', url: `/capabilities/${niche}/retire`, headers, payload: { reason } });

it('refuses callers who are not operators, and a niche with nothing active', async () => {
  expect((await retire('clock', {})).statusCode).toBe(401);
  expect((await retire('clock', bearer(SUBMITTER))).json().error.code).toBe('OLA_ERR_FORBIDDEN');
  expect((await retire('nope', bearer(OPERATOR))).statusCode).toBe(404);
  expect((await t.app.inject({ method: 'POST', url: '/capabilities/clock/retire', headers: bearer(OPERATOR), payload: { reason: ' ' } })).statusCode).toBe(400);
  const none = await retire('clock', bearer(OPERATOR));
  expect(none.statusCode).toBe(409);
  expect(none.json().error).toMatchObject({ code: 'OLA_ERR_NOTHING_TO_ROLL_BACK', message: expect.stringContaining('nothing to retire') });
  const review = (await t.app.inject({ url: '/capabilities/review?now=1' })).json();
  expect(review.findings).toEqual([]);
  expect(review.niches.find((n: { niche: string }) => n.niche === 'clock')).toMatchObject({ active: null, why: 'nothing is active: the lab uses its built-in fallback' });
  expect((await t.app.inject({ url: '/capabilities/review?now=maybe' })).statusCode).toBe(400);
});

it('lists an outperformed capability, retires it to the one beneath, then to the fallback', async () => {
  const a = await proposeToActive(t, ladder, 'olga', bearer(SUBMITTER));
  // a newer artifact passes shadow against the active one and waits for an operator at active
  const b = await proposeToShadowGate(t, ladder, bearer(SUBMITTER));
  await t.lab.approvals.decide({ artifactId: b.id, verdict: 'approved', operator: 'olga', reason: 'vm evidence reviewed', stage: 'shadow' });
  const shadowed = await until(`${b.id} through shadow`, async () => {
    const now = (await t.lab.store.artifact(b.id))!;
    return now.promotion?.state === 'needs_approval' && now.promotion.stage === 'active' ? now : undefined;
  });
  expect(shadowed.stages?.shadow?.shadow).toMatchObject({ verdict: 'pass', incumbent: { artifactId: a.id, kind: 'active' } });
  const review = await ola(['review', '--now']);
  expect(review.code, review.err).toBe(0);
  expect(review.out).toMatch(new RegExp(`clock\\s+${a.id} since `));
  expect(review.out).toContain(`outperformed: ${b.id} passed its shadow stage against it, no worse (p `);
  const json = JSON.parse((await ola(['review', '--json'])).out);
  expect(json.findings).toEqual([expect.objectContaining({ niche: 'clock', kind: 'outperformed', artifactId: a.id, rivals: [expect.objectContaining({ artifactId: b.id, verdict: 'pass', against: a.id })] })]);
  const recorded = await t.lab.store.eventsOf({ types: ['decay_reviewed'], subject: 'capability:clock' });
  expect(recorded).toHaveLength(1);
  // and on /metrics, for the alert
  const metrics = (await t.app.inject({ url: '/metrics' })).body;
  expect(metrics).toMatch(/^ola_decay_findings\{niche="clock",kind="outperformed"\} 1$/m);
  expect(metrics).toMatch(/^ola_decay_findings\{niche="clock",kind="unused"\} 0$/m);

  // b is approved after all: a is its rollback handle
  await t.lab.approvals.decide({ artifactId: b.id, verdict: 'approved', operator: 'olga', reason: 'shadow report reviewed', stage: 'active' });
  await until(`${b.id} active`, async () => ((await t.lab.capabilities.active('clock'))?.artifactId === b.id ? true : undefined));
  expect((await ola(['capabilities'])).out).toMatch(new RegExp(`clock\\s+${b.id} since .*rollback handle ${a.id}\n  why: approved into active by olga: shadow report reviewed`));

  const res = await retire('clock', bearer(OPERATOR), 'a drill: back to the one before');
  expect(res.statusCode, res.body).toBe(200);
  expect(res.json()).toMatchObject({ niche: 'clock', from: b.id, to: a.id, retired: true, automatic: false, by: 'olga', why: 'a drill: back to the one before', evidence: { findings: [] } });
  expect((await t.lab.capabilities.active('clock'))?.artifactId).toBe(a.id);
  const view = (await t.app.inject({ url: '/capabilities?niche=clock' })).json().active[0];
  expect(view).toMatchObject({ artifactId: a.id });
  expect(view.rollbacks.at(-1)).toMatchObject({ from: b.id, to: a.id, retired: true, by: 'olga', why: 'a drill: back to the one before' });
  expect((await t.lab.store.artifact(b.id))!.promotion).toMatchObject({ state: 'rolled_back', why: `retired by olga: a drill: back to the one before; ${a.id} is active again` });
  const frames = await readSse(`${url}/events?types=capability_rolled_back`, (f) => f.length >= 1);
  expect(JSON.parse(frames[0]!.data).payload).toMatchObject({ from: b.id, retired: true, why: 'a drill: back to the one before', evidence: { reviewedAt: expect.any(String) } });

  const cli = await ola(['retire', 'clock', '--reason', 'unused for a drill', '--expect', a.id], OPERATOR);
  expect(cli.code, cli.err).toBe(0);
  expect(cli.out).toContain(`clock: retired ${a.id} by olga`);
  expect(cli.out).toContain('the built-in fallback is used again');
  expect(cli.out).toContain('why: unused for a drill');
  expect((await ola(['capabilities'])).out).toMatch(/retired .* -> the built-in fallback \(by olga\): unused for a drill/);
  const again = await ola(['retire', 'clock', '--reason', 'again'], OPERATOR);
  expect(again.code).toBe(1);
  expect(again.err).toContain('retire refused: OLA_ERR_NOTHING_TO_ROLL_BACK');
  expect((await ola(['retire', 'clock', '--reason', 'no token'])).err).toContain('OLA_ERR_UNAUTHENTICATED');

  // every decision about b says why, in the cli: its gates, the operators', the retirement
  const status = await ola(['status', b.id]);
  expect(status.code, status.err).toBe(0);
  expect(status.out).toContain('promotion: rolled_back at active');
  expect(status.out).toContain(`retired by olga: a drill: back to the one before; ${a.id} is active again`);
  expect(status.out).toMatch(/isolate\s+passed\s+\S+\s+passed the isolate gate: public: 0 of \d+ runs failed/);
  expect(status.out).toMatch(/vm\s+passed\s+\S+\s+passed the vm gate: .*fuzzed: /);
  expect(status.out).toMatch(/shadow\s+passed\s+\S+\s+shadow verdict pass: /);
  expect(status.out).toMatch(/approved into shadow by olga at \S+ \(registry seq \d+\): vm evidence reviewed/);
  expect(status.out).toMatch(/approved into active by olga at .*: shadow report reviewed/);
  expect((await ola(['status', b.proposalId])).out).toMatch(/gate: pass; token issued for jail\n    why: passed the isolate gate: public: /);
  const ladderView = (await t.app.inject({ url: `/promotion/status?state=rolled_back` })).json();
  expect(ladderView.artifacts.find((x: { id: string }) => x.id === b.id).stages.find((x: { stage: string }) => x.stage === 'isolate').why).toMatch(/^passed the isolate gate: /);
  // and a kill records its why in the event too
  await t.app.inject({ method: 'POST', url: `/artifacts/${a.id}/kill`, headers: bearer(OPERATOR), payload: { reason: 'a drill' } });
  expect((await t.lab.store.eventsOf({ types: ['artifact_killed'], subject: a.id }))[0]!.payload.why).toBe('killed by olga: a drill');
  // and ola events shows each decision's why, stopping where the replay ends
  const events = await ola(['events', '--after', '0', '--types', 'gate_decided,promotion_approved,capability_rolled_back,artifact_killed,decay_reviewed']);
  expect(events.code, events.err).toBe(0);
  expect(events.out).toMatch(/gate_decided\s+p_\w+: passed the isolate gate: public: /);
  expect(events.out).toMatch(/promotion_approved\s+a_\w+: approved into shadow by olga: vm evidence reviewed/);
  expect(events.out).toMatch(/decay_reviewed\s+capability:clock: outperformed: /);
  expect(events.out).toMatch(/capability_rolled_back\s+capability:clock: a drill: back to the one before/);
  expect(events.out).toMatch(/artifact_killed\s+a_\w+: killed by olga: a drill/);
  expect((await ola(['events', '--types', 'bogus'])).err).toContain('events: OLA_ERR_BAD_REQUEST');
  expect((await t.lab.store.verify({ full: true })).ok).toBe(true);
}, 240_000);
