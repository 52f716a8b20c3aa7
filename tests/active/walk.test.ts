// issue #9's walk, on the real ladder: an artifact climbs to the vm, an operator approves its
// host shadow promotion, shadow mode feeds it the host's real clocks beside the baseline, the
// operator reads the report and approves it into active, the lab's internal clock is then the
// artifact's (its metric moves), a fault is injected and the lab rolls it back on its own. all
// of it is in the registry, which still verifies.
import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { ArtifactRecord } from '../../ola/core/contracts.ts';
import { startTestLab, type TestLab } from '../helpers/test-lab.ts';

const OPERATOR = randomBytes(24).toString('base64url');
const auth = { authorization: `Bearer ${OPERATOR}` };
let t: TestLab;

beforeAll(async () => {
  t = await startTestLab({
    promotion: { enabled: true },
    auth: { operators: [{ name: 'olga', token: OPERATOR }], submitters: [] },
    shadow: { roundGapMs: 100, maxRounds: 30 },
    faults: { enabled: true },
  });
});
afterAll(() => t.close());

async function until<T>(what: string, f: () => Promise<T | undefined>, ms = 240_000): Promise<T> {
  const end = Date.now() + ms;
  for (;;) {
    const v = await f();
    if (v !== undefined) return v;
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

const artifact = async (id: string) => (await t.lab.store.artifact(id)) as ArtifactRecord;
const waitsAt = (id: string, stage: string) =>
  until(`${id} waiting at ${stage}`, async () => {
    const a = await artifact(id);
    if (a.promotion?.state === 'failed') throw new Error(`${id} failed: ${a.promotion.why}`);
    return a.promotion?.state === 'needs_approval' && a.promotion.stage === stage ? a : undefined;
  });
const metric = async (pattern: RegExp) => Number((await t.app.inject({ method: 'GET', url: '/metrics' })).body.match(pattern)?.[1] ?? 0);

it('walks proposal -> vm -> approved shadow -> report -> approved active -> used -> fault -> automatic rollback', async () => {
  const source = `${t.lab.catalog.get('clock')!.baseline}\n// walk ${randomBytes(4).toString('hex')}`;
  const posted = await t.app.inject({ method: 'POST', url: '/proposals', payload: { niche: 'clock', source, language: 'js', proposer: 'person:walk' } });
  expect(posted.statusCode).toBe(202);
  const p = await t.lab.engine.settled(posted.json<{ id: string }>().id);
  const id = p.artifactId!;

  // every sandbox rung this host has, then the operator's gate at shadow with the vm's evidence
  const atShadow = await waitsAt(id, 'shadow');
  const rungs = (await t.lab.stages.all()).filter((s) => s.available && !s.needsApproval).map((s) => s.stage);
  for (const s of rungs) expect(atShadow.stages?.[s]?.status, s).toBe('passed');
  const shadowGate = await t.app.inject({ method: 'POST', url: `/promotions/${id}/approve`, headers: auth, payload: { reason: 'vm evidence reviewed' } });
  expect(shadowGate.statusCode, shadowGate.body).toBe(200);
  expect(shadowGate.json().evidence.stage).toBe('vm');

  // shadow mode: the host's real clocks, both sides in the strongest sandbox, the baseline authoritative
  const atActive = await waitsAt(id, 'active');
  const report = (await t.app.inject({ method: 'GET', url: `/artifacts/${id}/shadow` })).json();
  expect(report.verdict.verdict).toBe('pass');
  expect(report.incumbent).toEqual({ artifactId: null, kind: 'baseline' });
  expect(report.counts.events).toBeGreaterThanOrEqual(t.lab.catalog.get('clock')!.shadow!.minEvents);
  expect(report.counts.matched).toBeGreaterThan(0);
  expect(report.crashes).toMatchObject({ candidate: 0, incumbent: 0 });
  const started = (await t.lab.store.eventsOf({ types: ['stage_started'], subject: id })).find((e) => e.payload.stage === 'shadow')!;
  expect((started.payload.runner as { sandbox: string }).sandbox).toBe(rungs.at(-1));
  expect(atActive.stages?.shadow?.shadow?.verdict).toBe('pass');

  // before activation the lab's clock is its fallback
  const before = (await t.app.inject({ method: 'GET', url: '/sense/snapshot' })).json().internalClock;
  expect(before.source).toBe('fallback');
  const activeGate = await t.app.inject({ method: 'POST', url: `/promotions/${id}/approve`, headers: auth, payload: { reason: 'shadow report reviewed', stage: 'active' } });
  expect(activeGate.statusCode, activeGate.body).toBe(200);
  expect(activeGate.json().evidence.shadow.verdict).toBe('pass');
  await until('active', async () => ((await artifact(id)).promotion?.state === 'top' ? true : undefined));

  // used by the lab: its internal clock is the artifact's, and each use is counted
  const reading = await until('an active reading', async () => {
    const r = (await t.app.inject({ method: 'GET', url: '/sense/snapshot' })).json().internalClock;
    return r?.source === 'active' ? r : undefined;
  });
  expect(reading.artifactId).toBe(id);
  expect(Math.abs(reading.wallMs - reading.hostWallMs)).toBeLessThan(50);
  await until('uses counted', async () => ((await metric(/ola_capability_use_duration_seconds_count\{niche="clock",source="active",ok="true"\} (\d+)/)) >= 5 ? true : undefined));
  const graph = (await t.app.inject({ method: 'GET', url: '/capabilities?niche=clock' })).json();
  expect(graph.active[0]).toMatchObject({ niche: 'clock', artifactId: id, previous: null });
  expect(graph.nodes.find((n: { id: string }) => n.id === id).active).toBe(true);

  // a fault: every use now fails; the watch rolls back to what was there before (the fallback)
  const fault = await t.app.inject({ method: 'POST', url: '/capabilities/clock/fault', headers: auth, payload: { kind: 'crash', uses: 50 } });
  expect(fault.statusCode, fault.body).toBe(200);
  const rolled = await until('the automatic rollback', async () => (await t.lab.store.eventsOf({ types: ['capability_rolled_back'], subject: 'capability:clock' })).at(-1), 30_000);
  expect(rolled.payload).toMatchObject({ from: id, to: null, automatic: true });
  expect(String(rolled.payload.why)).toMatch(/uses failed/);
  expect((await artifact(id)).promotion?.state).toBe('rolled_back');
  const after = await until('the fallback again', async () => {
    const r = (await t.app.inject({ method: 'GET', url: '/sense/snapshot' })).json().internalClock;
    return r?.source === 'fallback' ? r : undefined;
  });
  expect(after.artifactId).toBeNull();
  expect(await metric(/ola_rollbacks_total\{niche="clock",trigger="automatic"\} (\d+)/)).toBe(1);
  // nothing left to roll back: the operator is told so
  const none = await t.app.inject({ method: 'POST', url: '/capabilities/clock/rollback', headers: auth, payload: { reason: 'again' } });
  expect(none.statusCode).toBe(409);
  expect(none.json().error.code).toBe('OLA_ERR_NOTHING_TO_ROLL_BACK');
  expect((await t.lab.store.verify()).ok).toBe(true);
}, 420_000);
