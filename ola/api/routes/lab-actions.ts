// lab-wide actions: GET /lab/actions (whether promotions are halted, what the circuit breaker
// sees, the lab key in force, requests waiting for a quorum) and POST /lab/actions/halt, /resume
// and /rotate-key (operators; a quorum of distinct operators when more than one is configured).
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { OlaError } from '../../core/errors.ts';
import { BODY_ERRORS, errors } from '../responses.ts';
import { LabActionAnswer, LabActionBody, LabActionParams, LabActionsView } from '../schemas-ui.ts';

export const labActionRoutes: FastifyPluginAsyncZod = async (app) => {
  app.get(
    '/lab/actions',
    { schema: { summary: 'whether every promotion is halted and why, what the circuit breaker sees, and requests waiting for a quorum', tags: ['ladder'], response: { 200: LabActionsView, ...errors() } } },
    async () => {
      const { breaker, actions, keys } = app.lab;
      const [halt, resume, rotate] = await Promise.all([actions.pending('halt'), actions.pending('resume'), actions.pending('rotate-key')]);
      const inForce = keys.chain.find((k) => k.fingerprint === keys.fingerprint);
      return {
        halted: breaker.halted ?? null,
        breaker: breaker.recentRuns(),
        needs: actions.needs,
        pending: { halt, resume, 'rotate-key': rotate },
        key: { fingerprint: keys.fingerprint, since: inForce?.since ?? null, keys: keys.chain.length },
      };
    },
  );

  app.post(
    '/lab/actions/:action',
    {
      onRequest: app.auth.operator,
      schema: {
        summary: 'an operator asks to halt every promotion, to resume them (resetting the circuit breaker), or to rotate the lab key; taken once enough distinct operators asked',
        description: "needs an operator's bearer token; with more than one operator configured, OLA_QUORUM distinct operators (default 2) must ask within 15 minutes: 202 until then",
        tags: ['ladder'],
        security: [{ bearer: [] }],
        params: LabActionParams,
        body: LabActionBody,
        response: { 200: LabActionAnswer, 202: LabActionAnswer, ...errors(...BODY_ERRORS, 401, 403, 409) },
      },
    },
    async (req, reply) => {
      const reason = req.body.reason.trim();
      if (app.auth.mentionsToken(reason)) throw new OlaError('OLA_ERR_BAD_REQUEST', 'body.reason: holds a bearer token; it would be recorded for good', { field: 'body.reason' });
      const r = await app.lab.actions.request(req.params.action, req.caller!.name, reason);
      return reply.code(r.state === 'done' ? 200 : 202).send(r);
    },
  );
};
