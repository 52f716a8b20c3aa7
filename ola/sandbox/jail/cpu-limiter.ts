// one resident helper per jail runner that sets a jailed process's RLIMIT_CPU on request
// (cpu-limiter.c): the per-job limit used to start prlimit through setpriv, about 4 ms of the
// lab's cpu a job. requests are answered in order; a helper that died is started again.
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { createInterface } from 'node:readline';

interface Helper {
  child: ChildProcessWithoutNullStreams;
  /** requests sent to this helper, oldest first */
  pending: { resolve: () => void; reject: (err: Error) => void }[];
}

export class CpuLimiter {
  private helper?: Helper;
  private closed = false;

  /** `command`: the helper and its arguments (run as the jail's uid) */
  constructor(private readonly command: [string, string[]]) {}

  /** sets pid's RLIMIT_CPU to soft:hard seconds */
  set(pid: number, soft: number, hard: number): Promise<void> {
    if (this.closed) return Promise.reject(new Error('the cpu limiter is closed'));
    const h = this.started();
    return new Promise<void>((resolve, reject) => {
      h.pending.push({ resolve, reject });
      h.child.stdin.write(`${pid} ${soft} ${hard}\n`);
    });
  }

  private started(): Helper {
    if (this.helper) return this.helper;
    const [cmd, args] = this.command;
    const h: Helper = { child: spawn(cmd, args, { stdio: ['pipe', 'pipe', 'pipe'] }), pending: [] };
    this.helper = h;
    let stderr = '';
    h.child.stderr.on('data', (d: Buffer) => (stderr = (stderr + d.toString()).slice(-500)));
    createInterface({ input: h.child.stdout }).on('line', (line) => {
      const p = h.pending.shift();
      if (line === 'ok') p?.resolve();
      else p?.reject(new Error(`cannot set the jail's cpu limit: ${line.replace(/^err /, '')}`));
    });
    const gone = (why: string) => {
      if (this.helper === h) this.helper = undefined;
      for (const p of h.pending.splice(0)) p.reject(new Error(`the cpu limiter ${why}${stderr ? `: ${stderr.trim()}` : ''}`));
    };
    h.child.on('error', (err) => gone(`could not start (${err.message})`));
    h.child.on('exit', (code, signal) => gone(`exited (${signal ?? code})`));
    h.child.stdin.on('error', () => undefined);
    return h;
  }

  close(): void {
    this.closed = true;
    const h = this.helper;
    this.helper = undefined;
    h?.child.stdin.end();
    h?.child.kill();
  }
}
