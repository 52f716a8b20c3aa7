// schemas of the operators' decisions at the rungs that need a person.
import { z } from 'zod';
import { STAGES } from '../core/vocabulary.ts';
import { DecisionView, PromotionViewSchema } from './schemas-ladder.ts';

export const DecisionBody = z
  .object({
    reason: z.string().max(2000).regex(/\S/, 'a reason: recorded with the decision').describe('why; recorded with the decision'),
    stage: z.enum(STAGES).optional().describe('the rung the operator means to decide; a 409 when the artifact waits at another'),
  })
  .strict();

export const DecisionAnswer = DecisionView.extend({
  artifactId: z.string(),
  promotion: PromotionViewSchema.describe('where the artifact stands after the decision'),
});
