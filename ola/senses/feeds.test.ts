import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FEEDS, SenseFeeds } from './feeds.ts';

async function until<T>(probe: () => Promise<T | undefined>, ms: number): Promise<T> {
  const end = Date.now() + ms;
  for (;;) {
    const v = await probe();
    if (v !== undefined) return v;
    if (Date.now() > end) throw new Error('condition not met in time');
    await new Promise((r) => setTimeout(r, 25));
  }
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

describe('SenseFeeds', () => {
  let storage = '';
  beforeAll(async () => {
    storage = await mkdtemp(join(tmpdir(), 'ola-senses-'));
  });
  afterAll(async () => {
    await rm(storage, { recursive: true, force: true });
  });

  it('does nothing when disabled', async () => {
    const f = new SenseFeeds(join(storage, 'off', 'senses'), { enabled: false, intervalMs: 100, recordClock: false });
    f.start();
    expect(f.running).toBe(false);
    expect(await f.snapshot()).toBeUndefined();
    await f.stop();
  });

  it('runs the sidecar, serves its feeds, restarts it when it dies, and stops it', async () => {
    const sensesDir = join(storage, 'senses');
    const f = new SenseFeeds(sensesDir, { enabled: true, intervalMs: 100, recordClock: false });
    f.start();
    f.start(); // a second start must not fork a second sidecar
    try {
      expect(f.running).toBe(true);
      expect(f.spawned).toBe(1);
      const snap = await until(async () => {
        const s = await f.snapshot();
        return s && s.seq >= 2 ? s : undefined;
      }, 8000);
      expect(snap.intervalMs).toBe(100);
      expect(Number.isNaN(Date.parse(snap.ts))).toBe(false);
      expect(Object.keys(snap.feeds).sort()).toEqual([...FEEDS].sort());

      const mem = snap.feeds.memory as { available: boolean; totalBytes?: number };
      expect(mem.available).toBe(true);
      expect(mem.totalBytes).toBeGreaterThan(0);
      const clocks = snap.feeds.clocks as { available: boolean; monoMs: number; wallMs: number };
      expect(clocks.available).toBe(true);
      expect(Math.abs(clocks.wallMs - Date.now())).toBeLessThan(5000);
      expect(clocks.monoMs).toBeGreaterThan(0);
      // absent hardware is reported, not thrown
      for (const name of ['gpu', 'input'] as const) expect(typeof (snap.feeds[name] as { available: unknown }).available).toBe('boolean');

      const cpu = (await f.feed('cpu')) as { available: boolean; cores?: number };
      expect(cpu.available).toBe(true);
      expect(cpu.cores).toBeGreaterThan(0);
      expect(await f.feed('../senses/snapshot')).toBeUndefined();
      expect(await f.feed('snapshot')).toBeUndefined();
      expect(await f.feed('cpu.json')).toBeUndefined();

      const first = f.pid!;
      process.kill(first, 'SIGKILL');
      await until(async () => (f.pid !== undefined && f.pid !== first ? true : undefined), 4000);
      expect(f.spawned).toBe(2);
      const after = snap.seq;
      // the new sidecar numbers from 1 again, so wait for a fresh write rather than a higher seq
      await until(async () => {
        const s = await f.snapshot();
        return s && s.ts > snap.ts && s.seq !== after ? s : undefined;
      }, 4000);
    } finally {
      const pid = f.pid;
      await f.stop();
      expect(f.running).toBe(false);
      if (pid !== undefined) expect(alive(pid)).toBe(false);
    }
    // stopped means stopped: no restart after the backoff
    await new Promise((r) => setTimeout(r, 1100));
    expect(f.running).toBe(false);
    const files = await readdir(sensesDir);
    expect(files.filter((n) => n.endsWith('.tmp'))).toEqual([]);
    expect(files).toContain('snapshot.json');
  });
});
