// test-only raw mode: a payload runs as the container's own program (no validator, no v8
// context: full node apis, or a native binary), under the same spec as a job's container, to
// prove the container's walls hold on their own. nothing in the lab calls this.
import { chmodSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import type Docker from 'dockerode';
import { jailFiles } from '../jail/jail-files.ts';
import { seccompProfile } from './seccomp-profile.ts';
import { connect, engineState, type ContainerRuntime } from './engine.ts';
import { ensureImage } from './image.ts';
import { explainExit } from './launch.ts';
import { CONTAINER_LIMITS, containerSpec, type ContainerLimits } from './spec.ts';

export interface RawContainerOutcome {
  runtime: ContainerRuntime;
  code: number | null;
  oomKilled: boolean;
  stdout: string;
  stderr: string;
  /** the stage's explanation of a death (memory, rlimit) */
  verdict?: string;
  timedOut: boolean;
  /** the container was gone from the engine afterwards */
  removed: boolean;
}

let counter = 0;

/** runs `payload` (javascript, or a native binary's path with `native`) in a sandbox container */
export async function runRawContainer(
  payload: string,
  o: { native?: boolean; runtime?: ContainerRuntime; timeoutMs?: number; limits?: Partial<ContainerLimits>; args?: string[]; docker?: Docker } = {},
): Promise<RawContainerOutcome> {
  const docker = o.docker ?? connect();
  const engine = await engineState(docker, undefined, o.runtime ?? 'auto');
  if (!engine.ok) throw new Error(engine.reason);
  const image = (await ensureImage(docker, await jailFiles())).tag;
  const runtime = engine.runtime;
  const seccomp = seccompProfile(runtime);
  const limits = { ...CONTAINER_LIMITS, ...o.limits };
  const dir = mkdtempSync(join(tmpdir(), 'ola-raw-container-'));
  chmodSync(dir, 0o755);
  const src = o.native ? payload : join(dir, 'payload.mjs');
  if (!o.native) writeFileSync(src, payload, { mode: 0o644 });
  const inside = o.native ? '/ola/payload' : '/ola/payload.mjs';
  const cmd = o.native ? [inside, ...(o.args ?? [])] : ['/ola/node', '--no-node-snapshot', inside, ...(o.args ?? [])];
  const spec = containerSpec({ name: `organic-os-raw-${process.pid}-${++counter}`, image, runtime, seccomp, limits, owner: process.pid, cmd });
  spec.OpenStdin = spec.AttachStdin = spec.StdinOnce = false;
  spec.HostConfig = { ...spec.HostConfig, Binds: [`${src}:${inside}:ro`] };
  const c = await docker.createContainer(spec);
  try {
    const stream = await c.attach({ stream: true, stdout: true, stderr: true });
    let stdout = '';
    let stderr = '';
    const out = new PassThrough().on('data', (b: Buffer) => void (stdout.length < 1 << 20 && (stdout += b.toString('utf8'))));
    const err = new PassThrough().on('data', (b: Buffer) => void (stderr.length < 1 << 20 && (stderr += b.toString('utf8'))));
    docker.modem.demuxStream(stream, out, err);
    await c.start();
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      void c.kill().catch(() => undefined);
    }, o.timeoutMs ?? 20_000);
    const { StatusCode } = (await c.wait({ condition: 'not-running' })) as { StatusCode: number };
    clearTimeout(timer);
    const state = (await c.inspect()).State;
    // the last output may trail the exit a little
    await new Promise((r) => setTimeout(r, 100));
    const verdict = StatusCode === 0 ? undefined : explainExit(StatusCode, null, state.OOMKilled, stderr, limits).message;
    await c.remove({ force: true });
    const removed = await c.inspect().then(
      () => false,
      () => true,
    );
    return { runtime, code: StatusCode, oomKilled: state.OOMKilled, stdout, stderr, verdict, timedOut, removed };
  } finally {
    await c.remove({ force: true }).catch(() => undefined);
    rmSync(dir, { recursive: true, force: true });
  }
}
