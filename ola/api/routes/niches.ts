// GET /niches and GET /niches/:id. held-out scenarios are counted, never listed.
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { Niche } from '../../core/contracts.ts';
import { OlaError } from '../../core/errors.ts';
import type { Lab } from '../../lab.ts';
import { errors } from '../responses.ts';
import { NicheIdParams, NicheSummary, NicheView } from '../schemas.ts';
import { artifactSummary } from './artifacts.ts';

async function summary(lab: Lab, n: Niche): Promise<z.infer<typeof NicheSummary>> {
  const set = lab.catalog.scenarios(n.id);
  const best = await lab.store.best(n.id);
  return {
    id: n.id,
    title: n.title,
    description: n.description,
    event: n.event,
    headline: n.headline,
    scenarios: { public: set.public.length, heldOut: set.heldOut.length },
    best: best ? artifactSummary(best) : null,
  };
}

export const nicheRoutes: FastifyPluginAsyncZod = async (app) => {
  app.get(
    '/niches',
    { schema: { summary: 'the niches and their current best', tags: ['niches'], response: { 200: z.object({ niches: z.array(NicheSummary) }), ...errors() } } },
    async () => ({ niches: await Promise.all(app.lab.catalog.list().map((n) => summary(app.lab, n))) }),
  );

  app.get(
    '/niches/:id',
    {
      schema: {
        summary: 'a niche: interface text, public scenarios, gate thresholds, current best, baseline',
        tags: ['niches'],
        params: NicheIdParams,
        response: { 200: NicheView, ...errors(400, 404) },
      },
    },
    async (req) => {
      const n = app.lab.catalog.get(req.params.id);
      if (!n) throw new OlaError('OLA_ERR_NOT_FOUND', `no niche ${req.params.id}`, { field: 'id', known: app.lab.catalog.list().map((x) => x.id) });
      const set = app.lab.catalog.scenarios(n.id);
      return {
        ...(await summary(app.lab, n)),
        interfaceText: n.interfaceText,
        requiredExports: [...n.requiredExports],
        publicScenarios: set.public.map((s) => ({ id: s.id, kind: s.kind, seed: s.seed })),
        gates: n.gates as Record<string, z.infer<typeof NicheView>['gates'][string]>,
        baseline: n.baseline,
      };
    },
  );
};
