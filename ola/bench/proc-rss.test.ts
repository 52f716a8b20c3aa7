// pss counts a shared page once across the processes sharing it; rss counts it in each.
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { describe, expect, it } from 'vitest';
import { pssBytes, rssBytes } from './proc-rss.ts';

describe('process memory', () => {
  it('gives a node child a pss below its rss (node\'s code is shared with this process), and 0 for a gone pid', async () => {
    const child = spawn(process.execPath, ['-e', 'console.log("up"); setTimeout(() => {}, 30_000)'], { stdio: ['ignore', 'pipe', 'inherit'] });
    try {
      await once(child.stdout, 'data');
      const [rss, pss] = [rssBytes(child.pid!), pssBytes(child.pid!)];
      expect(rss).toBeGreaterThan(10 << 20);
      expect(pss).toBeGreaterThan(0);
      expect(pss).toBeLessThan(rss);
      expect(pssBytes(process.pid) + pss).toBeLessThan(rssBytes(process.pid) + rss);
    } finally {
      child.kill('SIGKILL');
    }
    await once(child, 'exit');
    expect(pssBytes(child.pid!)).toBe(0);
    expect(rssBytes(child.pid!)).toBe(0);
  });
});
