// best and median utility per generation, the best so far, and the baseline as a reference line.
import { CartesianGrid, Legend, Line, LineChart, ReferenceLine, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import { fmtNum } from '../../../shared/lib/format.ts';
import type { RunProgress } from '../api/get-run-progress.ts';

export function FitnessChart({ progress }: { progress: RunProgress }) {
  return (
    <figure className="chart" aria-label="fitness per generation" data-testid="fitness-chart" data-generations={progress.generations.length}>
      <figcaption>utility per generation (baseline {fmtNum(progress.baseline, 4)})</figcaption>
      <ResponsiveContainer width="100%" height={260}>
        <LineChart data={progress.generations} margin={{ top: 8, right: 16, bottom: 0, left: 4 }}>
          <CartesianGrid stroke="#2a3340" strokeDasharray="3 3" />
          <XAxis dataKey="generation" stroke="#9aa5b1" fontSize={11} />
          <YAxis stroke="#9aa5b1" fontSize={11} domain={['auto', 'auto']} tickFormatter={(v: number) => fmtNum(v, 3)} width={60} />
          <Tooltip formatter={(v) => fmtNum(Number(v), 4)} contentStyle={{ background: '#111820', border: '1px solid #2a3340' }} />
          <Legend />
          {progress.baseline !== null && <ReferenceLine y={progress.baseline} stroke="#ffd866" strokeDasharray="6 3" label={{ value: 'baseline', fill: '#ffd866', fontSize: 11, position: 'insideTopLeft' }} />}
          <Line type="monotone" dataKey="bestSoFar" name="best so far" stroke="#7bd88f" dot={false} isAnimationActive={false} connectNulls />
          <Line type="monotone" dataKey="best" name="best of generation" stroke="#6cb6ff" dot={{ r: 2 }} isAnimationActive={false} connectNulls />
          <Line type="monotone" dataKey="median" name="median" stroke="#c792ea" dot={false} isAnimationActive={false} connectNulls />
        </LineChart>
      </ResponsiveContainer>
    </figure>
  );
}
