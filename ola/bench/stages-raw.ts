// the raw tools bench:stages sets each stage beside: a bare bubblewrap spawn of node (the
// jail's own arguments, no pool, no cgroup, no rlimits) and a bare `docker run --rm` of node
// in the sandbox image, with runc and with runsc.
import { spawn } from 'node:child_process';
import { closeSync, mkdtempSync, openSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { JailFiles } from '../sandbox/jail/jail-files.ts';
import { bwrapArgs } from '../sandbox/jail/launch.ts';
import type { ContainerRuntime } from '../sandbox/container/engine.ts';
import { IN_IMAGE } from '../sandbox/container/image.ts';
import { seccompProfile } from '../sandbox/container/seccomp-profile.ts';

function exitOf(cmd: string, args: string[], stdio: ('ignore' | 'pipe' | number)[]): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(cmd, args, { stdio });
    let err = '';
    child.stderr?.on('data', (b: Buffer) => (err += b.toString('utf8')));
    child.on('error', reject);
    child.on('exit', (code) => (code === 0 ? resolve() : reject(new Error(`${cmd} exited ${code}: ${err.trim().slice(-300)}`))));
  });
}

/** `bwrap <the jail's arguments> node -e 0`, its seccomp program on fd 4 */
export function bareBwrap(files: JailFiles): () => Promise<void> {
  const args = bwrapArgs(files, ['-e', '0'], {});
  return async () => {
    const bpf = openSync(files.bpf, 'r');
    try {
      await exitOf('bwrap', args, ['ignore', 'ignore', 'pipe', 'ignore', bpf]);
    } finally {
      closeSync(bpf);
    }
  };
}

/** `docker run --rm --runtime <r> --network none <image> node -e 0`, no new privileges and the stage's seccomp
 * profile for that runtime (under runsc --oci-seccomp, docker's default one stops threads) */
export function bareDockerRun(image: string, runtime: ContainerRuntime): () => Promise<void> {
  const profile = join(mkdtempSync(join(tmpdir(), 'ola-bench-')), `seccomp-${runtime}.json`);
  writeFileSync(profile, seccompProfile(runtime));
  const args = ['run', '--rm', '--runtime', runtime, '--network', 'none', '--label', 'organic-os=1', '--security-opt', 'no-new-privileges', '--security-opt', `seccomp=${profile}`, image, IN_IMAGE.node, '-e', '0'];
  return () => exitOf('docker', args, ['ignore', 'ignore', 'pipe']);
}
