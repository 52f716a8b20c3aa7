// the operator's gates, hostile: forged and misplaced tokens, replayed and racing decisions,
// decisions on artifacts that do not wait. after each, the lab answers and its registry verifies;
// no token ever reaches the registry. artifacts reach the gate at shadow through stand-in rungs
// (tests/helpers/stand-in-ladder.ts): the engine, tokens, gates and evidence are the lab's own.
import { randomBytes } from 'node:crypto';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ArtifactRecord } from '../../ola/core/contracts.ts';
import { proposeToShadowGate, STAND_IN, startStandInLadder, type StandInLadder } from '../helpers/stand-in-ladder.ts';
import { startTestLab, type TestLab } from '../helpers/test-lab.ts';
import { olaCli } from '../helpers/ola-cli.ts';

const token = () => randomBytes(24).toString('base64url');
const ALICE = token();
const BOB = token();
const SAM = token();
const TOKENS = [ALICE, BOB, SAM];
const bearer = (tk: string) => ({ authorization: `Bearer ${tk}` });

let t: TestLab;
let ladder: StandInLadder;

beforeAll(async () => {
  t = await startTestLab({
    shadow: { sandbox: 'isolate', roundGapMs: 100 },
    auth: {
      operators: [
        { name: 'alice', token: ALICE },
        { name: 'bob', token: BOB },
      ],
      submitters: [{ name: 'sam', token: SAM }],
    },
  });
  ladder = await startStandInLadder(t);
});
afterAll(async () => {
  await ladder.close();
  await t.close();
});

async function propose(headers: Record<string, string>, source?: string) {
  const payload = { niche: 'clock', source: source ?? t.lab.catalog.get('clock')!.baseline, language: 'js', proposer: 'person:test' };
  return t.app.inject({ method: 'POST', url: '/proposals', headers, payload });
}

/** an artifact proposed by a submitter that climbed the stand-in rungs to the gate at shadow */
const waitingAtShadow = () => proposeToShadowGate(t, ladder, bearer(SAM));

function decide(action: 'approve' | 'reject', id: string, headers: Record<string, string>, payload: unknown = { reason: 'vm evidence reviewed' }) {
  return t.app.inject({ method: 'POST', url: `/promotions/${id}/${action}`, headers, payload: payload as Record<string, unknown> });
}

async function decisionEvents(id: string) {
  return t.lab.store.eventsOf({ types: ['promotion_approved', 'promotion_rejected'], subject: id });
}

/** the lab still answers and its registry verifies, every signature included */
async function healthy(): Promise<void> {
  expect((await t.app.inject({ url: '/healthz' })).statusCode).toBe(200);
  const v = await t.lab.store.verify({ full: true });
  expect(v, v.problem).toMatchObject({ ok: true });
}

describe('proposals once submitters are configured', () => {
  it('refuses a proposal without a token, or with one the lab does not know, and records nothing', async () => {
    const head = await t.lab.store.headSeq();
    const forged = [
      {},
      { authorization: '' },
      { authorization: 'Bearer' },
      { authorization: `Basic ${Buffer.from(`sam:${SAM}`).toString('base64')}` },
      bearer(token()),
      bearer(SAM.slice(0, -1)),
      bearer(`${SAM}x`),
      bearer(SAM.toUpperCase()),
      bearer('x'.repeat(8000)),
      { authorization: `Bearer ${SAM} ${SAM}` },
    ];
    for (const headers of forged) {
      const res = await propose(headers);
      expect(res.statusCode, JSON.stringify(headers).slice(0, 80)).toBe(401);
      expect(res.headers['www-authenticate']).toMatch(/^Bearer realm="organic-os"/);
      expect(res.json().error).toMatchObject({ code: 'OLA_ERR_UNAUTHENTICATED', detail: { field: 'headers.authorization' } });
      for (const tk of TOKENS) expect(res.body).not.toContain(tk);
    }
    expect(await t.lab.store.headSeq()).toBe(head);
    await healthy();
  });

  it("takes a submitter's token, and an operator's too", async () => {
    for (const tk of [SAM, ALICE]) {
      const res = await propose({ authorization: `bearer ${tk}` }, 'export function sync() {}');
      expect(res.statusCode).toBe(202);
      expect((await t.lab.engine.settled(res.json().id)).status).toBe('rejected');
    }
    await healthy();
  });
});

