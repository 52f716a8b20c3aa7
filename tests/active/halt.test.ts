// lab-wide actions under a quorum: halting every promotion and resuming them takes two distinct
// operators of three; one operator asking twice, a submitter, or no token gets nothing; while
// halted an artifact that passed its gate waits where it is, and climbs once resumed. the
// registry verifies and holds no token.
import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { LabActions } from '../../ola/promotion/lab-actions.ts';
import { startStandInLadder, until, type StandInLadder } from '../helpers/stand-in-ladder.ts';
import { startTestLab, type TestLab } from '../helpers/test-lab.ts';

const tokens = { alice: randomBytes(24).toString('base64url'), bob: randomBytes(24).toString('base64url'), carol: randomBytes(24).toString('base64url'), sam: randomBytes(24).toString('base64url') };
const bearer = (who: keyof typeof tokens) => ({ authorization: `Bearer ${tokens[who]}` });
let t: TestLab;
let ladder: StandInLadder;

beforeAll(async () => {
  t = await startTestLab({
    auth: { operators: (['alice', 'bob', 'carol'] as const).map((name) => ({ name, token: tokens[name] })), submitters: [{ name: 'sam', token: tokens.sam }] },
  });
  ladder = await startStandInLadder(t);
});
afterAll(async () => {
  await ladder.close();
  await t.close();
});

const act = (action: string, who?: keyof typeof tokens, reason = 'the crash rate looks wrong') =>
  t.app.inject({ method: 'POST', url: `/lab/actions/${action}`, headers: who ? bearer(who) : {}, payload: { reason } });

it('counts distinct operators toward the quorum', () => {
  const needs = (operators: number, quorum?: number) => new LabActions({ store: t.lab.store, breaker: t.lab.breaker, operators, ...(quorum ? { quorum } : {}) }).needs;
  expect([needs(1), needs(1, 3), needs(3), needs(3, 3), needs(3, 5), needs(4, 1)]).toEqual([1, 1, 2, 3, 3, 1]);
});

it('halts every promotion once two operators asked, keeps an artifact where it stands, and resumes the same way', async () => {
  expect((await act('halt')).statusCode).toBe(401);
  expect((await act('halt', 'sam')).statusCode).toBe(403);
  expect((await act('resume', 'alice')).json().error.code).toBe('OLA_ERR_LAB_ACTION_REFUSED');
  const first = await act('halt', 'alice');
  expect(first.statusCode).toBe(202);
  expect(first.json()).toMatchObject({ action: 'halt', state: 'pending', needs: 2, requests: [{ operator: 'alice' }] });
  const twice = await act('halt', 'alice');
  expect(twice.statusCode).toBe(409);
  expect(twice.json().error.message).toContain('alice asked to halt already');
  const done = await act('halt', 'bob', 'a drill');
  expect(done.statusCode).toBe(200);
  expect(done.json()).toMatchObject({ state: 'done', requests: [{ operator: 'alice' }, { operator: 'bob' }] });
  const view = (await t.app.inject({ url: '/lab/actions' })).json();
  expect(view.halted).toMatchObject({ automatic: false, by: ['alice', 'bob'], why: expect.stringContaining('alice: the crash rate looks wrong; bob: a drill') });
  expect((await t.app.inject({ url: '/metrics' })).body).toMatch(/ola_promotions_halted 1/);
  expect((await act('halt', 'carol')).statusCode).toBe(409);

  // an artifact that passes its gate now waits where it stands
  const posted = await t.app.inject({ method: 'POST', url: '/proposals', headers: bearer('sam'), payload: { niche: 'clock', source: `${t.lab.catalog.get('clock')!.baseline}\n// halted`, language: 'js' } });
  const p = await t.lab.engine.settled(posted.json().id);
  await ladder.engine.idle();
  await new Promise((r) => setTimeout(r, 500));
  const waiting = (await t.lab.store.artifact(p.artifactId!))!;
  expect(waiting.promotion).toMatchObject({ state: 'queued', stage: 'jail' });
  expect(await t.lab.store.eventsOf({ types: ['stage_started'], subject: waiting.id })).toEqual([]);

  expect((await act('resume', 'alice', 'checked')).statusCode).toBe(202);
  const resumed = await act('resume', 'carol', 'checked too');
  expect(resumed.statusCode).toBe(200);
  expect((await t.app.inject({ url: '/lab/actions' })).json().halted).toBeNull();
  const climbed = await until('the climb after the resume', async () => {
    const a = (await t.lab.store.artifact(waiting.id))!;
    return a.promotion?.state === 'needs_approval' ? a : undefined;
  });
  expect(climbed.promotion?.stage).toBe('shadow');
  expect((await t.app.inject({ url: '/metrics' })).body).toMatch(/ola_promotions_halted 0/);
  const all = JSON.stringify(await t.lab.store.eventsAfter(0, 100_000));
  for (const tk of Object.values(tokens)) expect(all).not.toContain(tk);
  expect((await t.lab.store.verify({ full: true })).ok).toBe(true);
}, 120_000);
