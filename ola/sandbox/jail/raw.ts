// test-only raw mode: a payload runs as the jailed process's own program (no validator, no
// v8 context, full node apis, or a native binary), to prove the operating-system walls hold
// on their own. nothing in the lab calls this; tests/hostile/ does.
import { chmodSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { jailFiles } from './jail-files.ts';
import { JAIL_LIMITS, launchJailed, type JailLimits } from './launch.ts';

export interface RawOutcome {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
  /** the jail's own explanation of a death (rlimit, cgroup) */
  verdict?: string;
  timedOut: boolean;
}

/** runs `payload` (javascript, or a native binary's path with `native`) inside a jail */
export async function runRaw(payload: string, o: { native?: boolean; timeoutMs?: number; limits?: Partial<JailLimits>; args?: string[] } = {}): Promise<RawOutcome> {
  const files = await jailFiles();
  const dir = mkdtempSync(join(tmpdir(), 'ola-raw-'));
  // the jail enters as nobody: it must be able to reach the payload to bind it
  chmodSync(dir, 0o755);
  const src = o.native ? payload : join(dir, 'payload.mjs');
  if (!o.native) writeFileSync(src, payload, { mode: 0o644 });
  const inJail = o.native ? '/ola/payload' : '/ola/payload.mjs';
  const limits = { ...JAIL_LIMITS, ...o.limits };
  const entry = o.native ? (o.args ?? []) : ['--no-node-snapshot', inJail, ...(o.args ?? [])];
  const j = launchJailed(files, limits, entry, { ipc: false, binds: [[src, inJail]], stdout: 'pipe', command: o.native ? inJail : undefined });
  let stdout = '';
  j.proc.stdout?.on('data', (b: Buffer) => {
    if (stdout.length < 1 << 20) stdout += b.toString('utf8');
  });
  let timedOut = false;
  const timer = setTimeout(() => {
    timedOut = true;
    j.kill();
  }, o.timeoutMs ?? 20_000);
  return new Promise((resolve) => {
    j.proc.on('exit', (code, signal) => {
      // bubblewrap's own complaints mean the payload never ran: a broken test, not a verdict
      if (/^bwrap: /m.test(j.stderrTail())) throw new Error(`the jail did not start: ${j.stderrTail()}`);
      clearTimeout(timer);
      const verdict = code === 0 ? undefined : j.explain(code, signal)?.message;
      // anything left in its cgroups goes too
      j.kill();
      j.cgroup.remove();
      rmSync(dir, { recursive: true, force: true });
      setImmediate(() => resolve({ code, signal, stdout, stderr: j.stderrTail(), verdict, timedOut }));
    });
  });
}
