// the registry view: counts by type, the head, verify, and the signed export with its key.
import { Bar, BarChart, CartesianGrid, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import { Resolve } from '../../../shared/components/states.tsx';
import { useRegistryStats } from '../api/get-registry-stats.ts';
import { VerifyPanel } from './verify-panel.tsx';

export function RegistryView() {
  const stats = useRegistryStats();
  return (
    <section className="view view-registry" aria-labelledby="registry-title">
      <header className="view-header">
        <h2 id="registry-title">registry</h2>
        <a href="/registry/export" download>
          download the signed export (jsonl)
        </a>
      </header>
      <VerifyPanel />
      <Resolve what="the registry" {...stats} retry={stats.reload}>
        {(s) => {
          const rows = Object.entries(s.byType)
            .sort((a, b) => b[1] - a[1])
            .map(([type, count]) => ({ type, count }));
          return (
            <div className="registry-layout">
              <div>
                <p data-testid="registry-events" data-count={s.events}>
                  <strong>{s.events}</strong> events · head <code>{s.head.hash.slice(0, 16)}…</code> at seq {s.head.seq}
                </p>
                <figure className="chart" aria-label="events by type">
                  <figcaption>events by type</figcaption>
                  <ResponsiveContainer width="100%" height={Math.max(160, rows.length * 24 + 40)}>
                    <BarChart data={rows} layout="vertical" margin={{ left: 20, right: 20 }}>
                      <CartesianGrid stroke="#2a3340" strokeDasharray="3 3" />
                      <XAxis type="number" stroke="#9aa5b1" fontSize={11} allowDecimals={false} />
                      <YAxis type="category" dataKey="type" stroke="#9aa5b1" fontSize={11} width={170} />
                      <Tooltip contentStyle={{ background: '#111820', border: '1px solid #2a3340' }} />
                      <Bar dataKey="count" fill="#6cb6ff" isAnimationActive={false} />
                    </BarChart>
                  </ResponsiveContainer>
                </figure>
              </div>
              <aside>
                <h3>lab public key (ed25519)</h3>
                <pre data-testid="public-key">{s.publicKey}</pre>
                <p className="muted">
                  the export is one signed event a line after a header with this key; docs/dashboard.md has a dependency-free script to check it offline. compare the key with one from a channel you trust.
                </p>
              </aside>
            </div>
          );
        }}
      </Resolve>
    </section>
  );
}
