// starts one jailed process: joins its own memory and pids cgroups, takes its rlimits
// (prlimit), drops to nobody (setpriv, when the lab is root) and enters bubblewrap: every
// namespace unshared (no network), no /proc, a tmpfs /tmp, read-only binds of just what node
// needs, a seccomp filter, --die-with-parent --new-session --clearenv.
import { spawn, type ChildProcess, type StdioOptions } from 'node:child_process';
import { openSync, closeSync, readFileSync } from 'node:fs';
import type { ErrorCode } from '../../core/errors.ts';
import { createCgroup, type JailCgroup } from './cgroups.ts';
import type { CpuLimiter } from './cpu-limiter.ts';
import { IN_JAIL, type JailFiles } from './jail-files.ts';

export interface JailLimits {
  /** the cgroup's memory bound for the whole process */
  memoryMb: number;
  /** RLIMIT_AS: the smallest node starts with (v8 reserves its code range up front) */
  addressSpaceMb: number;
  /** RLIMIT_FSIZE */
  fileSizeMb: number;
  /** RLIMIT_NOFILE */
  openFiles: number;
  /** pids.max of the cgroup (threads count) */
  pids: number;
  /** RLIMIT_CPU's hard ceiling for the process's life; each job sets the soft limit to its budget */
  startCpuSeconds: number;
}

export const JAIL_LIMITS: JailLimits = { memoryMb: 512, addressSpaceMb: 2048, fileSizeMb: 32, openFiles: 64, pids: 32, startCpuSeconds: 600 };

const NOBODY = '65534';

export function asJailUid(cmd: string, args: string[]): [string, string[]] {
  return process.getuid?.() === 0 ? ['setpriv', [`--reuid=${NOBODY}`, `--regid=${NOBODY}`, '--clear-groups', '--', cmd, ...args]] : [cmd, args];
}

/** bubblewrap's arguments; the seccomp program is read from fd 4 */
export function bwrapArgs(files: JailFiles, entry: string[], env: Record<string, string>, extra: ExtraBinds = [], command: string = IN_JAIL.node): string[] {
  const binds = [...files.libs, [files.node, IN_JAIL.node], [files.ivm, IN_JAIL.ivm], [files.host, IN_JAIL.host], ...extra].flatMap(([src, dst]) => ['--ro-bind', src!, dst!]);
  const setenv = Object.entries(env).flatMap(([k, v]) => ['--setenv', k, v]);
  return [
    '--unshare-all',
    '--unshare-user',
    '--uid',
    NOBODY,
    '--gid',
    NOBODY,
    '--die-with-parent',
    '--new-session',
    '--clearenv',
    '--as-pid-1',
    '--cap-drop',
    'ALL',
    '--hostname',
    'jail',
    '--seccomp',
    '4',
    ...binds,
    '--tmpfs',
    '/tmp',
    '--dev',
    '/dev',
    // the root bubblewrap builds is a tmpfs of its own: make it read-only, /tmp stays writable
    '--remount-ro',
    '/',
    '--chdir',
    '/tmp',
    ...setenv,
    command,
    ...entry,
  ];
}

export interface Jailed {
  proc: ChildProcess;
  cgroup: JailCgroup;
  /** the last bytes the process wrote to stderr */
  stderrTail(): string;
  kill(): void;
  /** the jailed node's pid as the host sees it (bwrap's child) */
  innerPid(): number | undefined;
  /** sets RLIMIT_CPU to what the process has used plus `seconds` */
  limitCpuFromNow(seconds: number): Promise<void>;
  explain(code: number | null, signal: NodeJS.Signals | null): { code: ErrorCode; message: string } | undefined;
}

/** extra files bound into the jail (raw mode binds its payload) */
export type ExtraBinds = [string, string][];