describe('approve and reject', () => {
  let a: ArtifactRecord;
  beforeAll(async () => {
    a = await waitingAtShadow();
  });

  it('needs an operator: no token or a forged one is a 401, a submitter is a 403, and nothing is recorded', async () => {
    for (const action of ['approve', 'reject'] as const) {
      const none = await decide(action, a.id, {});
      expect(none.statusCode).toBe(401);
      expect(none.json().error.code).toBe('OLA_ERR_UNAUTHENTICATED');
      for (const forged of [token(), ALICE.slice(1), `${ALICE.slice(0, -1)}${ALICE.endsWith('A') ? 'B' : 'A'}`]) {
        expect((await decide(action, a.id, bearer(forged))).statusCode).toBe(401);
      }
      const submitter = await decide(action, a.id, bearer(SAM));
      expect(submitter.statusCode).toBe(403);
      expect(submitter.json().error).toMatchObject({ code: 'OLA_ERR_FORBIDDEN', message: expect.stringContaining('sam holds a submitter') });
      // the token is checked before the body: a submitter learns nothing about the artifact
      expect((await decide(action, `a_${'0'.repeat(26)}`, bearer(SAM))).statusCode).toBe(403);
    }
    expect(await decisionEvents(a.id)).toEqual([]);
    expect((await t.lab.store.artifact(a.id))!.promotion!.state).toBe('needs_approval');
    await healthy();
  });

  it('refuses bad bodies and a reason holding a token, recording nothing', async () => {
    for (const payload of [{}, { reason: '   ' }, { reason: 'x'.repeat(2001) }, { reason: 'ok', extra: 1 }, { reason: 'ok', stage: 'moon' }]) {
      const res = await decide('approve', a.id, bearer(ALICE), payload);
      expect(res.statusCode, JSON.stringify(payload).slice(0, 60)).toBe(400);
    }
    const pasted = await decide('approve', a.id, bearer(ALICE), { reason: `looks fine, my token is ${BOB}.` });
    expect(pasted.statusCode).toBe(400);
    expect(pasted.json().error.detail.field).toBe('body.reason');
    expect(pasted.body).not.toContain(BOB);
    expect(await decisionEvents(a.id)).toEqual([]);
    await healthy();
  });

  it('refuses a decision on an artifact that does not wait for one, or at another rung', async () => {
    expect((await decide('approve', `a_${'0'.repeat(26)}`, bearer(ALICE))).statusCode).toBe(404);
    const wrongRung = await decide('approve', a.id, bearer(ALICE), { reason: 'activate it', stage: 'active' });
    expect(wrongRung.statusCode).toBe(409);
    expect(wrongRung.json().error).toMatchObject({ code: 'OLA_ERR_NOT_AWAITING_DECISION', message: expect.stringContaining('waits for a decision on shadow, not active') });
    // an artifact that failed its first gate never stands on the ladder
    const failing = await propose(bearer(SAM), "export function sync() {}\nexport function estimate(m) { return 'soon'; }");
    const failed = (await t.lab.engine.settled(failing.json().id)).artifactId!;
    const off = await decide('approve', failed, bearer(ALICE));
    expect(off.statusCode).toBe(409);
    expect(off.json().error.message).toContain('not on the ladder');
    await healthy();
  });

  it('approves into shadow with who, when, why and the vm evidence seen; shadow mode then runs it beside the baseline', async () => {
    const res = await decide('approve', a.id, bearer(ALICE), { reason: 'vm evidence reviewed', stage: 'shadow' });
    expect(res.statusCode).toBe(200);
    const d = res.json();
    const vmPassed = (await t.lab.store.eventsOf({ types: ['stage_passed'], subject: a.id })).find((e) => e.payload.stage === 'vm')!;
    expect(d).toMatchObject({
      artifactId: a.id,
      stage: 'shadow',
      verdict: 'approved',
      operator: 'alice',
      reason: 'vm evidence reviewed',
      evidence: { stage: 'vm', status: 'passed', runner: { standIn: STAND_IN }, gate: { pass: true, reasons: [] }, event: { seq: vmPassed.seq, hash: vmPassed.hash } },
      promotion: { state: 'queued', stage: 'shadow' },
    });
    expect(d.evidence.public.utility).toBe(a.stages!.vm!.score!.utility);
    expect(d.evidence.fuzzed.seeds).toEqual(a.stages!.vm!.fuzzed!.seeds);
    const [recorded] = await decisionEvents(a.id);
    expect(recorded).toMatchObject({ seq: d.seq, ts: d.at, type: 'promotion_approved', payload: { operator: 'alice', reason: 'vm evidence reviewed' } });

    await ladder.engine.idle();
    const after = (await t.lab.store.artifact(a.id))!;
    expect(after.decisions?.shadow).toMatchObject({ verdict: 'approved', operator: 'alice', seq: d.seq, evidence: { stage: 'vm', event: { seq: vmPassed.seq } } });
    expect(after.promotion?.stage).toBe('shadow');
    // shadow mode took it: the host's clocks, the configured sandbox, the baseline as incumbent
    const shadowStarted = (await t.lab.store.eventsOf({ types: ['stage_started'], subject: a.id })).filter((e) => e.payload.stage === 'shadow');
    expect(shadowStarted).toHaveLength(1);
    expect(shadowStarted[0]!.payload.runner).toMatchObject({ sandbox: 'isolate', incumbent: { artifactId: null, kind: 'baseline' } });
    const listed = (await t.app.inject({ url: '/promotion/status?state=running,needs_approval' })).json().artifacts.find((x: { id: string }) => x.id === a.id);
    expect(listed.decisions).toEqual([{ stage: 'shadow', verdict: 'approved', operator: 'alice', reason: 'vm evidence reviewed', at: d.at, seq: d.seq }]);
    const view = (await t.app.inject({ url: `/artifacts/${a.id}` })).json();
    expect(view.decisions.shadow).toMatchObject({ operator: 'alice', evidence: { stage: 'vm' } });
    await healthy();
  });

  it('refuses a replayed decision and one that contradicts it (409), keeping the first', async () => {
    for (const [action, tk] of [['approve', ALICE], ['approve', BOB], ['reject', BOB]] as const) {
      const res = await decide(action, a.id, bearer(tk));
      expect(res.statusCode).toBe(409);
      expect(res.json().error).toMatchObject({ code: 'OLA_ERR_NOT_AWAITING_DECISION', message: expect.stringContaining('was approved at shadow by alice'), detail: { decided: { operator: 'alice' } } });
    }
    expect(await decisionEvents(a.id)).toHaveLength(1);
    await healthy();
  });

  it('takes exactly one of many decisions sent at once', async () => {
    const b = await waitingAtShadow();
    const racing = await Promise.all(
      Array.from({ length: 12 }, (_, i) => decide(i % 2 ? 'reject' : 'approve', b.id, bearer(i % 3 ? ALICE : BOB), { reason: `racer ${i}` })),
    );
    const codes = racing.map((r) => r.statusCode);
    expect(codes.filter((c) => c === 200)).toHaveLength(1);
    expect(codes.filter((c) => c === 409)).toHaveLength(11);
    expect(await decisionEvents(b.id)).toHaveLength(1);
    await ladder.engine.idle();
    await healthy();
  });

  it('rejects with a reason: the climb ends there, and the decision stands', async () => {
    const c = await waitingAtShadow();
    const res = await decide('reject', c.id, bearer(BOB), { reason: 'utility too close to the incumbent' });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({ verdict: 'rejected', operator: 'bob', stage: 'shadow', promotion: { state: 'rejected', stage: 'shadow' } });
    await ladder.engine.idle();
    const after = (await t.lab.store.artifact(c.id))!;
    expect(after.promotion).toMatchObject({ state: 'rejected', stage: 'shadow', why: 'rejected at shadow by bob: utility too close to the incumbent' });
    expect(await t.lab.store.eventsOf({ types: ['stage_unavailable', 'promotion_waiting'], subject: c.id })).toEqual([]);
    const again = await decide('approve', c.id, bearer(ALICE));
    expect(again.statusCode).toBe(409);
    expect(again.json().error.message).toContain('was rejected at shadow by bob');
    const status = (await t.app.inject({ url: '/promotion/status?state=rejected' })).json();
    expect(status.artifacts.find((x: { id: string }) => x.id === c.id)).toMatchObject({ nextGate: null, promotion: { state: 'rejected' } });
    await healthy();
  });

  it('lists artifacts waiting for a decision with the evidence a decision would record', async () => {
    const w = await waitingAtShadow();
    const status = (await t.app.inject({ url: '/promotion/status?state=needs_approval' })).json();
    const listed = status.artifacts.find((x: { id: string }) => x.id === w.id);
    expect(listed).toMatchObject({ nextGate: 'shadow', decisions: [], evidence: { stage: 'vm', status: 'passed', gate: { pass: true } } });
    expect(listed.evidence.heldOut.utility).toBe(w.stages!.vm!.heldOut!.utility);
    // a niche filter is the registry's: the limit counts that niche's artifacts only
    const ofNiche = (await t.app.inject({ url: `/promotion/status?state=needs_approval&niche=${w.niche}&limit=1` })).json();
    expect(ofNiche.artifacts.map((x: { id: string }) => x.id)).toEqual([status.artifacts.filter((x: { niche: string }) => x.niche === w.niche)[0].id]);
    const other = t.lab.catalog.list().find((n) => n.id !== w.niche)!.id;
    const none = (await t.app.inject({ url: `/promotion/status?state=needs_approval&niche=${other}` })).json();
    expect(none.artifacts.every((x: { niche: string }) => x.niche === other)).toBe(true);
    await healthy();
  });
});

