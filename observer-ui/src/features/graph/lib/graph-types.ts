// the graph /capabilities answers.
import type { ActiveCapability, Stage } from '../../../shared/api/lab-types.ts';

export interface GraphNode {
  id: string;
  kind: 'niche' | 'capability' | 'artifact';
  label: string;
  niche: string;
  stage?: Stage;
  utility?: number | null;
  passed?: boolean;
  incumbent?: boolean;
  /** the capability the lab uses for its niche now */
  active?: boolean;
  proposer?: string;
  createdAt?: string;
}

export interface GraphEdge {
  id: string;
  source: string;
  target: string;
  /** rollback: an active artifact to its rollback handle (what a rollback would put back) */
  kind: 'lineage' | 'seed' | 'provides' | 'stage' | 'rollback';
}

export interface CapabilityGraph {
  head: number;
  truncated: boolean;
  active: ActiveCapability[];
  nodes: GraphNode[];
  edges: GraphEdge[];
}
