// GET /artifacts and GET /artifacts/:id.
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { ArtifactRecord } from '../../core/contracts.ts';
import { OlaError } from '../../core/errors.ts';
import { errors } from '../responses.ts';
import { ArtifactLadderView } from '../schemas-ladder.ts';
import { ArtifactIdParams, ArtifactQuery, ArtifactSummary } from '../schemas.ts';
import { z } from 'zod';

export function artifactSummary(a: ArtifactRecord): z.infer<typeof ArtifactSummary> {
  return {
    id: a.id,
    proposalId: a.proposalId,
    niche: a.niche,
    sha256: a.sha256,
    stage: a.stage,
    proposer: a.proposer,
    parents: a.parents,
    utility: a.score?.utility ?? null,
    passed: a.gate?.pass ?? false,
    createdAt: a.createdAt,
  };
}

export const artifactRoutes: FastifyPluginAsyncZod = async (app) => {
  app.get(
    '/artifacts',
    {
      schema: {
        summary: 'registered artifacts, newest first',
        tags: ['artifacts'],
        querystring: ArtifactQuery,
        response: { 200: z.object({ artifacts: z.array(ArtifactSummary) }), ...errors(400, 422) },
      },
    },
    async (req) => {
      const { niche } = req.query;
      if (niche !== undefined && !app.lab.catalog.get(niche)) {
        const known = app.lab.catalog.list().map((n) => n.id);
        throw new OlaError('OLA_ERR_UNKNOWN_NICHE', `unknown niche '${niche}'`, { field: 'querystring.niche', known });
      }
      return { artifacts: (await app.lab.store.artifacts(req.query)).map(artifactSummary) };
    },
  );

  app.get(
    '/artifacts/:id',
    {
      schema: {
        summary: 'one artifact: source, sha256, scores, stage, evidence per stage, promotion, lineage, tokens',
        tags: ['artifacts'],
        params: ArtifactIdParams,
        response: { 200: ArtifactLadderView, ...errors(400, 404) },
      },
    },
    async (req) => {
      const a = await app.lab.store.artifact(req.params.id);
      if (!a) throw new OlaError('OLA_ERR_NOT_FOUND', `no artifact ${req.params.id}`, { field: 'id' });
      const source = (await app.lab.store.getSource(a.sha256)) ?? null;
      return { ...artifactSummary(a), source, score: a.score, heldOut: a.heldOut, gate: a.gate, tokens: a.tokens, stages: a.stages ?? {}, promotion: a.promotion ?? null, decisions: a.decisions ?? {} };
    },
  );
};
