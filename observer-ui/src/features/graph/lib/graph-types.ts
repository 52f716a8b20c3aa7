// the graph /capabilities answers.
import type { Stage } from '../../../shared/api/lab-types.ts';

export interface GraphNode {
  id: string;
  kind: 'niche' | 'capability' | 'artifact';
  label: string;
  niche: string;
  stage?: Stage;
  utility?: number | null;
  passed?: boolean;
  incumbent?: boolean;
  proposer?: string;
  createdAt?: string;
}

export interface GraphEdge {
  id: string;
  source: string;
  target: string;
  kind: 'lineage' | 'seed' | 'provides' | 'stage';
}

export interface CapabilityGraph {
  head: number;
  truncated: boolean;
  nodes: GraphNode[];
  edges: GraphEdge[];
}
