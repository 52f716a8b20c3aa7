// starts one sandbox container through the engine api and hands the pool a ChildProcess that
// speaks the enum protocol: messages come from the container's stdout frames, send() writes
// frames to its stdin, 'exit' fires once the container has ended (and been inspected for an
// oom kill). kill() kills and removes the container; nothing is left running or stored.
import { ChildProcess } from 'node:child_process';
import { PassThrough } from 'node:stream';
import type Docker from 'dockerode';
import type { ContainerCreateOptions } from 'dockerode';
import type { ErrorCode } from '../../core/errors.ts';
import type { LaunchedChild } from '../child-pool.ts';
import { Msg } from '../protocol.ts';
import { encodeFrame, FrameDecoder } from './frames.ts';
import type { ContainerLimits } from './spec.ts';

export interface LaunchedContainer extends LaunchedChild {
  /** the container's name (known before it exists) */
  name: string;
  /** resolves once the container has been removed */
  removed(): Promise<void>;
  /** where it stands, in a few words (a stuck close says it) */
  state(): string;
}

export interface LaunchOptions {
  /** a container that does not say ready by then is killed */
  readyTimeoutMs: number;
  limits: ContainerLimits;
  /** after a kill, the exit the pool hears if the engine never reports one (default 20 s) */
  exitFallbackMs?: number;
}

/** an exit, when the engine cannot tell us one: after a kill, after this long */
const EXIT_FALLBACK_MS = 20_000;

export function launchContainer(docker: Docker, spec: ContainerCreateOptions & { name: string }, o: LaunchOptions): LaunchedContainer {
  const proc = new ChildProcess();
  const decoder = new FrameDecoder();
  let container: Docker.Container | undefined;
  let stream: NodeJS.ReadWriteStream | undefined;
  let killed = false;
  let exited = false;
  let ready = false;
  let oom = false;
  let tail = '';
  let removal: Promise<void> | undefined;
  let fallback: NodeJS.Timeout | undefined;
  /** the engine call start() waits on */
  let step = 'create';

  const note = (text: string) => (tail = (tail + text).slice(-2048));
  const exit = (code: number | null, signal: NodeJS.Signals | null) => {
    if (exited) return;
    exited = true;
    clearTimeout(readyTimer);
    clearTimeout(fallback);
    proc.emit('exit', code, signal);
  };
  // nothing to remove until the engine has made it (start() removes it then, if killed)
  const remove = (): Promise<void> => {
    if (!container) return Promise.resolve();
    removal ??= container.remove({ force: true }).then(
      () => undefined,
      () => undefined,
    );
    return removal;
  };
  const kill = () => {
    if (killed) return;
    killed = true;
    if (container) void remove();
    // the engine may never answer: the pool still hears an exit. referenced: a close waiting for
    // this exit may be all that is left (an unreferenced timer let node's loop empty mid-close)
    fallback = setTimeout(() => exit(null, 'SIGKILL'), o.exitFallbackMs ?? EXIT_FALLBACK_MS);
  };
  const readyTimer = setTimeout(() => {
    if (!ready) {
      note(`\nno ready message within ${o.readyTimeoutMs} ms`);
      kill();
    }
  }, o.readyTimeoutMs);
  readyTimer.unref();

  Object.assign(proc, {
    send(message: unknown, ...rest: unknown[]): boolean {
      const done = rest.find((x): x is (err: Error | null) => void => typeof x === 'function');
      if (!stream || exited) {
        kill();
        done?.(null);
        return false;
      }
      stream.write(encodeFrame(message), (err?: Error | null) => done?.(err ?? null));
      return true;
    },
  });

  const onFrames = (chunk: Buffer) => {
    let messages: unknown[];
    try {
      messages = decoder.push(chunk);
    } catch (err) {
      note(`\nbroken frame stream: ${(err as Error).message}`);
      return kill();
    }
    for (const m of messages) {
      if ((m as { kind?: number }).kind === Msg.Ready) ready = true;
      proc.emit('message', m);
    }
  };

  // killed while it was being made: it goes before anyone hears the exit
  const gone = async () => {
    await remove();
    exit(null, 'SIGKILL');
  };
  const start = async () => {
    container = await docker.createContainer(spec);
    if (killed) return gone();
    step = 'attach';
    stream = await container.attach({ stream: true, stdin: true, stdout: true, stderr: true, hijack: true });
    stream.on('error', () => undefined);
    const out = new PassThrough();
    const err = new PassThrough();
    out.on('data', onFrames);
    err.on('data', (b: Buffer) => note(b.toString('utf8')));
    docker.modem.demuxStream(stream, out, err);
    if (killed) return gone();
    step = 'start';
    await container.start();
    step = 'wait';
    // after start, 'not-running' answers at once for a container that has already ended
    const done = (await container.wait({ condition: 'not-running' })) as { StatusCode?: number };
    step = 'inspect';
    try {
      oom = (await container.inspect()).State.OOMKilled;
    } catch {
      // removed already (killed)
    }
    exit(done.StatusCode ?? null, null);
  };
  start().catch((err: Error) => {
    note(`\n${killed ? 'killed' : 'the container could not run'}: ${err.message}`);
    exit(killed ? null : 125, killed ? 'SIGKILL' : null);
  });

  return {
    proc,
    name: spec.name,
    kill,
    removed: () => (exited ? remove() : new Promise<void>((resolve) => proc.once('exit', () => void remove().then(resolve)))),
    cleanup: () => void remove(),
    state: () => `${spec.name} ${exited ? 'exited' : `${killed ? 'killed, ' : ''}waiting on the engine's ${step}`}${removal ? ', removal asked' : ''}`,
    explain: (code, signal) => explainExit(code, signal, oom, tail, o.limits),
  };
}

export function explainExit(code: number | null, signal: NodeJS.Signals | null, oom: boolean, tail: string, limits: ContainerLimits): { code: ErrorCode; message: string } {
  if (oom) return { code: 'OLA_ERR_SANDBOX_MEMORY', message: `the container's memory limit (${limits.memoryMb} MB) was exhausted; the engine killed it` };
  // an exit status past 128 is a death by signal
  if (code === 128 + 24) return { code: 'OLA_ERR_SANDBOX_TIMEOUT', message: `killed by RLIMIT_CPU (SIGXCPU): the container used up its ${limits.cpuSeconds} cpu seconds` };
  if (code === 128 + 25) return { code: 'OLA_ERR_SANDBOX_CRASH', message: `killed by RLIMIT_FSIZE (SIGXFSZ): a file grew past ${limits.fileSizeMb} MB` };
  if (/out of memory|allocation failed|heap limit/i.test(tail)) return { code: 'OLA_ERR_SANDBOX_MEMORY', message: 'the sandboxed process ran out of memory and died' };
  const why = tail.trim().split('\n').slice(-2).join(' | ');
  return { code: 'OLA_ERR_SANDBOX_CRASH', message: `the container died (${signal ?? `exit ${code}`})${why ? `: ${why.slice(0, 300)}` : ''}` };
}
