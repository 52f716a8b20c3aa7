// builds tests/hostile/syscall-probe.c in a folder a sandbox's nobody can reach, runs it
// through the given sandbox, and reads back what each forbidden call returned.
import { execFile } from 'node:child_process';
import { chmodSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';

const run = promisify(execFile);
const SOURCE = fileURLToPath(new URL('../hostile/syscall-probe.c', import.meta.url));

export interface ProbeCall {
  call: string;
  rc: number;
  errno: string;
}

export interface ProbeRun<R> {
  /** what the sandbox returned, as the caller's runner reports it */
  outcome: R;
  calls: Record<string, ProbeCall>;
}

/** `inSandbox` runs the binary (its path on the host) and returns its outcome and stdout */
export async function syscallProbe<R>(inSandbox: (bin: string) => Promise<{ outcome: R; stdout: string }>): Promise<ProbeRun<R>> {
  const dir = mkdtempSync(join(tmpdir(), 'ola-probe-'));
  chmodSync(dir, 0o755);
  try {
    const bin = join(dir, 'probe');
    await run('gcc', ['-O2', '-o', bin, SOURCE]);
    const { outcome, stdout } = await inSandbox(bin);
    const lines = stdout.trim().split('\n').filter(Boolean);
    const calls = Object.fromEntries(lines.map((l) => JSON.parse(l) as ProbeCall).map((c) => [c.call, c]));
    return { outcome, calls };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
