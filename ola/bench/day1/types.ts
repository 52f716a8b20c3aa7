// what each part of the day-1 benchmark returns.

export interface Day1Row {
  part: string;
  measure: string;
  /** null when the part could not measure it (the note says why) */
  value: number | null;
  unit: string;
  /** the seed's target, when the row has one */
  target?: { op: '<=' | '>='; value: number };
  met?: boolean;
  note?: string;
}

export interface Plot {
  id: string;
  kind: 'line' | 'bar' | 'hist';
  title: string;
  x: string;
  y: string;
  series: { name: string; points: [number | string, number][] }[];
}

export interface PartArtifact {
  id: string;
  sha256: string;
  origin: 'registry' | 'baseline';
}

export interface PartResult {
  part: string;
  niche: string;
  title: string;
  artifact: PartArtifact;
  rows: Day1Row[];
  plots: Plot[];
  /** images to embed in the report (e.g. the framebuffer), as data urls */
  images?: { title: string; dataUrl: string }[];
}

export function row(part: string, measure: string, value: number, unit: string, target?: Day1Row['target'], note?: string): Day1Row {
  if (!Number.isFinite(value)) return { part, measure, value: null, unit, target, met: target ? false : undefined, note };
  const met = target ? (target.op === '<=' ? value <= target.value : value >= target.value) : undefined;
  return { part, measure, value, unit, target, met, note };
}

/** a whole day-1 run, as printed, written as json and rendered as html */
export interface Day1Result {
  startedAt: string;
  durationS: number;
  machine: string;
  quick: boolean;
  parts: PartResult[];
  errors: { part: string; message: string }[];
  files?: { json: string; html: string };
}
