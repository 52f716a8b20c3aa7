// the lab's checkpoint archives: GET /lab/checkpoints lists them, POST /lab/checkpoints writes
// one now, GET /lab/checkpoints/:name/registry.jsonl reads a checkpoint's export back (through
// the codec that wrote it and the lab's read planner), to compare or to keep off the host.
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { OlaError } from '../../core/errors.ts';
import { viewOf } from '../../promotion/active/checkpoints.ts';
import { BODY_ERRORS, errors, media } from '../responses.ts';
import { CheckpointBody, CheckpointList, CheckpointParams, CheckpointViewSchema } from '../schemas-archive.ts';

export const checkpointRoutes: FastifyPluginAsyncZod = async (app) => {
  const closing = new AbortController();
  app.addHook('preClose', async () => closing.abort());
  const { active, capabilities, config } = app.lab;
  const who = async (niche: string) => {
    const a = await capabilities.active(niche);
    return { source: a ? ('active' as const) : ('fallback' as const), artifactId: a?.artifactId ?? null };
  };

  app.get(
    '/lab/checkpoints',
    {
      schema: {
        summary: "the lab's checkpoint archives: its registry export and artifact sources, compressed by the active fuse.compress (else gzip), verified on writing",
        tags: ['ladder'],
        response: { 200: CheckpointList, ...errors() },
      },
    },
    async () => ({
      checkpoints: active.checkpoints.list().map(viewOf),
      everyMs: config.archive.everyMs,
      bytesOnDisk: active.checkpoints.sizeOnDisk(),
      codec: await who('fuse.compress'),
      planner: await who('io.coalesce'),
    }),
  );

  app.post(
    '/lab/checkpoints',
    {
      onRequest: app.auth.submitter,
      schema: {
        summary: 'writes a checkpoint archive now (one at a time: a second call waits for the one under way)',
        description: "a submitter's or an operator's token once submitters are configured, open on loopback before",
        tags: ['ladder'],
        body: CheckpointBody.nullish().describe('optional; {} when absent'),
        response: { 201: CheckpointViewSchema, ...errors(...BODY_ERRORS, 401, 403) },
      },
    },
    async (req, reply) => {
      const reason = req.body?.reason?.trim();
      if (reason && app.auth.mentionsToken(reason)) throw new OlaError('OLA_ERR_BAD_REQUEST', 'body.reason: holds a bearer token; it would be recorded for good', { field: 'body.reason' });
      const by = req.caller?.name ?? 'a caller on the api';
      const view = await active.checkpoints.make(`asked for by ${by}${reason ? `: ${reason}` : ''}`, closing.signal);
      return reply.code(201).send(view);
    },
  );

  app.get(
    '/lab/checkpoints/:name/registry.jsonl',
    {
      schema: {
        summary: "a checkpoint's registry export, read back and decoded: the same lines GET /registry/export gave at its head",
        tags: ['ladder'],
        params: CheckpointParams,
        response: { 200: media('application/x-ndjson', 'a header line, then one signed event a line'), ...errors(400, 404, 409) },
      },
    },
    async (req, reply) => {
      const { name } = req.params;
      if (!active.checkpoints.index(name)) throw new OlaError('OLA_ERR_NOT_FOUND', `no checkpoint archive ${name}`, { field: 'name', known: active.checkpoints.list().map((i) => i.name) });
      let bytes: Buffer | undefined;
      try {
        bytes = await active.checkpoints.readFile(name, 'registry.jsonl', closing.signal);
      } catch (err) {
        throw new OlaError('OLA_ERR_ARCHIVE_UNREADABLE', `checkpoint ${name} could not be read back: ${(err as Error).message}`, { name });
      }
      if (!bytes) throw new OlaError('OLA_ERR_NOT_FOUND', `checkpoint ${name} holds no registry export`, { name });
      reply.type('application/x-ndjson; charset=utf-8').header('content-disposition', `attachment; filename="organic-os-${name}.jsonl"`);
      return reply.send(bytes);
    },
  );
};
