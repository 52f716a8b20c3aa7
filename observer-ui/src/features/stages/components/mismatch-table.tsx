// a sample of the events where the candidate's output differed from the incumbent's.
import { fmtTime } from '../../../shared/lib/format.ts';
import type { MismatchSample } from '../api/get-shadow-report.ts';

export function MismatchTable({ mismatches, seen }: { mismatches: MismatchSample[]; seen: number }) {
  if (seen === 0) return <p className="muted">no mismatches: the candidate's outputs agreed with the incumbent's.</p>;
  return (
    <table className="grid mismatches" aria-label="mismatch sample" data-testid="mismatches" data-rows={mismatches.length}>
      <caption>
        {mismatches.length} of {seen} mismatches, sampled uniformly
      </caption>
      <thead>
        <tr>
          <th>at</th>
          <th>event</th>
          <th>candidate</th>
          <th>incumbent</th>
          <th>ground truth</th>
        </tr>
      </thead>
      <tbody>
        {mismatches.map((m) => (
          <tr key={`${m.event}@${m.at}`}>
            <td>{fmtTime(m.at)}</td>
            <td>
              <code>{m.event}</code>
            </td>
            <td>
              <code>{m.candidate}</code>
            </td>
            <td>
              <code>{m.incumbent}</code>
            </td>
            <td>
              <code>{m.truth ?? '–'}</code>
              {m.detail && <div className="muted">{m.detail}</div>}
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
