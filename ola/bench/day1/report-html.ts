// the day-1 report as one self-contained html page: the table, each part's plots and images.
import type { Day1Result } from './types.ts';
import { svgPlot } from './svg-plot.ts';

const esc = (s: string) => s.replace(/[&<>"]/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' })[c]!);

function fmt(v: number | null): string {
  if (v === null || !Number.isFinite(v)) return '—';
  return Math.abs(v) >= 100 ? Math.round(v).toLocaleString('en-US') : v.toPrecision(3);
}

export function day1Html(r: Day1Result): string {
  const rows = r.parts
    .flatMap((p) => p.rows)
    .map((x) => {
      const target = x.target ? `${x.target.op} ${fmt(x.target.value)}` : '';
      const verdict = x.met === undefined ? '' : x.met ? '<b class="ok">met</b>' : '<b class="no">NOT MET</b>';
      return `<tr><td>${esc(x.part)}</td><td>${esc(x.measure)}</td><td class="n">${fmt(x.value)} ${esc(x.unit)}</td><td>${target}</td><td>${verdict}</td><td>${esc(x.note ?? '')}</td></tr>`;
    })
    .join('\n');
  const sections = r.parts
    .map((p) => {
      const plots = p.plots.map((pl) => `<figure>${svgPlot(pl)}</figure>`).join('');
      const images = (p.images ?? []).map((im) => `<figure><img src="${im.dataUrl}" alt="${esc(im.title)}"><figcaption>${esc(im.title)}</figcaption></figure>`).join('');
      return `<section><h2>${esc(p.title)}</h2><p>artifact: <code>${esc(p.artifact.id)}</code> (${p.artifact.origin}), sha256 <code>${p.artifact.sha256.slice(0, 16)}…</code></p>${plots}${images}</section>`;
    })
    .join('\n');
  const errors = r.errors.map((e) => `<li><b>${esc(e.part)}</b>: ${esc(e.message)}</li>`).join('');
  return `<!doctype html><html><head><meta charset="utf-8"><title>organic-os day-1 validation ${esc(r.startedAt)}</title>
<style>body{font-family:sans-serif;max-width:980px;margin:2em auto;color:#1a202c}table{border-collapse:collapse;width:100%}td,th{border-bottom:1px solid #e2e8f0;padding:4px 8px;text-align:left;font-size:13px}.n{text-align:right;font-variant-numeric:tabular-nums}.ok{color:#2f855a}.no{color:#c53030}figure{margin:1em 0}img{image-rendering:pixelated;border:1px solid #cbd5e0;max-width:100%}code{font-size:12px}</style></head>
<body><h1>organic-os — day-1 validation</h1><p>${esc(r.startedAt)} · ${r.durationS.toFixed(1)} s · ${esc(r.machine)}${r.quick ? ' · quick' : ''}</p>
<table><tr><th>part</th><th>measure</th><th>value</th><th>target</th><th></th><th>note</th></tr>
${rows}</table>${errors ? `<h2>errors</h2><ul>${errors}</ul>` : ''}
${sections}</body></html>`;
}
