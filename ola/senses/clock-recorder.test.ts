import { mkdir, mkdtemp, readFile, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { clockRecordingsDir, recordClock, recordingId } from './clock-recorder.ts';

describe('clock recorder', () => {
  it('names recordings by start time with no colons', () => {
    expect(recordingId(new Date('2025-03-04T05:06:07.089Z'))).toBe('host-2025-03-04T05-06-07.089Z');
  });

  it('writes { id, mono, wall } traces and keeps only the newest three', async () => {
    const storage = await mkdtemp(join(tmpdir(), 'ola-clock-'));
    try {
      const dir = clockRecordingsDir(storage);
      await mkdir(dir, { recursive: true });
      const old = ['2020', '2021', '2022'].map((y) => `host-${y}-01-01T00-00-00.000Z.json`);
      for (const f of old) await writeFile(join(dir, f), '{}');
      await writeFile(join(dir, 'notes.txt'), 'not a recording');

      const before = Date.now();
      const file = await recordClock(storage, { durationMs: 300, everyMs: 20 });
      const rec = JSON.parse(await readFile(file, 'utf8')) as Record<string, unknown>;
      expect(Object.keys(rec).sort()).toEqual(['id', 'mono', 'wall']);
      expect(`${rec.id as string}.json`).toBe(basename(file));
      expect(rec.id).toMatch(/^host-\d{4}-\d\d-\d\dT\d\d-\d\d-\d\d\.\d{3}Z$/);
      const mono = rec.mono as number[];
      const wall = rec.wall as number[];
      expect(mono.length).toBe(wall.length);
      // 0..300 ms on a 20 ms grid
      expect(mono.length).toBe(16);
      expect(mono.every((m, i) => i === 0 || m > mono[i - 1]!)).toBe(true);
      expect(mono.at(-1)! - mono[0]!).toBeGreaterThanOrEqual(300);
      expect(wall[0]!).toBeGreaterThanOrEqual(before);
      expect(Math.abs(wall.at(-1)! - wall[0]! - (mono.at(-1)! - mono[0]!))).toBeLessThan(50);

      expect((await readdir(dir)).sort()).toEqual([old[1], old[2], basename(file), 'notes.txt'].sort());

      const second = await recordClock(storage, { durationMs: 40, everyMs: 20 });
      const left = (await readdir(dir)).sort();
      expect(left).toEqual([old[2], basename(file), basename(second), 'notes.txt'].sort());
      expect(left.some((f) => f.endsWith('.tmp'))).toBe(false);
    } finally {
      await rm(storage, { recursive: true, force: true });
    }
  });
});
