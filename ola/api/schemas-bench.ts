// schemas of the benchmark runs started over the api (POST /bench/runs and its views).
import { z } from 'zod';

export const BenchRunBody = z.object({ suite: z.enum(['day1']), quick: z.boolean().default(false) }).strict();
export const BenchRunIdParams = z.object({ id: z.string().regex(/^b_[0-9A-Z]{26}$/, 'a benchmark run id (b_ + 26 characters)') });

const Day1Row = z.object({
  part: z.string(),
  measure: z.string(),
  value: z.number().nullable(),
  unit: z.string(),
  target: z.object({ op: z.enum(['<=', '>=']), value: z.number() }).optional(),
  met: z.boolean().optional(),
  note: z.string().optional(),
});

const Plot = z.object({
  id: z.string(),
  kind: z.enum(['line', 'bar', 'hist']),
  title: z.string(),
  x: z.string(),
  y: z.string(),
  series: z.array(z.object({ name: z.string(), points: z.array(z.tuple([z.union([z.number(), z.string()]), z.number()])) })),
});

const Day1Result = z.object({
  startedAt: z.string(),
  durationS: z.number(),
  machine: z.string(),
  quick: z.boolean(),
  parts: z.array(
    z.object({
      part: z.string(),
      niche: z.string(),
      title: z.string(),
      artifact: z.object({ id: z.string(), sha256: z.string(), origin: z.enum(['registry', 'baseline']) }),
      rows: z.array(Day1Row),
      plots: z.array(Plot),
      images: z.array(z.object({ title: z.string(), dataUrl: z.string() })).optional(),
    }),
  ),
  errors: z.array(z.object({ part: z.string(), message: z.string() })),
  files: z.object({ json: z.string(), html: z.string() }).optional(),
});

export const BenchRunView = z.object({
  id: z.string(),
  suite: z.enum(['day1']),
  quick: z.boolean(),
  state: z.enum(['queued', 'running', 'done', 'failed', 'cancelled']),
  progress: z.object({ part: z.string(), index: z.number(), total: z.number(), label: z.string() }).optional(),
  createdAt: z.string(),
  finishedAt: z.string().optional(),
  result: Day1Result.optional(),
  error: z.string().optional(),
  href: z.string(),
  report: z.string().nullable(),
});