export function launchJailed(
  files: JailFiles,
  limits: JailLimits,
  entry: string[],
  o: { ipc: boolean; env?: Record<string, string>; binds?: ExtraBinds; stdout?: 'ignore' | 'pipe'; command?: string; limiter?: CpuLimiter },
): Jailed {
  const cgroup = createCgroup({ memoryMb: limits.memoryMb, pids: limits.pids });
  const env = { ...(o.ipc ? { NODE_CHANNEL_FD: '3', NODE_CHANNEL_SERIALIZATION_MODE: 'advanced' } : {}), ...o.env };
  const args = bwrapArgs(files, entry, env, o.binds, o.command);
  const mb = (n: number) => String(n * 1024 * 1024);
  const prlimit = [
    'prlimit',
    `--cpu=${limits.startCpuSeconds}`,
    `--as=${mb(limits.addressSpaceMb)}`,
    `--fsize=${mb(limits.fileSizeMb)}`,
    `--nofile=${limits.openFiles}`,
    '--core=0',
    '--',
  ];
  const [first, rest] = asJailUid('bwrap', args);
  const dropped = [first, ...rest];
  // the shell joins the cgroups with its own pid, then becomes prlimit -> setpriv -> bwrap
  const join = cgroup.procsFiles.map((f, i) => `echo $$ > "$${i + 1}"`).join(' && ');
  const script = `${join} && shift ${cgroup.procsFiles.length} && exec "$@"`;
  const bpf = openSync(files.bpf, 'r');
  const stdio: StdioOptions = ['ignore', o.stdout ?? 'ignore', 'pipe', o.ipc ? 'ipc' : 'ignore', bpf];
  const proc = spawn('sh', ['-c', script, 'sh', ...cgroup.procsFiles, ...prlimit, ...dropped], {
    stdio,
    detached: true,
    ...(o.ipc ? { serialization: 'advanced' as const } : {}),
  });
  closeSync(bpf);
  let tail = '';
  proc.stderr?.on('data', (b: Buffer) => {
    tail = (tail + b.toString('utf8')).slice(-2048);
  });
  proc.on('error', () => undefined);
  const innerPid = (): number | undefined => {
    if (!proc.pid) return undefined;
    try {
      const kids = readFileSync(`/proc/${proc.pid}/task/${proc.pid}/children`, 'utf8').trim().split(/\s+/).filter(Boolean);
      return kids.length ? Number(kids[0]) : undefined;
    } catch {
      return undefined;
    }
  };
  return {
    proc,
    cgroup,
    stderrTail: () => tail,
    innerPid,
    kill() {
      try {
        if (proc.pid) process.kill(-proc.pid, 'SIGKILL');
      } catch {
        // the group is gone already
      }
      cgroup.killAll();
    },
    async limitCpuFromNow(seconds: number) {
      const pid = innerPid();
      if (!pid) throw new Error('the jailed process is not running');
      const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      // utime and stime, in clock ticks (100 per second on linux)
      const used = (Number(fields[11]) + Number(fields[12])) / 100;
      // the soft limit is the job's (SIGXCPU there); the hard limit stays the launch ceiling,
      // so a later job of the same artifact with a larger budget can still be given it
      const limit = Math.min(Math.ceil(used + seconds), limits.startCpuSeconds);
      // prlimit on another uid's process needs CAP_SYS_RESOURCE, which a container may not
      // grant: the same uid may always lower its own limits, so the resident limiter asks as that uid
      if (!o.limiter) throw new Error('the jail was launched without a cpu limiter');
      await o.limiter.set(pid, limit, limits.startCpuSeconds);
    },
    explain(code, signal) {
      // bubblewrap passes a signal death on as 128 + the signal number
      const sig = signal ?? (code !== null && code > 128 ? code - 128 : undefined);
      if (sig === 24 || sig === 'SIGXCPU') return { code: 'OLA_ERR_SANDBOX_TIMEOUT', message: 'killed by RLIMIT_CPU (SIGXCPU): the job used up its cpu seconds' };
      if (sig === 25 || sig === 'SIGXFSZ') return { code: 'OLA_ERR_SANDBOX_CRASH', message: `killed by RLIMIT_FSIZE (SIGXFSZ): a file grew past ${limits.fileSizeMb} MB` };
      if (/out of memory|allocation failed|heap limit|failed to reserve/i.test(tail)) {
        return { code: 'OLA_ERR_SANDBOX_MEMORY', message: `the jailed process ran out of memory (RLIMIT_AS ${limits.addressSpaceMb} MB or its heap limit) and died` };
      }
      if (cgroup.hitMemoryLimit()) return { code: 'OLA_ERR_SANDBOX_MEMORY', message: `the jail's memory cgroup (${limits.memoryMb} MB) was exhausted; the process was killed` };
      const why = tail.trim().split('\n').slice(-2).join(' | ');
      return { code: 'OLA_ERR_SANDBOX_CRASH', message: `the jailed process died (${signal ?? `exit ${code}`})${why ? `: ${why.slice(0, 300)}` : ''}` };
    },
  };
}
