// records the host's real (monotonic, wall) clock pairs as scenarios for the clock niche.
import { mkdir, readdir, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { writeJsonAtomic } from './atomic-write.ts';
import { readClocks } from './clocks.ts';

export const RECORD_DURATION_MS = 30_000;
export const RECORD_EVERY_MS = 20;
export const RECORD_KEEP = 3;
/** how often the sidecar records a fresh trace */
export const RECORD_PERIOD_MS = 30 * 60_000;

export interface ClockRecording {
  id: string;
  mono: number[];
  wall: number[];
}

export interface RecordOptions {
  durationMs?: number;
  everyMs?: number;
  keep?: number;
  signal?: AbortSignal;
}

export function clockRecordingsDir(storageDir: string): string {
  return join(storageDir, 'scenarios', 'clock');
}

/** ':' is not portable in file names; the iso form still sorts by time */
export function recordingId(at: Date): string {
  return `host-${at.toISOString().replaceAll(':', '-')}`;
}

/** samples clock pairs on a fixed grid measured from the start, so timer lateness does not accumulate */
export async function sampleClocks(durationMs: number, everyMs: number, signal?: AbortSignal): Promise<{ mono: number[]; wall: number[] }> {
  const mono: number[] = [];
  const wall: number[] = [];
  const start = readClocks().monoMs;
  for (let i = 0; ; i++) {
    const due = start + i * everyMs;
    if (due - start > durationMs) break;
    // timers take whole ms and may fire a hair early; never sample before the grid point
    for (let wait = due - readClocks().monoMs; wait > 0; wait = due - readClocks().monoMs) {
      await sleep(Math.ceil(wait), undefined, { signal });
    }
    const c = readClocks();
    mono.push(c.monoMs);
    wall.push(c.wallMs);
  }
  return { mono, wall };
}

/** keeps the newest `keep` host recordings; foreign files in the folder are left alone */
export async function pruneRecordings(dir: string, keep: number): Promise<string[]> {
  const names = (await readdir(dir)).filter((n) => n.startsWith('host-') && n.endsWith('.json')).sort();
  const doomed = names.slice(0, Math.max(0, names.length - keep));
  await Promise.all(doomed.map((n) => rm(join(dir, n), { force: true })));
  return names.slice(doomed.length);
}

/** records one trace into <storageDir>/scenarios/clock and prunes older ones; returns the file written */
export async function recordClock(storageDir: string, opts: RecordOptions = {}): Promise<string> {
  const dir = clockRecordingsDir(storageDir);
  const id = recordingId(new Date());
  const { mono, wall } = await sampleClocks(opts.durationMs ?? RECORD_DURATION_MS, opts.everyMs ?? RECORD_EVERY_MS, opts.signal);
  await mkdir(dir, { recursive: true });
  const file = join(dir, `${id}.json`);
  const rec: ClockRecording = { id, mono, wall };
  await writeJsonAtomic(file, rec);
  await pruneRecordings(dir, opts.keep ?? RECORD_KEEP);
  return file;
}
