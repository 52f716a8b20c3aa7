// what the queue's tests share: `ola worker` as a process of its own, and waiting on a condition.
import { spawn, type ChildProcess } from 'node:child_process';
import type { KeyObject } from 'node:crypto';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const ROOT = join(import.meta.dirname, '..', '..', '..');

/** `ola worker` as its own process, with the lab's public key in a pem file */
export function spawnWorker(redisUrl: string, publicKey: KeyObject, name: string): { proc: ChildProcess; out: () => string } {
  const dir = mkdtempSync(join(tmpdir(), 'ola-worker-'));
  const pem = join(dir, 'lab.pub.pem');
  writeFileSync(pem, publicKey.export({ type: 'spki', format: 'pem' }));
  const args = ['worker', '--redis', redisUrl, '--public-key', pem, '--stages', 'isolate', '--lock-ms', '1500', '--name', name, '--metrics-port', '0'];
  const proc = spawn(join(ROOT, 'bin', 'ola'), args, { stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  proc.stdout!.on('data', (d) => (out += d));
  proc.stderr!.on('data', (d) => (out += d));
  return { proc, out: () => out };
}

export async function until(cond: () => Promise<boolean> | boolean, ms = 20_000): Promise<void> {
  const end = Date.now() + ms;
  while (!(await cond())) {
    if (Date.now() > end) throw new Error('timed out waiting');
    await new Promise((r) => setTimeout(r, 50));
  }
}
