// a throwaway redis for tests: redis-server on a free port, its data in a temp folder, in an
// append-only file (fsynced every second by default, as docs/workers.md recommends; `fsync:
// 'always'` on every write). `bind` picks the address (the netns test binds the veth's host side).
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createConnection } from 'node:net';
import { freePort } from './free-port.ts';

export interface TestRedis {
  url: string;
  port: number;
  /** kills the server (sigkill) and starts it again on the same port and data (`wipe`: without its data, as a host lost with it) */
  restart(opts?: { downMs?: number; wipe?: boolean }): Promise<void>;
  stop(): Promise<void>;
}

const BIN = ['/usr/bin/redis-server', '/usr/local/bin/redis-server'].find((p) => existsSync(p));

function answers(host: string, port: number, password?: string): Promise<boolean> {
  return new Promise((resolve) => {
    // AUTH as a resp array: a password may hold spaces
    const auth = password === undefined ? '' : `*2\r\n$4\r\nAUTH\r\n$${Buffer.byteLength(password)}\r\n${password}\r\n`;
    const s = createConnection({ host, port }, () => s.write(`${auth}PING\r\n`));
    let got = '';
    s.on('data', (d) => {
      got += d.toString();
      if (!got.includes('+PONG') && !got.startsWith('-')) return;
      s.destroy();
      resolve(got.includes('+PONG'));
    });
    s.on('error', () => resolve(false));
  });
}

export async function startRedis(opts: { bind?: string[]; fsync?: 'always' | 'everysec'; password?: string } = {}): Promise<TestRedis> {
  if (!BIN) throw new Error('redis-server is not installed (apt-get install redis-server; .ci/run does)');
  const dir = mkdtempSync(join(tmpdir(), 'ola-redis-'));
  const port = await freePort();
  const bind = opts.bind ?? ['127.0.0.1'];
  const args = ['--port', String(port), '--bind', ...bind, '--dir', dir, '--save', '', '--appendonly', 'yes', '--appendfsync', opts.fsync ?? 'everysec', '--maxmemory-policy', 'noeviction', '--protected-mode', 'no', ...(opts.password === undefined ? [] : ['--requirepass', opts.password])];
  let child: ChildProcess | undefined;
  const up = async () => {
    child = spawn(BIN, args, { stdio: 'ignore' });
    for (let i = 0; i < 200; i++) {
      if (await answers(bind[0]!, port, opts.password)) return;
      await new Promise((r) => setTimeout(r, 25));
    }
    // a server that never answered must not outlive the test
    child.kill('SIGKILL');
    throw new Error(`redis-server did not answer on ${bind[0]}:${port}`);
  };
  const down = async () => {
    const c = child;
    if (!c || c.exitCode !== null) return;
    await new Promise<void>((resolve) => {
      c.once('exit', () => resolve());
      c.kill('SIGKILL');
    });
  };
  await up();
  process.once('exit', () => child?.kill('SIGKILL'));
  return {
    url: `redis://${opts.password === undefined ? '' : `:${encodeURIComponent(opts.password)}@`}${bind[0]}:${port}`,
    port,
    async restart(o = {}) {
      await down();
      if (o.wipe) for (const f of readdirSync(dir)) rmSync(join(dir, f), { recursive: true, force: true });
      await new Promise((r) => setTimeout(r, o.downMs ?? 0));
      await up();
    },
    async stop() {
      await down();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/**
 * the same, started synchronously on a unix socket in a temp folder (for runner entries built
 * without awaiting, as tests/helpers/runners.ts's are); stop() kills it and removes the folder
 */
export function startRedisSync(): { socket: string; stop(): void } {
  if (!BIN) throw new Error('redis-server is not installed (apt-get install redis-server; .ci/run does)');
  const dir = mkdtempSync(join(tmpdir(), 'ola-redis-'));
  const socket = join(dir, 'redis.sock');
  const pidfile = join(dir, 'redis.pid');
  execFileSync(BIN, ['--port', '0', '--unixsocket', socket, '--dir', dir, '--save', '', '--appendonly', 'yes', '--maxmemory-policy', 'noeviction', '--daemonize', 'yes', '--pidfile', pidfile]);
  for (let i = 0; i < 200 && !(existsSync(socket) && existsSync(pidfile)); i++) execFileSync('sleep', ['0.025']);
  if (!existsSync(socket)) throw new Error('redis-server did not open its socket');
  const pid = Number(readFileSync(pidfile, 'utf8'));
  const stop = () => {
    try {
      process.kill(pid, 'SIGKILL');
    } catch {
      // gone already
    }
    rmSync(dir, { recursive: true, force: true });
  };
  process.once('exit', stop);
  return { socket, stop };
}
