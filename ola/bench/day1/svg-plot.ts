// small inline svg charts for the html report (line, bar, histogram).
import type { Plot } from './types.ts';

const W = 640;
const H = 260;
const PAD = { l: 56, r: 12, t: 28, b: 40 };
const COLORS = ['#2b6cb0', '#c05621', '#2f855a', '#6b46c1', '#b83280', '#718096'];

const esc = (s: string) => s.replace(/[&<>"]/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' })[c]!);
const num = (v: number) => (Math.abs(v) >= 100 ? v.toFixed(0) : Math.abs(v) >= 1 ? v.toFixed(1) : v.toPrecision(2));

function frame(p: Plot, body: string, xTicks: string, yMin: number, yMax: number): string {
  const ih = H - PAD.t - PAD.b;
  const yTicks = [0, 0.5, 1]
    .map((f) => {
      const y = PAD.t + ih * (1 - f);
      return `<line x1="${PAD.l}" x2="${W - PAD.r}" y1="${y}" y2="${y}" stroke="#e2e8f0"/><text x="${PAD.l - 6}" y="${y + 4}" text-anchor="end">${num(yMin + (yMax - yMin) * f)}</text>`;
    })
    .join('');
  const legend = p.series.map((s, i) => `<tspan fill="${COLORS[i % COLORS.length]}">■ ${esc(s.name)}</tspan>`).join('  ');
  // a legend that would run into the title gets a row of its own (character widths estimated)
  const legendChars = p.series.reduce((t, s) => t + s.name.length + 4, 0);
  const row = p.title.length * 7.5 + legendChars * 6.2 > W - PAD.l ? 16 : 0;
  const legendAt = row > 0 ? `x="${PAD.l}" y="32"` : `x="${W - PAD.r}" y="16" text-anchor="end"`;
  return `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ${W} ${H + row}" font-family="sans-serif" font-size="11">
<text x="${PAD.l}" y="16" font-size="13" font-weight="bold">${esc(p.title)}</text>
<text ${legendAt}>${legend}</text><g transform="translate(0 ${row})">${yTicks}${body}${xTicks}
<text x="${(W + PAD.l) / 2}" y="${H - 6}" text-anchor="middle">${esc(p.x)}</text>
<text x="12" y="${PAD.t + ih / 2}" transform="rotate(-90 12 ${PAD.t + ih / 2})" text-anchor="middle">${esc(p.y)}</text></g></svg>`;
}

function numeric(p: Plot): string {
  const pts = p.series.flatMap((s) => s.points) as [number, number][];
  if (pts.length === 0) return frame(p, '', '', 0, 1);
  const xs = pts.map((q) => q[0]);
  const ys = pts.map((q) => q[1]);
  const [x0, x1] = [Math.min(...xs), Math.max(...xs)];
  let [y0, y1] = [Math.min(0, ...ys), Math.max(...ys)];
  if (y1 === y0) y1 = y0 + 1;
  const iw = W - PAD.l - PAD.r;
  const ih = H - PAD.t - PAD.b;
  const sx = (x: number) => PAD.l + (x1 === x0 ? 0.5 : (x - x0) / (x1 - x0)) * iw;
  const sy = (y: number) => PAD.t + ih * (1 - (y - y0) / (y1 - y0));
  const body = p.series
    .map((s, i) => {
      const c = COLORS[i % COLORS.length];
      const q = s.points as [number, number][];
      if (p.kind === 'hist') {
        const bw = Math.max(1, iw / Math.max(1, q.length) / p.series.length - 1);
        return q.map(([x, y]) => `<rect x="${sx(x) + i * bw}" y="${sy(y)}" width="${bw}" height="${sy(y0) - sy(y)}" fill="${c}" opacity="0.7"/>`).join('');
      }
      return `<polyline fill="none" stroke="${c}" stroke-width="1.2" points="${q.map(([x, y]) => `${sx(x).toFixed(1)},${sy(y).toFixed(1)}`).join(' ')}"/>`;
    })
    .join('');
  const ticks = [0, 0.5, 1].map((f) => `<text x="${PAD.l + iw * f}" y="${H - PAD.b + 14}" text-anchor="middle">${num(x0 + (x1 - x0) * f)}</text>`).join('');
  return frame(p, body, ticks, y0, y1);
}

function bars(p: Plot): string {
  const cats = [...new Set(p.series.flatMap((s) => s.points.map((q) => String(q[0]))))];
  const ys = p.series.flatMap((s) => s.points.map((q) => q[1]));
  const y1 = Math.max(1e-9, ...ys);
  const iw = W - PAD.l - PAD.r;
  const ih = H - PAD.t - PAD.b;
  const group = iw / Math.max(1, cats.length);
  const bw = (group * 0.8) / Math.max(1, p.series.length);
  let body = '';
  p.series.forEach((s, i) => {
    for (const [cat, y] of s.points) {
      const x = PAD.l + cats.indexOf(String(cat)) * group + group * 0.1 + i * bw;
      const h = (y / y1) * ih;
      body += `<rect x="${x}" y="${PAD.t + ih - h}" width="${bw - 1}" height="${h}" fill="${COLORS[i % COLORS.length]}"><title>${esc(s.name)} ${esc(String(cat))}: ${num(y)}</title></rect>`;
    }
  });
  const ticks = cats.map((c, k) => `<text x="${PAD.l + k * group + group / 2}" y="${H - PAD.b + 14}" text-anchor="middle">${esc(c)}</text>`).join('');
  return frame(p, body, ticks, 0, y1);
}

export function svgPlot(p: Plot): string {
  return p.kind === 'bar' ? bars(p) : numeric(p);
}
