// runs the day-1 validation parts in order; a part that fails is reported, the rest go on.
import { writeFileSync } from 'node:fs';
import { cpus } from 'node:os';
import { join } from 'node:path';
import { writeJson } from '../report.ts';
import { clockPart } from './clock-part.ts';
import { compressionPart } from './compression-part.ts';
import { framebufferPart } from './framebuffer-part.ts';
import { ioPart } from './io-part.ts';
import type { Day1Context } from './context.ts';
import { day1Html } from './report-html.ts';
import type { Day1Result, PartResult } from './types.ts';

export type { Day1Result } from './types.ts';

export interface Day1Part {
  id: string;
  run(ctx: Day1Context, progress: (label: string) => void): Promise<PartResult>;
}

export const DAY1_PARTS: Day1Part[] = [
  { id: 'clock', run: clockPart },
  { id: 'framebuffer', run: framebufferPart },
  { id: 'compression', run: compressionPart },
  { id: 'io', run: ioPart },
];

export interface Day1Progress {
  part: string;
  index: number;
  total: number;
  label: string;
}


export async function runDay1(ctx: Day1Context, onProgress?: (p: Day1Progress) => void, parts = DAY1_PARTS): Promise<Day1Result> {
  const t0 = performance.now();
  const result: Day1Result = {
    startedAt: new Date().toISOString(),
    durationS: 0,
    machine: `${cpus().length} cores, ${cpus()[0]?.model ?? 'unknown cpu'}, node ${process.version}`,
    quick: ctx.quick,
    parts: [],
    errors: [],
  };
  for (const [index, part] of parts.entries()) {
    const progress = (label: string) => onProgress?.({ part: part.id, index, total: parts.length, label });
    progress('starting');
    try {
      result.parts.push(await part.run(ctx, progress));
    } catch (err) {
      if (ctx.signal.aborted) throw err;
      result.errors.push({ part: part.id, message: (err as Error).message });
    }
  }
  onProgress?.({ part: 'done', index: parts.length, total: parts.length, label: 'writing the report' });
  result.durationS = (performance.now() - t0) / 1000;
  const json = writeJson(ctx.storageDir, 'day1', result);
  const html = json.replace(/\.json$/, '.html');
  const page = day1Html(result);
  writeFileSync(html, page);
  writeFileSync(join(ctx.storageDir, 'bench', 'day1-latest.html'), page);
  result.files = { json, html };
  return result;
}
