// the capability graph drawn with react flow, laid out by dagre; a click selects a node.
import { Background, Controls, MiniMap, Position, ReactFlow, type Edge, type Node } from '@xyflow/react';
import '@xyflow/react/dist/style.css';
import { useMemo } from 'react';
import type { CapabilityGraph, GraphNode } from '../lib/graph-types.ts';
import { layoutGraph, NODE_H, NODE_W } from '../lib/layout.ts';

function className(n: GraphNode): string {
  if (n.kind !== 'artifact') return `gnode gnode-${n.kind}`;
  return `gnode gnode-artifact ${n.passed ? 'gnode-pass' : 'gnode-fail'}${n.incumbent ? ' gnode-incumbent' : ''}${n.active ? ' gnode-active' : ''}`;
}

function minimapColour(n: Node): string {
  const g = (n.data as { node: GraphNode }).node;
  if (g.kind === 'niche') return '#6cb6ff';
  if (g.kind === 'capability') return '#7bd88f';
  if (g.active) return '#6cb6ff';
  return g.passed ? '#4f8f5e' : '#5a3434';
}

function label(n: GraphNode): string {
  if (n.kind === 'niche') return `niche ${n.label}`;
  if (n.kind === 'capability') return `capability ${n.label}`;
  return `${n.active ? 'in use · ' : ''}${n.proposer ?? '?'} · ${typeof n.utility === 'number' ? n.utility.toFixed(3) : '–'} · ${n.stage ?? ''}`;
}

export function CapabilityGraphCanvas({ graph, selected, onSelect }: { graph: CapabilityGraph; selected?: string; onSelect: (n: GraphNode) => void }) {
  const { nodes, edges } = useMemo(() => {
    const pos = layoutGraph(graph);
    const nodes: Node<{ label: string; node: GraphNode }>[] = graph.nodes.map((n) => ({
      id: n.id,
      position: pos.get(n.id)!,
      data: { label: label(n), node: n },
      className: className(n),
      style: { width: NODE_W, height: NODE_H },
      sourcePosition: Position.Right,
      targetPosition: Position.Left,
      draggable: false,
      connectable: false,
      ariaLabel: `${n.kind} ${n.id}`,
    }));
    const edges: Edge[] = graph.edges.map((e) => ({
      id: e.id,
      source: e.source,
      target: e.target,
      className: `gedge gedge-${e.kind}`,
      animated: e.kind === 'provides',
      ...(e.kind === 'rollback' ? { label: 'rollback', ariaLabel: `rollback handle of ${e.source}: ${e.target}` } : {}),
    }));
    return { nodes, edges };
  }, [graph]);
  const withSelection = useMemo(() => nodes.map((n) => (n.id === selected ? { ...n, selected: true } : n)), [nodes, selected]);
  return (
    <div className="graph-canvas" data-testid="capability-graph" data-nodes={graph.nodes.length}>
      <ReactFlow
        nodes={withSelection}
        edges={edges}
        onNodeClick={(_e, n) => onSelect((n.data as { node: GraphNode }).node)}
        fitView
        minZoom={0.05}
        nodesConnectable={false}
        proOptions={{ hideAttribution: true }}
        colorMode="dark"
      >
        <Background />
        <Controls />
        <MiniMap pannable zoomable nodeColor={minimapColour} nodeStrokeWidth={0} maskColor="rgba(11, 15, 20, 0.6)" bgColor="#151c25" />
      </ReactFlow>
    </div>
  );
}
