// positions the graph with dagre (left to right: niche, seeds, descendants, capability).
import dagre from '@dagrejs/dagre';
import type { CapabilityGraph } from './graph-types.ts';

export const NODE_W = 170;
export const NODE_H = 44;

export function layoutGraph(g: CapabilityGraph): Map<string, { x: number; y: number }> {
  const d = new dagre.graphlib.Graph();
  d.setGraph({ rankdir: 'LR', nodesep: 14, ranksep: 60, marginx: 10, marginy: 10 });
  d.setDefaultEdgeLabel(() => ({}));
  for (const n of g.nodes) d.setNode(n.id, { width: NODE_W, height: NODE_H });
  // a rollback edge points back down the history: it would only bend the ranks
  for (const e of g.edges) if (e.kind !== 'rollback') d.setEdge(e.source, e.target);
  dagre.layout(d);
  const out = new Map<string, { x: number; y: number }>();
  for (const n of g.nodes) {
    const p = d.node(n.id);
    out.set(n.id, { x: (p?.x ?? 0) - NODE_W / 2, y: (p?.y ?? 0) - NODE_H / 2 });
  }
  return out;
}
