// the answer an llm must give, as a zod schema and as the json schema sent to the server.
import { z } from 'zod';

export const LlmAnswer = z
  .object({
    source: z.string().min(1).max(64 * 1024),
    language: z.enum(['js', 'ts']),
    rationale: z.string().max(2000),
  })
  .strict();

export type LlmAnswer = z.infer<typeof LlmAnswer>;

export const ANSWER_JSON_SCHEMA = z.toJSONSchema(LlmAnswer);
