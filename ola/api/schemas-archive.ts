// request and answer shapes of the checkpoint archives (GET/POST /lab/checkpoints).
import { z } from 'zod';

export const CodecRefSchema = z.union([
  z.object({ kind: z.literal('gzip') }),
  z.object({ kind: z.literal('artifact'), artifactId: z.string(), method: z.string() }),
]);

export const CheckpointViewSchema = z.object({
  name: z.string(),
  seq: z.number().int().describe('the registry head the export ends at'),
  createdAt: z.string(),
  files: z.number().int().describe('the export and one file per artifact source'),
  plainBytes: z.number().int(),
  storedBytes: z.number().int(),
  ratio: z.number(),
  codecs: z.array(CodecRefSchema).describe('the codecs the blocks were compressed with: the active fuse.compress artifact, or gzip'),
  builtIn: z.boolean().describe('every block is gzip: readable with no artifact'),
  verified: z.object({
    at: z.string(),
    requests: z.number().int(),
    reads: z.number().int(),
    planner: z.enum(['active', 'fallback']),
    plannerArtifactId: z.string().nullable(),
  }),
});

export const CheckpointList = z.object({
  checkpoints: z.array(CheckpointViewSchema).describe('newest first'),
  everyMs: z.number().int().describe('how often the lab writes one (0: only when asked)'),
  bytesOnDisk: z.number().int(),
  codec: z.object({ source: z.enum(['active', 'fallback']), artifactId: z.string().nullable() }).describe('what compresses the next one'),
  planner: z.object({ source: z.enum(['active', 'fallback']), artifactId: z.string().nullable() }).describe('what plans the reads of packs'),
});

export const CheckpointBody = z
  .object({ reason: z.string().max(2000).optional().describe('recorded with the checkpoint') })
  .strict();

export const CheckpointParams = z.object({ name: z.string().regex(/^registry-\d{8}$/, 'a checkpoint name: registry-NNNNNNNN') });
