// bench:autopilot's report: the table, the closing lines and the html, from the samples alone
// (so a saved json renders again with --report).
import { svgPlot } from '../day1/svg-plot.ts';
import { renderTable, type Table } from '../evolve/tables.ts';

/** one niche at one moment */
export interface Point {
  minute: number;
  runs: number;
  evaluations: number;
  best?: { id: string; publicUtility: number; publicHeadline: number; heldOutHeadline?: number; heldOutUtility?: number };
}

export interface NicheReport {
  niche: string;
  metric: string;
  better: string;
  baseline?: { publicHeadline?: number; heldOutHeadline?: number; heldOutUtility?: number };
  points: Point[];
}

export interface AutopilotData {
  minutes: number;
  budget: number;
  sampleS: number;
  quick: boolean;
  reports: NicheReport[];
  decisions?: { at: string; niche?: string; reason: string }[];
  /** the lab process's memory at each sample (its sandbox hosts are other processes) */
  lab?: { minute: number; heapMb: number; rssMb: number; climbs?: number }[];
  /** where the run stood when this was written: a run cut off still renders what it had */
  finished?: boolean;
}

/** the lab's heap: first, peak (and when) and last sample */
export function heapLine(lab: NonNullable<AutopilotData['lab']>): string | undefined {
  if (lab.length === 0) return undefined;
  const peak = lab.reduce((a, b) => (b.heapMb > a.heapMb ? b : a));
  const r = (x: number) => x.toFixed(0);
  return `the lab's heap: ${r(lab[0]!.heapMb)} MB at the start, at most ${r(peak.heapMb)} MB (minute ${r(peak.minute)}), ${r(lab.at(-1)!.heapMb)} MB at the end; rss at most ${r(Math.max(...lab.map((x) => x.rssMb)))} MB`;
}

/** the promotion engine's queue (artifacts waiting to climb or climbing) over the run, where sampled */
export function climbLine(lab: NonNullable<AutopilotData['lab']>): string | undefined {
  const seen = lab.filter((x) => x.climbs !== undefined);
  if (seen.length === 0) return undefined;
  const peak = seen.reduce((a, b) => (b.climbs! > a.climbs! ? b : a));
  return `artifacts queued or climbing the ladder: at most ${peak.climbs} (minute ${peak.minute.toFixed(0)}), ${seen.at(-1)!.climbs} at the end`;
}

/** times the registry's best got a higher public utility, per quarter of the run, and the last such minute */
export function improvements(points: Point[], minutes: number): { byQuarter: number[]; lastMinute?: number } {
  const byQuarter = [0, 0, 0, 0];
  let last: number | undefined;
  let lastMinute: number | undefined;
  for (const p of points) {
    const u = p.best?.publicUtility;
    if (u === undefined || !Number.isFinite(u)) continue;
    if (last !== undefined && u > last + 1e-12) {
      byQuarter[Math.max(0, Math.min(3, Math.floor((p.minute / minutes) * 4)))]!++;
      lastMinute = p.minute;
    }
    last = u;
  }
  return { byQuarter, ...(lastMinute === undefined ? {} : { lastMinute }) };
}

