import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { proposeAndSettle, startTestLab, type TestLab } from '../../../tests/helpers/test-lab.ts';
import type { ArtifactRecord } from '../../core/contracts.ts';
import { clockNiche } from '../../niches/clock/index.ts';
import { buildGraph } from './graph.ts';

const artifact = (id: string, parents: string[] = []): ArtifactRecord => ({
  id,
  proposalId: `p_${id}`,
  niche: 'clock',
  sha256: 'x',
  stage: 'isolate',
  proposer: 'test',
  parents,
  tokens: [],
  createdAt: '2026-01-01T00:00:00Z',
});

describe('buildGraph', () => {
  it('links parents to children, roots to their niche and the incumbent to its capability', () => {
    const g = buildGraph(['clock'], [artifact('a1'), artifact('a2', ['a1']), artifact('a3', ['a_gone'])], new Map([['clock', 'a2']]));
    expect(g.nodes.map((n) => n.id).sort()).toEqual(['a1', 'a2', 'a3', 'cap:clock', 'niche:clock']);
    expect(g.edges.map((e) => `${e.kind}:${e.source}>${e.target}`).sort()).toEqual([
      'lineage:a1>a2',
      'provides:a2>cap:clock',
      'seed:niche:clock>a1',
      'seed:niche:clock>a3',
    ]);
    expect(g.nodes.find((n) => n.id === 'a2')).toMatchObject({ incumbent: true });
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
