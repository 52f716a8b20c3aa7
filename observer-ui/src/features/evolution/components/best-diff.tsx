// the current best against its parent: a line diff of their sources, and the lineage above it.
import { Loading } from '../../../shared/components/states.tsx';
import { hrefTo } from '../../../shared/lib/use-hash-route.ts';
import { shortId } from '../../../shared/lib/format.ts';
import { useArtifactSource } from '../api/get-artifact-source.ts';
import type { RunProgress } from '../api/get-run-progress.ts';
import { hunks, lineDiff } from '../lib/line-diff.ts';

export function BestDiff({ best }: { best: NonNullable<RunProgress['best']> }) {
  const parentId = best.lineage[1] ?? null;
  const child = useArtifactSource(best.id);
  const parent = useArtifactSource(parentId);
  return (
    <div className="best" data-testid="best-lineage">
      <h3>lineage of the best</h3>
      <ol className="lineage">
        {best.lineage.map((id, i) => (
          <li key={id}>
            <a href={hrefTo('graph', { select: id })}>{shortId(id)}</a>
            {i === 0 ? ' (best)' : i === best.lineage.length - 1 ? ' (seed)' : ''}
          </li>
        ))}
      </ol>
      <h3>best vs its parent</h3>
      {!parentId ? (
        <p className="muted">the best is the seed: nothing to compare with.</p>
      ) : child.data === undefined || parent.data === undefined ? (
        <Loading what="the sources" />
      ) : (
        <pre className="diff" data-testid="best-diff">
          {hunks(lineDiff(parent.data, child.data)).map((l, i) =>
            l === null ? (
              <span key={i} className="diff-gap">
                {'⋯\n'}
              </span>
            ) : (
              <span key={i} className={l.op === '+' ? 'diff-add' : l.op === '-' ? 'diff-del' : undefined}>
                {`${l.op} ${l.text}\n`}
              </span>
            ),
          )}
        </pre>
      )}
    </div>
  );
}
