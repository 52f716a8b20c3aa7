// the graph's artifacts as a list, best first: a keyboard way to what a click on a node opens.
import { fmtNum, shortId } from '../../../shared/lib/format.ts';
import type { GraphNode } from '../lib/graph-types.ts';

export function ArtifactPicker({ nodes, selected, onPick }: { nodes: GraphNode[]; selected?: string; onPick: (id: string) => void }) {
  const artifacts = nodes.filter((n) => n.kind === 'artifact').sort((a, b) => (b.utility ?? -Infinity) - (a.utility ?? -Infinity));
  return (
    <label>
      artifact{' '}
      <select aria-label="open an artifact" value={selected ?? ''} onChange={(e) => e.target.value && onPick(e.target.value)}>
        <option value="">best first…</option>
        {artifacts.map((n) => (
          <option key={n.id} value={n.id}>
            {n.niche} · {fmtNum(n.utility, 4)} · {n.stage} · {n.proposer} · {shortId(n.id)}
            {n.incumbent ? ' (incumbent)' : ''}
            {n.active ? ' (active)' : ''}
          </option>
        ))}
      </select>
    </label>
  );
}