describe('ola approve and ola reject', () => {
  let url: string;
  beforeAll(async () => {
    url = await t.app.listen({ host: '127.0.0.1', port: 0 });
  });

  // async: the lab under test lives in this process and must keep answering
  const ola = (args: string[], token?: string) => olaCli(url, args, token);

  it("decides with the operator's token from OLA_TOKEN, and says why not without one", async () => {
    const a = await waitingAtShadow();
    const none = await ola(['approve', a.id, '--reason', 'looks right']);
    expect(none.code).toBe(1);
    expect(none.err).toMatch(/OLA_ERR_UNAUTHENTICATED: no bearer token.*\(set OLA_TOKEN to your token\)/);
    const submitter = await ola(['approve', a.id, '--reason', 'looks right'], SAM);
    expect(submitter.code).toBe(1);
    expect(submitter.err).toContain('OLA_ERR_FORBIDDEN');
    expect((await ola(['approve', a.id], ALICE)).code).toBe(2);

    const ok = await ola(['approve', a.id, '--reason', 'vm evidence reviewed'], ALICE);
    expect(ok.code, ok.err).toBe(0);
    expect(ok.out).toMatch(new RegExp(`${a.id} approved into shadow by alice at .* \\(registry seq \\d+\\)`));
    expect(ok.out).toMatch(/evidence seen: vm passed \(seq \d+\); utility [\d.]+, held-out [\d.]+, fuzzed [\d.]+ over \d+ runs/);
    expect(ok.out).toMatch(/vm decided: passed the vm gate: public: 0 of \d+ runs failed .*; fuzzed: /);
    const again = await ola(['reject', a.id, '--reason', 'changed my mind'], BOB);
    expect(again.code).toBe(1);
    expect(again.err).toMatch(/OLA_ERR_NOT_AWAITING_DECISION: .* was approved at shadow by alice/);

    const b = await waitingAtShadow();
    const rejected = await ola(['reject', b.id, '--reason', 'not better than the incumbent', '--stage', 'shadow', '--json'], BOB);
    expect(rejected.code, rejected.err).toBe(0);
    expect(JSON.parse(rejected.out)).toMatchObject({ artifactId: b.id, verdict: 'rejected', operator: 'bob', promotion: { state: 'rejected' } });
    for (const r of [none, submitter, ok, again, rejected]) for (const tk of TOKENS) expect(r.out + r.err).not.toContain(tk);
    await healthy();
  });

  it("proposes with a submitter's token from OLA_TOKEN", async () => {
    const file = join(import.meta.dirname, '..', '..', 'ola', 'niches', 'clock', 'baseline.js');
    const refused = await ola(['propose', file, '--niche', 'clock']);
    expect(refused.code).toBe(1);
    expect(refused.err).toContain('OLA_ERR_UNAUTHENTICATED');
    const ok = await ola(['propose', file, '--niche', 'clock'], SAM);
    expect(ok.code, ok.err).toBe(0);
    expect(ok.out).toMatch(/^proposed p_\w+/);
    await t.lab.engine.settled(/proposed (p_\w+)/.exec(ok.out)![1]!);
    await ladder.engine.idle();
  });
});

