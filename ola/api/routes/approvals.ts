// POST /promotions/:id/approve and /reject: an operator's decision at a rung that needs a
// person (shadow, active), with a reason. operators only: the token is checked before the body is read.
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { OlaError } from '../../core/errors.ts';
import type { Verdict } from '../../core/vocabulary.ts';
import { BODY_ERRORS, errors } from '../responses.ts';
import { ArtifactIdParams } from '../schemas.ts';
import { DecisionAnswer, DecisionBody } from '../schemas-approvals.ts';

const ACTIONS: { action: string; verdict: Verdict; summary: string }[] = [
  { action: 'approve', verdict: 'approved', summary: 'an operator lets an artifact waiting for a decision into the rung (shadow, active), with a reason' },
  { action: 'reject', verdict: 'rejected', summary: 'an operator refuses an artifact waiting for a decision, with a reason; its climb ends' },
];

export const approvalRoutes: FastifyPluginAsyncZod = async (app) => {
  for (const { action, verdict, summary } of ACTIONS) {
    app.post(
      `/promotions/:id/${action}`,
      {
        onRequest: app.auth.operator,
        schema: {
          summary,
          description: "needs an operator's bearer token (OLA_OPERATOR_TOKENS); `id` is the artifact's",
          tags: ['ladder'],
          security: [{ bearer: [] }],
          params: ArtifactIdParams,
          body: DecisionBody,
          response: { 200: DecisionAnswer, ...errors(...BODY_ERRORS, 401, 403, 404, 409) },
        },
      },
      async (req) => {
        const reason = req.body.reason.trim();
        // a pasted token would stay in the registry for good
        if (app.auth.mentionsToken(reason)) throw new OlaError('OLA_ERR_BAD_REQUEST', 'body.reason: holds a bearer token; it would be recorded for good', { field: 'body.reason' });
        return app.lab.approvals.decide({ artifactId: req.params.id, verdict, operator: req.caller!.name, reason, stage: req.body.stage });
      },
    );
  }
};
