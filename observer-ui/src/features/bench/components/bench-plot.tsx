// one benchmark plot (line, bar or histogram) with recharts.
import { Bar, BarChart, CartesianGrid, Legend, Line, LineChart, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import { fmtNum } from '../../../shared/lib/format.ts';
import type { Plot } from '../api/get-bench-runs.ts';
import { plotRows } from '../lib/plot-data.ts';

const COLOURS = ['#6cb6ff', '#7bd88f', '#ffd866', '#ff8a8a', '#c792ea', '#f0a35e'];

export function BenchPlot({ plot }: { plot: Plot }) {
  const rows = plotRows(plot);
  // numeric x on a line plot is a scale, not categories (series sampled at different x)
  const numeric = plot.kind === 'line' && rows.every((r) => typeof r.x === 'number');
  const axes = (
    <>
      <CartesianGrid stroke="#2a3340" strokeDasharray="3 3" />
      <XAxis dataKey="x" type={numeric ? 'number' : 'category'} domain={numeric ? ['dataMin', 'dataMax'] : undefined} tickFormatter={numeric ? (v: number) => fmtNum(v, 1) : undefined} stroke="#9aa5b1" fontSize={11} label={{ value: plot.x, position: 'insideBottom', offset: -2, fill: '#a3afbd', fontSize: 11 }} />
      <YAxis stroke="#9aa5b1" fontSize={11} width={60} tickFormatter={(v: number) => fmtNum(v, 2)} />
      <Tooltip formatter={(v) => fmtNum(Number(v), 4)} contentStyle={{ background: '#111820', border: '1px solid #2a3340' }} />
      <Legend />
    </>
  );
  return (
    <figure className="chart" aria-label={plot.title}>
      <figcaption>
        {plot.title} <span className="muted">({plot.y})</span>
      </figcaption>
      <ResponsiveContainer width="100%" height={200}>
        {plot.kind === 'line' ? (
          <LineChart data={rows}>
            {axes}
            {plot.series.map((s, i) => (
              <Line key={s.name} dataKey={s.name} stroke={COLOURS[i % COLOURS.length]} dot={false} isAnimationActive={false} connectNulls />
            ))}
          </LineChart>
        ) : (
          <BarChart data={rows}>
            {axes}
            {plot.series.map((s, i) => (
              <Bar key={s.name} dataKey={s.name} fill={COLOURS[i % COLOURS.length]} isAnimationActive={false} />
            ))}
          </BarChart>
        )}
      </ResponsiveContainer>
    </figure>
  );
}
