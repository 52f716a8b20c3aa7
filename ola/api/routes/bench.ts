// POST /bench/runs, GET /bench/runs, GET /bench/runs/:id and its html report.
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { readFileSync } from 'node:fs';
import { z } from 'zod';
import type { BenchRun } from '../../bench/runs.ts';
import { OlaError } from '../../core/errors.ts';
import { BODY_ERRORS, errors, media } from '../responses.ts';
import { BenchRunBody, BenchRunIdParams, BenchRunView } from '../schemas-bench.ts';

function view(r: BenchRun): z.infer<typeof BenchRunView> {
  return { ...r, href: `/bench/runs/${r.id}`, report: r.result?.files ? `/bench/runs/${r.id}/report` : null };
}

export const benchRoutes: FastifyPluginAsyncZod = async (app) => {
  app.post(
    '/bench/runs',
    {
      schema: {
        summary: 'start a benchmark run (one at a time; queued behind a running one)',
        tags: ['bench'],
        body: BenchRunBody,
        response: { 202: BenchRunView, ...errors(...BODY_ERRORS) },
      },
    },
    async (req, reply) => reply.code(202).send(view(app.lab.bench.start(req.body.suite, req.body.quick))),
  );

  app.get(
    '/bench/runs',
    { schema: { summary: 'benchmark runs, newest first', tags: ['bench'], response: { 200: z.object({ runs: z.array(BenchRunView) }), ...errors() } } },
    async () => ({ runs: app.lab.bench.list().map(view) }),
  );

  app.get(
    '/bench/runs/:id',
    { schema: { summary: 'a benchmark run: state, progress, results', tags: ['bench'], params: BenchRunIdParams, response: { 200: BenchRunView, ...errors(400, 404) } } },
    async (req) => {
      const run = app.lab.bench.get(req.params.id);
      if (!run) throw new OlaError('OLA_ERR_NOT_FOUND', `no benchmark run ${req.params.id}`, { field: 'id' });
      return view(run);
    },
  );

  app.get(
    '/bench/runs/:id/report',
    {
      schema: {
        summary: "a finished run's html report",
        tags: ['bench'],
        params: BenchRunIdParams,
        response: { 200: media('text/html', 'the html report'), ...errors(400, 404) },
      },
    },
    async (req, reply) => {
      const file = app.lab.bench.get(req.params.id)?.result?.files?.html;
      if (!file) throw new OlaError('OLA_ERR_NOT_FOUND', `no report for ${req.params.id} (unknown, or not finished)`, { field: 'id' });
      reply.type('text/html; charset=utf-8');
      return readFileSync(file, 'utf8');
    },
  );
};
