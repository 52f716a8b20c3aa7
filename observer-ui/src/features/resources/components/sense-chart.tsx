// one small recharts line chart over the senses samples.
import { CartesianGrid, Legend, Line, LineChart, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import type { SenseSample } from '../lib/sense-sample.ts';

export interface Series {
  key: keyof SenseSample;
  name: string;
  colour: string;
}

export function SenseChart({ title, samples, series, format }: { title: string; samples: SenseSample[]; series: Series[]; format: (v: number) => string }) {
  return (
    <figure className="chart" aria-label={title}>
      <figcaption>{title}</figcaption>
      <ResponsiveContainer width="100%" height={180}>
        <LineChart data={samples} margin={{ top: 4, right: 12, bottom: 0, left: 4 }}>
          <CartesianGrid stroke="#2a3340" strokeDasharray="3 3" />
          <XAxis dataKey="t" stroke="#9aa5b1" fontSize={11} minTickGap={40} />
          <YAxis stroke="#9aa5b1" fontSize={11} width={70} tickFormatter={format} />
          <Tooltip formatter={(v) => format(Number(v))} contentStyle={{ background: '#111820', border: '1px solid #2a3340' }} />
          <Legend />
          {series.map((s) => (
            <Line key={s.key} type="monotone" dataKey={s.key} name={s.name} stroke={s.colour} dot={false} isAnimationActive={false} connectNulls />
          ))}
        </LineChart>
      </ResponsiveContainer>
    </figure>
  );
}
