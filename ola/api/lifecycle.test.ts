import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { proposeAndSettle, startTestLab, type TestLab } from '../../tests/helpers/test-lab.ts';
import { clockNiche } from '../niches/clock/index.ts';

let t: TestLab;
beforeAll(async () => {
  t = await startTestLab();
});
afterAll(() => t.close());

describe('a proposal walks the whole lifecycle', () => {
  it('takes the clock baseline from proposed to gated with a token for the next stage', async () => {
    const p = await proposeAndSettle(t, { niche: 'clock', source: clockNiche.baseline, language: 'js', proposer: 'test' });
    expect(p.status).toBe('gated');
    expect(p.steps.map((s) => s.state)).toEqual(['proposed', 'validated', 'executed', 'scored', 'registered', 'gated']);
    const gate = p.steps.find((s) => s.state === 'gated' && s.result?.decision)!.result!.decision as { pass: boolean; next: string; reasons: string[] };
    expect(gate).toMatchObject({ pass: true, next: 'jail', reasons: [] });

    const art = await t.app.inject({ url: `/artifacts/${p.artifactId}` });
    expect(art.statusCode).toBe(200);
    const a = art.json();
    expect(a.source).toBe(clockNiche.baseline);
    expect(a.stage).toBe('isolate');
    expect(a.tokens.map((x: { to: string }) => x.to)).toEqual(['isolate', 'jail']);
    expect(a.score.metrics.max_abs_error_ms).toBeLessThanOrEqual(5);
    expect(a.score.runs).toBeGreaterThanOrEqual(4);
    expect(a.heldOut.runs).toBe(4);
    expect(a.score.harnessHash).toMatch(/^[0-9a-f]{64}$/);
    expect(a.score.scenariosHash).not.toBe(a.heldOut.scenariosHash);

    // the token the gate issued really opens the next stage, and only for this code
    const jail = a.tokens[1].token as string;
    await expect(t.lab.tokens.require(jail, { stage: 'jail', artifactId: a.id, sha256: a.sha256 })).resolves.toMatchObject({ to: 'jail' });
    await expect(t.lab.tokens.require(jail, { stage: 'container', artifactId: a.id, sha256: a.sha256 })).rejects.toMatchObject({ code: 'OLA_ERR_TOKEN_INVALID' });

    const niche = (await t.app.inject({ url: '/niches/clock' })).json();
    expect(niche.best.id).toBe(a.id);
    expect(niche.publicScenarios.length).toBe(niche.scenarios.public);
    expect(niche.scenarios.heldOut).toBe(4);
    expect(JSON.stringify(niche)).not.toContain('heldout');

    const types = (await t.lab.store.eventsAfter(0, 1000)).map((e) => e.type);
    expect(types).toEqual(expect.arrayContaining(['internal_clock_inferred', 'capability_discovered', 'token_issued', 'gate_decided']));
    expect((await t.lab.store.verify({ full: true })).ok).toBe(true);
  });

  it('transpiles a typescript proposal and gates it', async () => {
    const ts = `let off: number | undefined;
export function sync(mono: number, wall: number): void { off = wall - mono; }
export function estimate(mono: number): number { return off === undefined ? mono : mono + off; }`;
    const p = await proposeAndSettle(t, { niche: 'clock', source: ts, language: 'ts' });
    expect(p.status).toBe('gated');
    expect(p.proposer).toBe('anonymous');
  });

  it('records a gate failure with the reasons', async () => {
    const lazy = 'export function sync() {}\nexport function estimate(mono) { return mono; }';
    const p = await proposeAndSettle(t, { niche: 'clock', source: lazy, language: 'js' });
    const gate = p.steps.find((s) => s.result?.decision)!.result!.decision as { pass: boolean; reasons: string[] };
    expect(gate.pass).toBe(false);
    expect(gate.reasons.join(' ')).toMatch(/max_abs_error_ms .* not <= 5/);
  });

  it('lists artifacts by niche and stage and serves niches, metrics, health and openapi', async () => {
    const list = (await t.app.inject({ url: '/artifacts?niche=clock&stage=isolate' })).json();
    expect(list.artifacts.length).toBeGreaterThanOrEqual(3);
    expect((await t.app.inject({ url: '/artifacts?niche=nope' })).json().error).toMatchObject({ code: 'OLA_ERR_UNKNOWN_NICHE', detail: { field: 'querystring.niche' } });
    const niches = (await t.app.inject({ url: '/niches' })).json();
    expect(niches.niches.map((n: { id: string }) => n.id)).toContain('clock');
    const metrics = await t.app.inject({ url: '/metrics' });
    expect(metrics.body).toMatch(/ola_proposals_total\{outcome="gated_pass",niche="clock"\} [1-9]/);
    expect(metrics.body).toMatch(/ola_sandbox_run_duration_seconds_count\{ok="true"\} [1-9]/);
    expect(metrics.body).toMatch(/ola_artifacts\{stage="isolate"\} [1-9]/);
    expect(metrics.body).toMatch(/ola_registry_events_total\{type="proposal_received"\}/);
    const health = (await t.app.inject({ url: '/healthz' })).json();
    expect(health).toMatchObject({ status: 'ok', sandbox: { stage: 'isolate', available: true } });
    const docs = (await t.app.inject({ url: '/docs/json' })).json();
    expect(Object.keys(docs.paths)).toEqual(expect.arrayContaining(['/proposals', '/proposals/{id}', '/artifacts', '/artifacts/{id}', '/niches', '/niches/{id}', '/events', '/metrics', '/healthz', '/sense/stream', '/sense/snapshot']));
  });
});
