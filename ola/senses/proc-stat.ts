// cpu time from /proc/stat; utilisation only exists as the delta between two samples.
import { readSource, unavailable, type Unavailable } from './sense.ts';

export const STAT_PATH = '/proc/stat';

export interface CpuTimes {
  user: number;
  nice: number;
  system: number;
  idle: number;
  iowait: number;
  irq: number;
  softirq: number;
  steal: number;
}

export interface CpuSample {
  total: CpuTimes;
  perCpu: CpuTimes[];
}

export interface CpuFeed {
  cores: number;
  total: CpuTimes;
  perCpu: CpuTimes[];
  /** busy % over the last interval; null until a previous sample exists */
  utilisation: { total: number | null; perCpu: (number | null)[] };
}

const FIELDS = ['user', 'nice', 'system', 'idle', 'iowait', 'irq', 'softirq', 'steal'] as const;

function parseTimes(cols: string[]): CpuTimes {
  const t = {} as CpuTimes;
  // old kernels lack the later columns; absent means zero
  FIELDS.forEach((f, i) => (t[f] = Number(cols[i] ?? 0) || 0));
  return t;
}

export function parseProcStat(text: string): CpuSample | undefined {
  let total: CpuTimes | undefined;
  const perCpu: CpuTimes[] = [];
  for (const line of text.split('\n')) {
    const cols = line.trim().split(/\s+/);
    const head = cols[0] ?? '';
    if (head === 'cpu') total = parseTimes(cols.slice(1));
    else if (/^cpu\d+$/.test(head)) perCpu[Number(head.slice(3))] = parseTimes(cols.slice(1));
  }
  if (!total) return undefined;
  // offline cpus leave holes in the numbering; keep the list dense
  return { total, perCpu: perCpu.filter(Boolean) };
}

function sum(t: CpuTimes): number {
  return FIELDS.reduce((acc, f) => acc + t[f], 0);
}

/** busy share of the jiffies elapsed between two samples, in % */
export function busyPercent(prev: CpuTimes, cur: CpuTimes): number | null {
  const dTotal = sum(cur) - sum(prev);
  const dIdle = cur.idle + cur.iowait - (prev.idle + prev.iowait);
  if (dTotal <= 0 || dIdle < 0) return null;
  const pct = ((dTotal - dIdle) / dTotal) * 100;
  return Math.round(Math.min(100, Math.max(0, pct)) * 100) / 100;
}

export function cpuFeed(cur: CpuSample, prev: CpuSample | undefined): CpuFeed {
  return {
    cores: cur.perCpu.length,
    total: cur.total,
    perCpu: cur.perCpu,
    utilisation: {
      total: prev ? busyPercent(prev.total, cur.total) : null,
      perCpu: cur.perCpu.map((c, i) => {
        const p = prev?.perCpu[i];
        return p ? busyPercent(p, c) : null;
      }),
    },
  };
}

export async function readCpuSample(path = STAT_PATH): Promise<CpuSample | Unavailable> {
  const src = await readSource(path);
  if (!('text' in src)) return src;
  return parseProcStat(src.text) ?? unavailable(`no aggregate cpu line in ${path}`);
}