const f = (x: number | undefined) => (x === undefined || !Number.isFinite(x) ? '-' : x.toPrecision(4));
const esc = (s: string) => s.replace(/[&<>]/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;' })[c]!);

export function render(d: AutopilotData): { title: string; table: Table; closing: string; html: string } {
  const table: Table = {
    head: ['niche', 'metric', 'runs', 'evals', 'baseline public', 'best public', 'baseline held-out', 'best held-out', 'utility held-out (base → best)', 'improvements by quarter', 'last improvement'],
    rows: d.reports.map((r) => {
      const last = r.points.at(-1);
      const imp = improvements(r.points, d.minutes);
      return [
        r.niche,
        `${r.metric} (${r.better})`,
        String(last?.runs ?? 0),
        String(last?.evaluations ?? 0),
        f(r.baseline?.publicHeadline),
        f(last?.best?.publicHeadline),
        f(r.baseline?.heldOutHeadline),
        f(last?.best?.heldOutHeadline),
        `${f(r.baseline?.heldOutUtility)} → ${f(last?.best?.heldOutUtility)}`,
        imp.byQuarter.join(' / '),
        imp.lastMinute === undefined ? '-' : `minute ${imp.lastMinute.toFixed(0)}`,
      ];
    }),
  };
  const runs = d.reports.reduce((s, r) => s + (r.points.at(-1)?.runs ?? 0), 0);
  const evals = d.reports.reduce((s, r) => s + (r.points.at(-1)?.evaluations ?? 0), 0);
  const title = `bench:autopilot: ola serve --evolve for ${d.minutes} minutes, ${d.budget} evaluations a run: ${runs} runs, ${evals} evaluations`;
  const q = d.reports.map((r) => improvements(r.points, d.minutes).byQuarter);
  const lateHalf = q.filter((b) => b[2]! + b[3]! > 0).length;
  const lateQuarter = q.filter((b) => b[3]! > 0).length;
  const heap = d.lab ? heapLine(d.lab) : undefined;
  const climbs = d.lab ? climbLine(d.lab) : undefined;
  const closing = [
    `niches whose best still improved in the second half: ${lateHalf} of ${d.reports.length}; in the last quarter: ${lateQuarter}`,
    ...(heap ? [heap] : []),
    ...(climbs ? [climbs] : []),
    ...(d.finished === false ? ['the run was cut off: this is what it had at its last sample'] : []),
  ].join('\n');

  const flat = (v: number | undefined): [number, number][] => (v === undefined || !Number.isFinite(v) ? [] : [[0, v], [d.minutes, v]]);
  const series = (r: NicheReport, k: 'publicHeadline' | 'heldOutHeadline' | 'publicUtility' | 'heldOutUtility') =>
    r.points.filter((p) => p.best?.[k] !== undefined && Number.isFinite(p.best[k])).map((p) => [p.minute, p.best![k]!] as [number, number]);
  // utility is on one scale for every niche, and it moves where a headline sits at its ceiling (gui.fb)
  const utility = svgPlot({
    id: 'utility',
    kind: 'line',
    title: "the registry's best per niche: utility on the held-out scenarios over the run",
    x: 'minutes',
    y: 'utility',
    series: d.reports.map((r) => ({ name: r.niche, points: series(r, 'heldOutUtility') })),
  });
  const plots = d.reports.map((r) =>
    svgPlot({
      id: r.niche,
      kind: 'line',
      title: `${r.niche}: the registry's best ${r.metric} (${r.better} is better) over the run`,
      x: 'minutes',
      y: r.metric,
      series: [
        { name: 'best, public', points: series(r, 'publicHeadline') },
        { name: 'best, held-out', points: series(r, 'heldOutHeadline') },
        { name: 'baseline, held-out', points: flat(r.baseline?.heldOutHeadline) },
      ],
    }),
  );
  const memory = d.lab?.length
    ? svgPlot({
        id: 'lab-memory',
        kind: 'line',
        title: "the lab process's memory over the run",
        x: 'minutes',
        y: 'MB',
        series: [
          { name: 'heap used', points: d.lab.map((x) => [x.minute, x.heapMb] as [number, number]) },
          { name: 'rss', points: d.lab.map((x) => [x.minute, x.rssMb] as [number, number]) },
        ],
      })
    : '';
  const html = `<!doctype html><meta charset="utf-8"><title>bench:autopilot</title><body style="font-family:sans-serif;max-width:1100px;margin:2em auto"><h1>${esc(title)}</h1><pre style="overflow-x:auto">${esc(renderTable(table).join('\n'))}</pre>${closing
    .split('\n')
    .map((l) => `<p>${esc(l)}</p>`)
    .join('')}${utility}${plots.join('')}${memory}</body>`;
  return { title, table, closing, html };
}
