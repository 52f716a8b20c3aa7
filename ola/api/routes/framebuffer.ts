// GET /artifacts/:id/framebuffer.png: a gui.fb artifact's last frame on a public scenario.
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { errors, media } from '../responses.ts';
import { ArtifactIdParams } from '../schemas.ts';

export const framebufferRoutes: FastifyPluginAsyncZod = async (app) => {
  app.get(
    '/artifacts/:id/framebuffer.png',
    {
      schema: {
        summary: "a gui.fb artifact's framebuffer (the last frame of a public scenario), as png",
        tags: ['artifacts'],
        params: ArtifactIdParams,
        querystring: z.object({ scenario: z.string().max(128).optional() }),
        response: { 200: media('image/png', 'the last frame, as png'), ...errors(400, 403, 404) },
      },
    },
    async (req, reply) => {
      const png = await app.lab.frames.png(req.params.id, req.query.scenario);
      return reply.type('image/png').header('cache-control', 'max-age=60').send(png);
    },
  );
};
