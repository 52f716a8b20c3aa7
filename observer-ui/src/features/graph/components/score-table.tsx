// a score (public or held-out): the three figures, then the niche's metrics.
import type { ScoreView } from '../../../shared/api/lab-types.ts';
import { fmtNum } from '../../../shared/lib/format.ts';

export function ScoreTable({ title, score }: { title: string; score: ScoreView }) {
  const rows: [string, number][] = [
    ['utility', score.utility],
    ['stability', score.stability],
    ['efficiency', score.efficiency],
    ['crashes', score.crashes],
    ['runs', score.runs],
    ...Object.entries(score.metrics),
  ];
  return (
    <table className="kv" aria-label={title}>
      <caption>{title}</caption>
      <tbody>
        {rows.map(([k, v]) => (
          <tr key={k}>
            <th scope="row">{k}</th>
            <td>{fmtNum(v, 4)}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
