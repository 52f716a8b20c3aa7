// the lab over time, per minute: proposals by outcome, promotions and crashes, prediction error and gui latency.
import { Bar, BarChart, CartesianGrid, Legend, Line, LineChart, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import { fmtNum } from '../../../shared/lib/format.ts';
import type { ActivityRow } from '../lib/activity.ts';

const tooltip = { contentStyle: { background: '#111820', border: '1px solid #2a3340' } };

export function ActivityCharts({ rows }: { rows: ActivityRow[] }) {
  return (
    <div className="charts" data-testid="activity-charts" data-minutes={rows.length}>
      <figure className="chart" aria-label="proposals by outcome">
        <figcaption>proposals by outcome, per minute</figcaption>
        <ResponsiveContainer width="100%" height={180}>
          <BarChart data={rows}>
            <CartesianGrid stroke="#2a3340" strokeDasharray="3 3" />
            <XAxis dataKey="minute" stroke="#9aa5b1" fontSize={11} />
            <YAxis stroke="#9aa5b1" fontSize={11} allowDecimals={false} width={40} />
            <Tooltip {...tooltip} />
            <Legend />
            <Bar dataKey="passed" name="passed the gate" stackId="o" fill="#7bd88f" isAnimationActive={false} />
            <Bar dataKey="gateFailed" name="failed the gate" stackId="o" fill="#ffd866" isAnimationActive={false} />
            <Bar dataKey="rejected" name="rejected" stackId="o" fill="#ff8a8a" isAnimationActive={false} />
            <Bar dataKey="failed" name="failed" stackId="o" fill="#c792ea" isAnimationActive={false} />
          </BarChart>
        </ResponsiveContainer>
      </figure>
      <figure className="chart" aria-label="promotions and crashes">
        <figcaption>promotions (rungs passed) and crashes, per minute</figcaption>
        <ResponsiveContainer width="100%" height={180}>
          <BarChart data={rows}>
            <CartesianGrid stroke="#2a3340" strokeDasharray="3 3" />
            <XAxis dataKey="minute" stroke="#9aa5b1" fontSize={11} />
            <YAxis stroke="#9aa5b1" fontSize={11} allowDecimals={false} width={40} />
            <Tooltip {...tooltip} />
            <Legend />
            <Bar dataKey="promotions" fill="#6cb6ff" isAnimationActive={false} />
            <Bar dataKey="crashes" fill="#ff8a8a" isAnimationActive={false} />
          </BarChart>
        </ResponsiveContainer>
      </figure>
      <figure className="chart" aria-label="prediction error and gui latency">
        <figcaption>input.predictor position error (px) and gui.fb latency (ms), mean per minute</figcaption>
        <ResponsiveContainer width="100%" height={180}>
          <LineChart data={rows}>
            <CartesianGrid stroke="#2a3340" strokeDasharray="3 3" />
            <XAxis dataKey="minute" stroke="#9aa5b1" fontSize={11} />
            <YAxis stroke="#9aa5b1" fontSize={11} width={50} tickFormatter={(v: number) => fmtNum(v, 1)} />
            <Tooltip {...tooltip} formatter={(v) => fmtNum(Number(v), 3)} />
            <Legend />
            <Line dataKey="predictionErrorPx" name="prediction error px" stroke="#c792ea" isAnimationActive={false} connectNulls />
            <Line dataKey="guiLatencyMs" name="gui latency ms" stroke="#f0a35e" isAnimationActive={false} connectNulls />
          </LineChart>
        </ResponsiveContainer>
      </figure>
    </div>
  );
}
