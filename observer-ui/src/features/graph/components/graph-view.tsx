// the capability graph view: filter by niche, the graph, and the selected node's details.
import { useEffect, useState } from 'react';
import { Empty, Resolve } from '../../../shared/components/states.tsx';
import { hrefTo, useHashRoute } from '../../../shared/lib/use-hash-route.ts';
import { useCapabilities } from '../api/get-capabilities.ts';
import { ArtifactPanel } from './artifact-panel.tsx';
import { ArtifactPicker } from './artifact-picker.tsx';
import { CapabilityGraphCanvas } from './capability-graph.tsx';

export function GraphView() {
  const { params } = useHashRoute();
  const selected = params.get('select') ?? undefined;
  const [niche, setNiche] = useState('');
  const graph = useCapabilities(niche);
  // the niche list comes from an unfiltered graph and stays while one niche is shown
  const [known, setKnown] = useState<string[]>([]);
  const listed = niche === '' ? graph.data?.nodes.filter((n) => n.kind === 'niche').map((n) => n.niche).join(',') : undefined;
  useEffect(() => {
    if (listed) setKnown(listed.split(','));
  }, [listed]);
  const artifacts = graph.data?.nodes.filter((n) => n.kind === 'artifact').length ?? 0;
  return (
    <section className="view view-graph" aria-labelledby="graph-title">
      <header className="view-header">
        <h2 id="graph-title">capability graph</h2>
        <label>
          niche{' '}
          <select aria-label="graph niche" value={niche} onChange={(e) => setNiche(e.target.value)}>
            <option value="">all niches</option>
            {known.map((n) => (
              <option key={n} value={n}>
                {n}
              </option>
            ))}
          </select>
        </label>
        {graph.data && <ArtifactPicker nodes={graph.data.nodes} selected={selected} onPick={(id) => (location.hash = hrefTo('graph', { select: id }))} />}
        <span className="muted" data-testid="graph-count">
          {artifacts} artifacts{graph.data?.truncated ? ' (newest only)' : ''}
        </span>
      </header>
      <div className="graph-layout">
        <div className="graph-main">
          <Resolve what="the capability graph" {...graph} retry={graph.reload}>
            {(g) => (
              <>
                {artifacts === 0 && (
                  <div className="graph-empty">
                    <Empty title="no artifacts yet">a fresh lab: submit a proposal or start an evolution run and the graph grows here.</Empty>
                  </div>
                )}
                <CapabilityGraphCanvas graph={g} selected={selected} onSelect={(n) => (location.hash = hrefTo('graph', { select: n.id }))} />
              </>
            )}
          </Resolve>
        </div>
        <aside className="graph-detail" aria-label="selected node">
          {selected?.startsWith('a_') ? <ArtifactPanel id={selected} /> : <p className="muted">click an artifact to see its source, scores, gate reasons, tokens and lineage.</p>}
        </aside>
      </div>
    </section>
  );
}
