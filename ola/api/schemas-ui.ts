// zod schemas of the endpoints the observer dashboard added (graph, registry export and verify).
import { z } from 'zod';
import { STAGES } from '../core/vocabulary.ts';

export const CapabilitiesQuery = z.object({
  niche: z.string().min(1).max(64).optional(),
  limit: z.coerce.number().int().min(1).max(2000).default(300).describe('newest artifacts to include (incumbents always are)'),
});

export const GraphNode = z.object({
  id: z.string(),
  kind: z.enum(['niche', 'capability', 'artifact']),
  label: z.string(),
  niche: z.string(),
  stage: z.enum(STAGES).optional(),
  utility: z.number().nullable().optional(),
  passed: z.boolean().optional(),
  incumbent: z.boolean().optional(),
  proposer: z.string().optional(),
  createdAt: z.string().optional(),
});

export const GraphEdge = z.object({
  id: z.string(),
  source: z.string(),
  target: z.string(),
  kind: z.enum(['lineage', 'seed', 'provides']).describe('lineage: parent to child; seed: niche to a root artifact; provides: incumbent to its capability'),
});

export const CapabilityGraph = z.object({
  head: z.number().describe('registry head when the graph was read: follow /events?after=head for changes'),
  truncated: z.boolean(),
  nodes: z.array(GraphNode),
  edges: z.array(GraphEdge),
});
