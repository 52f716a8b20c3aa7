// GET /capabilities: niches, their capabilities per rung and artifacts as a graph (edges: lineage,
// stage transitions, and which artifact holds each capability).
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { z } from 'zod';
import type { ArtifactRecord } from '../../core/contracts.ts';
import { OlaError } from '../../core/errors.ts';
import { STAGES, type Stage } from '../../core/vocabulary.ts';
import { errors } from '../responses.ts';
import { CapabilitiesQuery, CapabilityGraph } from '../schemas-ui.ts';

type Graph = z.infer<typeof CapabilityGraph>;
type GraphNode = Graph['nodes'][number];
type GraphEdge = Graph['edges'][number];

/** did the artifact pass this rung: its evidence says so, or (before the ladder kept evidence) its isolate gate */
function passed(a: ArtifactRecord, stage: Stage): boolean {
  const e = a.stages?.[stage];
  if (e) return e.status === 'passed';
  return stage === 'isolate' && a.gate?.stage === 'isolate' && a.gate.pass;
}

/** builds the graph from niche ids, artifacts (any order) and each niche's incumbent id */
export function buildGraph(niches: string[], artifacts: ArtifactRecord[], incumbents: Map<string, string>, active: Map<string, { artifactId: string; previous: string | null }> = new Map()): Omit<Graph, 'head' | 'truncated' | 'active'> {
  const nodes: GraphNode[] = niches.map((n) => ({ id: `niche:${n}`, kind: 'niche', label: n, niche: n }));
  const edges: GraphEdge[] = [];
  const ids = new Set(artifacts.map((a) => a.id));
  for (const a of artifacts) {
    const incumbent = incumbents.get(a.niche) === a.id;
    nodes.push({
      id: a.id,
      kind: 'artifact',
      label: `${a.proposer} ${a.score ? a.score.utility.toFixed(3) : '-'}`,
      niche: a.niche,
      stage: a.stage,
      utility: a.score?.utility ?? null,
      passed: a.gate?.pass ?? false,
      incumbent,
      active: active.get(a.niche)?.artifactId === a.id,
      proposer: a.proposer,
      createdAt: a.createdAt,
    });
    const parents = a.parents.filter((p) => ids.has(p));
    for (const p of parents) edges.push({ id: `${p}->${a.id}`, source: p, target: a.id, kind: 'lineage' });
    // an artifact whose parents are out of view hangs off its niche
    if (parents.length === 0) edges.push({ id: `niche:${a.niche}->${a.id}`, source: `niche:${a.niche}`, target: a.id, kind: 'seed' });
  }
  // a capability per rung a niche's artifacts passed, each held by its best artifact there,
  // and the rungs chained by stage edges: how far each capability has climbed
  for (const niche of niches) {
    const mine = artifacts.filter((a) => a.niche === niche);
    let below: string | undefined;
    for (const stage of STAGES) {
      // at active, the capability is the one the lab uses (not the best that ever passed)
      const using = stage === 'active' ? mine.find((a) => a.id === active.get(niche)?.artifactId) : undefined;
      const held = stage === 'active' ? (using ? [using] : []) : mine.filter((a) => passed(a, stage));
      if (held.length === 0) break;
      const best = held.reduce((x, y) => ((y.stages?.[stage]?.score ?? y.score)?.utility ?? -Infinity) > ((x.stages?.[stage]?.score ?? x.score)?.utility ?? -Infinity) ? y : x);
      const id = `cap:${niche}:${stage}`;
      nodes.push({ id, kind: 'capability', label: `${niche} @ ${stage}`, niche, stage, utility: (best.stages?.[stage]?.score ?? best.score)?.utility ?? null });
      edges.push({ id: `${best.id}->${id}`, source: best.id, target: id, kind: 'provides' });
      if (below) edges.push({ id: `${below}->${id}`, source: below, target: id, kind: 'stage' });
      below = id;
    }
    const cur = active.get(niche);
    if (cur?.previous && ids.has(cur.artifactId) && ids.has(cur.previous)) {
      edges.push({ id: `${cur.artifactId}~>${cur.previous}`, source: cur.artifactId, target: cur.previous, kind: 'rollback' });
    }
  }
  return { nodes, edges };
}

export const graphRoutes: FastifyPluginAsyncZod = async (app) => {
  app.get(
    '/capabilities',
    {
      schema: {
        summary: "the capability graph: niches, capabilities (incumbents, the active one) and artifacts (the newest, each niche's best, what is active and its rollback handle, each evolution run's winner), with lineage edges",
        tags: ['dashboard'],
        querystring: CapabilitiesQuery,
        response: { 200: CapabilityGraph, ...errors(400, 404) },
      },
    },
    async (req) => {
      const { store, catalog } = app.lab;
      const known = catalog.list().map((n) => n.id);
      const { niche, limit } = req.query;
      if (niche && !known.includes(niche)) throw new OlaError('OLA_ERR_NOT_FOUND', `no niche ${niche}`, { field: 'niche', known });
      const niches = niche ? [niche] : known;
      const head = await store.headSeq();
      const recent = await store.artifacts({ niche, limit: limit + 1 });
      const truncated = recent.length > limit;
      const artifacts = recent.slice(0, limit);
      const incumbents = new Map<string, string>();
      const active = new Map<string, { artifactId: string; previous: string | null }>();
      const views = [];
      const include = async (id: string | null | undefined) => {
        if (!id || artifacts.some((a) => a.id === id)) return;
        const a = await store.artifact(id);
        if (a) artifacts.push(a);
      };
      for (const n of niches) {
        const best = await store.best(n);
        if (best) incumbents.set(n, best.id);
        await include(best?.id);
        const st = await app.lab.capabilities.state(n);
        const cur = st.stack.at(-1);
        if (cur) {
          active.set(n, { artifactId: cur.artifactId, previous: cur.previous });
          await include(cur.artifactId);
          await include(cur.previous);
        }
        views.push({
          niche: n,
          artifactId: cur?.artifactId ?? null,
          since: cur?.since ?? null,
          previous: cur?.previous ?? null,
          why: cur ? cur.why : 'nothing is active: the lab uses its built-in fallback',
          stability: app.lab.active.watch.stability(n),
          rollbacks: st.rollbacks.slice(-20).map(({ niche: _n, ...r }) => r),
        });
      }
      // each evolution run's winner too, however old (a run of thousands pushes it out of the newest)
      for (const r of app.lab.ola.list()) if (!niche || r.niche === niche) await include(r.summary?.best?.id);
      return { head, truncated, active: views, ...buildGraph(niches, artifacts, incumbents, active) };
    },
  );
};
