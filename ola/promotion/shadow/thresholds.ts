// the schema of a niche's shadow thresholds (ShadowThresholds in core/contracts.ts), so that
// a niche's data is checked once, at load or in a test, not trusted by the verdict.
import { z } from 'zod';
import type { ShadowThresholds } from '../../core/contracts.ts';

export const ShadowThresholdsSchema = z
  .object({
    metric: z.object({
      name: z.string().min(1),
      better: z.enum(['lower', 'higher']),
      unit: z.string(),
      what: z.string().min(1).describe('what one event measures, against which ground truth'),
    }),
    minEvents: z.number().int().min(2),
    confidence: z.number().gt(0.5).lt(1),
    toleratedEffect: z.number().min(0).lt(1).describe("cliff's delta the candidate may be worse by"),
    maxCrashRateIncrease: z.number().min(0).max(1),
    maxMismatchRate: z.number().min(0).max(1).optional(),
    limits: z
      .array(z.object({ stat: z.enum(['mean', 'median', 'p95', 'max', 'min']), op: z.enum(['<=', '>=']), value: z.number() }))
      .optional(),
  })
  .strict();

/** the thresholds when they are sound, else a RangeError naming the field */
export function checkThresholds(t: ShadowThresholds): ShadowThresholds {
  const parsed = ShadowThresholdsSchema.safeParse(t);
  if (!parsed.success) {
    const first = parsed.error.issues[0]!;
    throw new RangeError(`shadow thresholds: ${first.path.join('.') || '(root)'}: ${first.message}`);
  }
  return t;
}
