// nvidia gpus through nvidia-smi, asked only when it is actually on PATH.
import { execFile } from 'node:child_process';
import { access, constants } from 'node:fs/promises';
import { delimiter, join } from 'node:path';
import { errorReason, unavailable, type Sensed } from './sense.ts';

const QUERY = ['--query-gpu=name,utilization.gpu,memory.used,memory.total,temperature.gpu', '--format=csv,noheader,nounits'];
const TIMEOUT_MS = 2000;
const MIB = 1024 * 1024;

export interface GpuInfo {
  index: number;
  name: string;
  utilisationPercent: number | null;
  memoryUsedBytes: number | null;
  memoryTotalBytes: number | null;
  temperatureC: number | null;
}

/** '[N/A]' and '[Not Supported]' are how nvidia-smi says a field has no value */
function num(s: string | undefined): number | null {
  const n = Number(s?.trim());
  return s !== undefined && s.trim() !== '' && Number.isFinite(n) ? n : null;
}

export function parseNvidiaSmi(text: string): GpuInfo[] {
  const out: GpuInfo[] = [];
  for (const line of text.split('\n')) {
    if (!line.trim()) continue;
    const cols = line.split(',');
    if (cols.length < 5) continue;
    // the four numbers sit at the end; anything before them is the (possibly comma-laden) name
    const [util, used, total, temp] = cols.slice(-4);
    const mem = (v: string | undefined) => {
      const n = num(v);
      return n === null ? null : n * MIB;
    };
    out.push({
      index: out.length,
      name: cols.slice(0, -4).join(',').trim(),
      utilisationPercent: num(util),
      memoryUsedBytes: mem(used),
      memoryTotalBytes: mem(total),
      temperatureC: num(temp),
    });
  }
  return out;
}

export async function findOnPath(cmd: string, pathVar = process.env.PATH ?? ''): Promise<string | undefined> {
  for (const dir of pathVar.split(delimiter)) {
    if (!dir) continue;
    const candidate = join(dir, cmd);
    try {
      await access(candidate, constants.X_OK);
      return candidate;
    } catch {
      // not here; keep looking
    }
  }
  return undefined;
}

function run(file: string): Promise<string> {
  return new Promise((resolve, reject) => {
    execFile(file, QUERY, { timeout: TIMEOUT_MS, encoding: 'utf8' }, (err, stdout) => (err ? reject(err) : resolve(stdout)));
  });
}

export async function readGpu(pathVar?: string): Promise<Sensed<{ gpus: GpuInfo[] }>> {
  const smi = await findOnPath('nvidia-smi', pathVar);
  if (!smi) return unavailable('nvidia-smi not found');
  try {
    const gpus = parseNvidiaSmi(await run(smi));
    return gpus.length > 0 ? { available: true, gpus } : unavailable('nvidia-smi reported no gpus');
  } catch (err) {
    return unavailable(`nvidia-smi failed: ${errorReason(err)}`);
  }
}
