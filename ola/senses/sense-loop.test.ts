import { mkdir, mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { SenseSampler } from './sampler.ts';
import { SenseLoop } from './sense-loop.ts';

async function until<T>(probe: () => Promise<T | undefined>, ms: number): Promise<T> {
  const end = Date.now() + ms;
  for (;;) {
    const v = await probe().catch(() => undefined);
    if (v !== undefined) return v;
    if (Date.now() > end) throw new Error('condition not met in time');
    await new Promise((r) => setTimeout(r, 10));
  }
}

describe('sense sampler', () => {
  it('reports a failing sense as unavailable and still returns the others', async () => {
    const s = new SenseSampler({
      status: () => {
        throw new Error('evdev exploded');
      },
    });
    const feeds = await s.sample();
    expect(feeds.input).toEqual({ available: false, reason: 'evdev exploded' });
    expect((feeds.clocks as { available: boolean }).available).toBe(true);
  });
});

describe('sense loop', () => {
  it('survives its output folder vanishing, logs once, and resumes when it returns', async () => {
    const storage = await mkdtemp(join(tmpdir(), 'ola-loop-'));
    const sensesDir = join(storage, 'senses');
    const logs: string[] = [];
    const loop = new SenseLoop({ sensesDir, storageDir: storage, intervalMs: 30, recordClock: false, inputDir: storage }, (l) => logs.push(l));
    const seqOf = async () => (JSON.parse(await readFile(join(sensesDir, 'snapshot.json'), 'utf8')) as { seq: number }).seq;
    try {
      await loop.start();
      await until(async () => ((await seqOf()) >= 1 ? true : undefined), 3000);
      await rm(sensesDir, { recursive: true, force: true });
      await until(async () => (logs.length > 0 ? true : undefined), 3000);
      await new Promise((r) => setTimeout(r, 150));
      expect(logs).toHaveLength(1);
      expect(logs[0]).toMatch(/^tick failed: .*ENOENT/);
      await mkdir(sensesDir);
      const seq = await until(async () => {
        const n = await seqOf();
        return n > 1 ? n : undefined;
      }, 3000);
      expect(seq).toBeGreaterThan(1);
    } finally {
      await loop.stop();
      await rm(storage, { recursive: true, force: true });
    }
  });
});