describe('a lab with no operator configured', () => {
  it('refuses every decision and says why; proposals stay open', async () => {
    const open = await startTestLab();
    const openLadder = await startStandInLadder(open);
    try {
      const id = (await proposeToShadowGate(open, openLadder)).id;
      for (const headers of [{}, bearer(ALICE), bearer(token())]) {
        for (const action of ['approve', 'reject']) {
          const r = await open.app.inject({ method: 'POST', url: `/promotions/${id}/${action}`, headers, payload: { reason: 'let it in' } });
          expect(r.statusCode).toBe(403);
          expect(r.json().error).toMatchObject({ code: 'OLA_ERR_NO_OPERATOR', message: expect.stringContaining('OLA_OPERATOR_TOKENS') });
        }
      }
      expect((await open.lab.store.artifact(id))!.promotion!.state).toBe('needs_approval');
      expect((await open.lab.store.verify({ full: true })).ok).toBe(true);
    } finally {
      await openLadder.close();
      await open.close();
    }
  });
});

describe('after all of the above', () => {
  it('never lets a token into the registry, its files or its answers', async () => {
    const files: string[] = [];
    const walk = (dir: string) => {
      for (const f of readdirSync(dir)) {
        const p = join(dir, f);
        if (statSync(p).isDirectory()) walk(p);
        else files.push(p);
      }
    };
    walk(t.dir);
    expect(files.some((f) => f.endsWith('events.log'))).toBe(true);
    for (const f of files) {
      const bytes = readFileSync(f).toString('latin1');
      for (const tk of TOKENS) expect(bytes.includes(tk), `${f} holds a token`).toBe(false);
    }
    const answers = await Promise.all(['/registry/export', '/promotion/status?state=needs_approval,stage_unavailable,rejected', '/healthz', '/docs/json'].map((url) => t.app.inject({ url })));
    for (const r of answers) for (const tk of TOKENS) expect(r.body).not.toContain(tk);
  });
});
