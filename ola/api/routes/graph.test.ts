import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { proposeAndSettle, startTestLab, type TestLab } from '../../../tests/helpers/test-lab.ts';
import type { ArtifactRecord } from '../../core/contracts.ts';
import { clockNiche } from '../../niches/clock/index.ts';
import { buildGraph } from './graph.ts';

const artifact = (id: string, parents: string[] = [], o: Partial<ArtifactRecord> = {}): ArtifactRecord => ({
  id,
  proposalId: `p_${id}`,
  niche: 'clock',
  sha256: 'x',
  stage: 'isolate',
  proposer: 'test',
  parents,
  tokens: [],
  createdAt: '2026-01-01T00:00:00Z',
  ...o,
});
const score = (utility: number) => ({ utility }) as ArtifactRecord['score'];
const gate = (pass: boolean) => ({ stage: 'isolate', pass }) as ArtifactRecord['gate'];
const evidence = (stage: 'isolate' | 'jail', status: 'passed' | 'failed', utility: number) => ({ stage, status, score: score(utility), reasons: [], startedAt: '' });

describe('buildGraph', () => {
  it('links parents to children and roots to their niche, and chains the capability up the rungs', () => {
    const g = buildGraph(
      ['clock'],
      [
        artifact('a1', [], { score: score(0.5), gate: gate(true) }),
        // a2 climbed to jail: its evidence says so
        artifact('a2', ['a1'], { stage: 'jail', score: score(0.7), gate: gate(true), stages: { isolate: evidence('isolate', 'passed', 0.7), jail: evidence('jail', 'passed', 0.68) } as ArtifactRecord['stages'] }),
        artifact('a3', ['a_gone'], { score: score(0.9), gate: gate(false) }),
      ],
      new Map([['clock', 'a2']]),
    );
    expect(g.nodes.map((n) => n.id).sort()).toEqual(['a1', 'a2', 'a3', 'cap:clock:isolate', 'cap:clock:jail', 'niche:clock']);
    expect(g.edges.map((e) => `${e.kind}:${e.source}>${e.target}`).sort()).toEqual([
      'lineage:a1>a2',
      'provides:a2>cap:clock:isolate',
      'provides:a2>cap:clock:jail',
      'seed:niche:clock>a1',
      'seed:niche:clock>a3',
      'stage:cap:clock:isolate>cap:clock:jail',
    ]);
    expect(g.nodes.find((n) => n.id === 'a2')).toMatchObject({ incumbent: true });
    expect(g.nodes.find((n) => n.id === 'cap:clock:jail')).toMatchObject({ kind: 'capability', stage: 'jail', utility: 0.68 });
  });

  it('has no capability for a niche none of whose artifacts passed', () => {
    const g = buildGraph(['clock'], [artifact('a1', [], { score: score(0.5), gate: gate(false) })], new Map());
    expect(g.nodes.some((n) => n.kind === 'capability')).toBe(false);
  });
});

describe('GET /capabilities', () => {
  let t: TestLab;
  beforeAll(async () => {
    t = await startTestLab();
  });
  afterAll(() => t.close());

  it('a fresh lab has its niches and no artifacts', async () => {
    const res = await t.app.inject({ url: '/capabilities' });
    expect(res.statusCode).toBe(200);
    const g = res.json<{ nodes: { kind: string }[]; edges: unknown[]; head: number }>();
    expect(g.nodes.filter((n) => n.kind === 'niche').length).toBe(t.lab.catalog.list().length);
    expect(g.nodes.some((n) => n.kind === 'artifact')).toBe(false);
    expect(g.head).toBe(await t.lab.store.headSeq());
  });

  it('grows with a registered artifact and its lineage', async () => {
    const first = await proposeAndSettle(t, { niche: 'clock', source: clockNiche.baseline, language: 'js' });
    const child = await proposeAndSettle(t, { niche: 'clock', source: `${clockNiche.baseline}\n// child`, language: 'js', parents: [first.artifactId!] });
    const g = (await t.app.inject({ url: '/capabilities?niche=clock' })).json<{ nodes: { id: string; kind: string }[]; edges: { source: string; target: string; kind: string }[] }>();
    expect(g.nodes.map((n) => n.id)).toEqual(expect.arrayContaining(['niche:clock', first.artifactId, child.artifactId]));
    expect(g.edges).toContainEqual(expect.objectContaining({ source: first.artifactId, target: child.artifactId, kind: 'lineage' }));
    expect(g.nodes.every((n) => n.kind !== 'niche' || n.id === 'niche:clock')).toBe(true);
  });

  it('keeps the newest artifacts under ?limit and says it truncated', async () => {
    const g = (await t.app.inject({ url: '/capabilities?limit=1' })).json<{ truncated: boolean; nodes: { kind: string }[] }>();
    expect(g.truncated).toBe(true);
    expect(g.nodes.filter((n) => n.kind === 'artifact').length).toBeLessThanOrEqual(2); // the newest and the incumbent
  });

  it('names the field on bad input', async () => {
    const bad = await t.app.inject({ url: '/capabilities?limit=0' });
    expect(bad.statusCode).toBe(400);
    expect(bad.json()).toMatchObject({ error: { detail: { field: 'querystring.limit' } } });
    const unknown = await t.app.inject({ url: '/capabilities?niche=nope' });
    expect(unknown.statusCode).toBe(404);
    expect(unknown.json()).toMatchObject({ error: { detail: { field: 'niche' } } });
  });

  it('is described in the openapi document', async () => {
    const doc = (await t.app.inject({ url: '/docs/json' })).json<{ paths: Record<string, { get?: { responses: Record<string, unknown> } }> }>();
    expect(Object.keys(doc.paths['/capabilities']?.get?.responses ?? {})).toEqual(expect.arrayContaining(['200', '400']));
  });
});
