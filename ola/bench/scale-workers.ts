// `ola worker` processes for bench:scale, as a host would run them: the lab's public key in a
// pem file, the isolate stage, a concurrency (bench:scale's `--worker-concurrency`). stopped with SIGTERM (they drain).
import { spawn, type ChildProcess } from 'node:child_process';
import { join, resolve } from 'node:path';

export interface BenchWorker {
  pid: number;
  stop(): Promise<void>;
}

const ROOT = resolve(import.meta.dirname, '..', '..');

export async function startWorker(redisUrl: string, publicKeyPem: string, name: string, concurrency: number, timeoutMs = 60_000): Promise<BenchWorker> {
  const args = ['worker', '--redis', redisUrl, '--public-key', publicKeyPem, '--stages', 'isolate', '--name', name, '--concurrency', String(concurrency)];
  const proc: ChildProcess = spawn(join(ROOT, 'bin', 'ola'), args, { stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  proc.stdout!.on('data', (d) => (out += d));
  proc.stderr!.on('data', (d) => (out += d));
  await new Promise<void>((ok, fail) => {
    const timer = setTimeout(() => fail(new Error(`worker ${name} not ready in ${timeoutMs} ms: ${out}`)), timeoutMs);
    const check = () => {
      if (!out.includes(`worker ${name} ready`)) return;
      clearTimeout(timer);
      proc.stdout!.off('data', check);
      ok();
    };
    proc.stdout!.on('data', check);
    proc.once('exit', (code) => {
      clearTimeout(timer);
      fail(new Error(`worker ${name} exited (${code}): ${out}`));
    });
  });
  const exited = new Promise<void>((r) => (proc.exitCode !== null ? r() : proc.once('exit', () => r())));
  return {
    pid: proc.pid!,
    async stop() {
      proc.kill('SIGTERM');
      const late = setTimeout(() => proc.kill('SIGKILL'), 15_000);
      await exited;
      clearTimeout(late);
    },
  };
}
