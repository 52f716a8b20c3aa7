// debian's promtool and a real prometheus for tests: run a check with bounded time, start a
// server on a free loopback port with its own config and tsdb folder, query it, stop it.
import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort } from './free-port.ts';

export interface Done {
  code: number;
  out: string;
}

/** fails, naming the debian package, when a prometheus tool is not on PATH */
export async function requireTool(tool: 'promtool' | 'prometheus'): Promise<void> {
  const r = await run('sh', ['-c', `command -v ${tool}`]);
  if (r.code !== 0) throw new Error(`${tool} is not installed: apt-get install prometheus (the Debian package prometheus brings promtool and prometheus; .ci/run installs it)`);
}

/** runs a command to its end (bounded), stdin optional; never throws */
export function run(cmd: string, args: string[], opts: { stdin?: string; cwd?: string; timeoutMs?: number } = {}): Promise<Done> {
  return new Promise((resolve) => {
    const child = execFile(cmd, args, { cwd: opts.cwd, timeout: opts.timeoutMs ?? 30_000, killSignal: 'SIGKILL', maxBuffer: 16 << 20 }, (err, stdout, stderr) => {
      const code = err ? (typeof err.code === 'number' ? err.code : 1) : 0;
      resolve({ code, out: `${stdout}${stderr}${err && typeof err.code !== 'number' ? `\n${err.message}` : ''}` });
    });
    // a tool that exits without reading its stdin must not fail the caller (epipe)
    child.stdin?.on('error', () => undefined);
    child.stdin?.end(opts.stdin ?? '');
  });
}


const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

export interface PromSample {
  metric: Record<string, string>;
  value: [number, string];
}

export interface Prometheus {
  url: string;
  /** the api's answer, whatever its status */
  api<T>(path: string): Promise<{ status: string; data: T; error?: string }>;
  query(expr: string): Promise<PromSample[]>;
  /** polls until check returns a value (bounded); the error names the last answer */
  until<T>(what: string, check: () => Promise<T | undefined>, timeoutMs: number): Promise<T>;
  /** the server's log tail, for failure messages */
  log(): string;
  stop(): Promise<void>;
}

/** starts prometheus with this config (yaml text) in a temporary folder and waits until it is ready */
export async function startPrometheus(config: string, opts: { readyMs?: number } = {}): Promise<Prometheus> {
  const dir = mkdtempSync(join(tmpdir(), 'ola-prometheus-'));
  writeFileSync(join(dir, 'prometheus.yml'), config);
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  let tail = '';
  const child: ChildProcess = spawn(
    'prometheus',
    [`--config.file=${join(dir, 'prometheus.yml')}`, `--storage.tsdb.path=${join(dir, 'data')}`, `--web.listen-address=127.0.0.1:${port}`, '--log.level=warn'],
    { stdio: ['ignore', 'pipe', 'pipe'] },
  );
  const keep = (b: Buffer) => (tail = (tail + b.toString()).slice(-8000));
  child.stdout!.on('data', keep);
  child.stderr!.on('data', keep);
  const exited = new Promise<void>((r) => child.once('exit', () => r()));

  const api = async <T>(path: string) => {
    const res = await fetch(`${url}${path}`, { signal: AbortSignal.timeout(5000) });
    return (await res.json()) as { status: string; data: T; error?: string };
  };
  const until = async <T>(what: string, check: () => Promise<T | undefined>, timeoutMs: number): Promise<T> => {
    const end = Date.now() + timeoutMs;
    let last = '';
    while (Date.now() < end) {
      if (child.exitCode !== null) throw new Error(`prometheus exited (${child.exitCode}) while waiting for ${what}:\n${tail}`);
      try {
        const v = await check();
        if (v !== undefined) return v;
        last = 'no answer yet';
      } catch (err) {
        last = (err as Error).message;
      }
      await sleep(250);
    }
    throw new Error(`prometheus: ${what} within ${timeoutMs / 1000}s failed (${last}); its log:\n${tail}`);
  };
  const stop = async () => {
    if (child.exitCode === null && child.signalCode === null) {
      child.kill('SIGTERM');
      const killed = await Promise.race([exited.then(() => true), sleep(10_000).then(() => false)]);
      if (!killed) {
        child.kill('SIGKILL');
        await exited;
      }
    }
    rmSync(dir, { recursive: true, force: true });
  };

  try {
    await until('to be ready', async () => ((await fetch(`${url}/-/ready`, { signal: AbortSignal.timeout(2000) })).ok ? true : undefined), opts.readyMs ?? 20_000);
  } catch (err) {
    await stop();
    throw err;
  }
  return {
    url,
    api,
    until,
    async query(expr) {
      const r = await api<{ result: PromSample[] }>(`/api/v1/query?query=${encodeURIComponent(expr)}`);
      if (r.status !== 'success') throw new Error(`query ${expr}: ${r.error ?? r.status}`);
      return r.data.result;
    },
    log: () => tail,
    stop,
  };
}
