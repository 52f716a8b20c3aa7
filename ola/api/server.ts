// the http surface: fastify with zod schemas, openapi at /docs, each area a plugin.
import fastifySwagger from '@fastify/swagger';
import fastifySwaggerUi from '@fastify/swagger-ui';
import fastifyWebsocket from '@fastify/websocket';
import Fastify, { type FastifyInstance } from 'fastify';
import { serializerCompiler, validatorCompiler } from 'fastify-type-provider-zod';
import type { Lab } from '../lab.ts';
import { ApiAuth } from './auth/guard.ts';
import { installErrorHandling } from './error-handler.ts';
import { openapiDocumentTransform, openapiTransform } from './openapi-transform.ts';
import { approvalRoutes } from './routes/approvals.ts';
import { artifactRoutes } from './routes/artifacts.ts';
import { benchRoutes } from './routes/bench.ts';
import { capabilityRoutes } from './routes/capabilities.ts';
import { decayRoutes } from './routes/decay.ts';
import { labActionRoutes } from './routes/lab-actions.ts';
import { checkpointRoutes } from './routes/checkpoints.ts';
import { eventRoutes } from './routes/events.ts';
import { evolutionRoutes } from './routes/evolution.ts';
import { framebufferRoutes } from './routes/framebuffer.ts';
import { framebufferWsRoutes } from './routes/framebuffer-ws.ts';
import { graphRoutes } from './routes/graph.ts';
import { nicheRoutes } from './routes/niches.ts';
import { olaRoutes } from './routes/ola.ts';
import { ladderRoutes } from './routes/ladder.ts';
import { opsRoutes } from './routes/ops.ts';
import { proposalRoutes } from './routes/proposals.ts';
import { registryRoutes } from './routes/registry.ts';
import { senseRoutes } from './routes/senses.ts';
import { staticUiRoutes } from './routes/static-ui.ts';
import type { SseStream } from './sse.ts';

declare module 'fastify' {
  interface FastifyInstance {
    lab: Lab;
    /** bearer tokens of operators and submitters (config auth) */
    auth: ApiAuth;
    sseStreams: Set<SseStream>;
  }
}

/** headers that carry credentials, wherever a log line might include them */
const REDACTED = ['req.headers.authorization', 'req.headers.cookie', 'headers.authorization', 'request.headers.authorization'];

/** the server's logger: bearer tokens never reach a line, whatever a serializer is told to include */
export function loggerOptions(level: string) {
  return { level, redact: { paths: REDACTED, censor: '[redacted]' } };
}

export async function buildServer(lab: Lab, opts: { logger?: boolean } = {}): Promise<FastifyInstance> {
  const { server } = lab.config;
  const app = Fastify({
    logger: opts.logger === false || server.logLevel === 'silent' ? false : loggerOptions(server.logLevel),
    bodyLimit: server.bodyLimit,
  });
  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);
  installErrorHandling(app);
  app.decorate('lab', lab);
  app.decorate('auth', new ApiAuth(lab.config.auth));
  app.decorateRequest('caller', null);
  app.decorate('sseStreams', new Set<SseStream>());
  // open event streams would hold the server open: end them first
  app.addHook('preClose', async () => {
    for (const s of [...app.sseStreams]) s.close();
  });

  await app.register(fastifySwagger, {
    openapi: {
      info: { title: 'organic-os lab', description: 'autogenic capability evolution lab', version: '0.1.0' },
      components: {
        securitySchemes: {
          bearer: { type: 'http', scheme: 'bearer', description: "an operator's token (OLA_OPERATOR_TOKENS) or, for proposals, a submitter's (OLA_SUBMITTER_TOKENS)" },
        },
      },
    },
    transform: openapiTransform,
    transformObject: openapiDocumentTransform,
  });
  await app.register(fastifySwaggerUi, { routePrefix: '/docs' });
  // websocket routes of any area (the framebuffer today); clients only ever send small control messages
  await app.register(fastifyWebsocket, { options: { maxPayload: 64 * 1024 } });
  await app.register(proposalRoutes);
  await app.register(artifactRoutes);
  await app.register(framebufferRoutes);
  await app.register(nicheRoutes);
  await app.register(eventRoutes);
  await app.register(senseRoutes);
  await app.register(benchRoutes);
  await app.register(olaRoutes);
  await app.register(opsRoutes);
  await app.register(ladderRoutes);
  await app.register(capabilityRoutes);
  await app.register(decayRoutes);
  await app.register(labActionRoutes);
  await app.register(checkpointRoutes);
  await app.register(approvalRoutes);
  await app.register(graphRoutes);
  await app.register(registryRoutes);
  await app.register(evolutionRoutes);
  await app.register(framebufferWsRoutes);
  await app.register(staticUiRoutes);
  return app;
}
