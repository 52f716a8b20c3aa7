// an artifact's stage history: each rung's verdict, utility (public and held-out) and gate reasons.
import type { ArtifactView } from '../../../shared/api/lab-types.ts';
import { fmtNum } from '../../../shared/lib/format.ts';

const ORDER = ['isolate', 'jail', 'container', 'vm', 'shadow', 'active'];

export function StageEvidenceTable({ stages }: { stages: NonNullable<ArtifactView['stages']> }) {
  const rows = Object.values(stages)
    .filter((e) => e !== undefined)
    .sort((x, y) => ORDER.indexOf(x.stage) - ORDER.indexOf(y.stage));
  return (
    <>
      <h4>stage history</h4>
      <table className="grid" aria-label="stage history">
        <thead>
          <tr>
            <th>stage</th>
            <th>verdict</th>
            <th>utility</th>
            <th>held-out</th>
            <th>reasons</th>
          </tr>
        </thead>
        <tbody>
          {rows.map((e) => (
            <tr key={e.stage} data-stage={e.stage}>
              <td>{e.stage}</td>
              <td className={e.status === 'passed' ? 'pass' : e.status === 'failed' ? 'fail' : 'muted'}>{e.status}</td>
              <td>{fmtNum(e.score?.utility, 4)}</td>
              <td>{fmtNum(e.heldOut?.utility, 4)}</td>
              <td>{[...e.reasons, ...(e.gate?.reasons ?? [])].filter((r, i, all) => all.indexOf(r) === i).join('; ') || '–'}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </>
  );
}
