// the rungs of the ladder: available here or not (and why), approval, runner, who waits.
import type { StageStatus } from '../api/get-stages.ts';

export function StagesTable({ stages }: { stages: StageStatus[] }) {
  return (
    <table className="grid stages" aria-label="stages" data-testid="stages-table">
      <thead>
        <tr>
          <th>stage</th>
          <th>runs here</th>
          <th>what</th>
          <th>waiting</th>
          <th>needs a person</th>
        </tr>
      </thead>
      <tbody>
        {stages.map((s) => (
          <tr key={s.stage} data-stage={s.stage} data-available={s.available}>
            <td>
              <strong>{s.stage}</strong>
            </td>
            <td className={s.available ? 'pass' : 'fail'}>
              {s.available ? 'yes' : 'no'}
              {!s.available && s.reason && <div className="muted">{s.reason}</div>}
              {s.available && s.detail && <div className="muted">{Object.entries(s.detail).map(([k, v]) => `${k} ${String(v)}`).join(' · ')}</div>}
            </td>
            <td>{s.what}</td>
            <td>{s.waiting}</td>
            <td>{s.needsApproval ? 'yes' : 'no'}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
