// a memory and pids cgroup per jailed process: the real 512 MB bound (rlimit_as cannot give
// it: v8 reserves ~2 GiB of address space up front) and a process count bound. v1 (separate
// memory and pids hierarchies) and v2 (one unified hierarchy) are both handled.
import { existsSync, mkdirSync, readFileSync, rmdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

const ROOT = '/sys/fs/cgroup';
const GROUP = 'organic-os';

export interface CgroupLimits {
  memoryMb: number;
  pids: number;
}

export interface JailCgroup {
  /** the cgroup.procs files a process must join, before it starts anything */
  procsFiles: string[];
  /** kills every process in the group */
  killAll(): void;
  /** did the group hit its memory limit */
  hitMemoryLimit(): boolean;
  remove(): void;
}

function v2(): boolean {
  return existsSync(join(ROOT, 'cgroup.controllers'));
}

/** the parents our groups go under; throws with the reason when they cannot be made */
export function cgroupParents(): string[] {
  const parents = v2() ? [join(ROOT, GROUP)] : [join(ROOT, 'memory', GROUP), join(ROOT, 'pids', GROUP)];
  for (const p of parents) mkdirSync(p, { recursive: true });
  if (v2()) {
    // children of our group need the memory and pids controllers handed down
    const ctl = join(parents[0]!, 'cgroup.subtree_control');
    writeFileSync(ctl, '+memory +pids');
  }
  return parents;
}

let counter = 0;

export function createCgroup(limits: CgroupLimits): JailCgroup {
  const name = `jail-${process.pid}-${++counter}`;
  const dirs = cgroupParents().map((p) => join(p, name));
  for (const d of dirs) mkdirSync(d);
  const bytes = String(limits.memoryMb * 1024 * 1024);
  if (v2()) {
    writeFileSync(join(dirs[0]!, 'memory.max'), bytes);
    writeFileSync(join(dirs[0]!, 'memory.swap.max'), '0');
    writeFileSync(join(dirs[0]!, 'pids.max'), String(limits.pids));
  } else {
    writeFileSync(join(dirs[0]!, 'memory.limit_in_bytes'), bytes);
    writeFileSync(join(dirs[1]!, 'pids.max'), String(limits.pids));
  }
  const procsFiles = dirs.map((d) => join(d, 'cgroup.procs'));
  return {
    procsFiles,
    killAll() {
      for (const f of procsFiles) {
        for (const pid of read(f).split('\n').filter(Boolean)) {
          try {
            process.kill(Number(pid), 'SIGKILL');
          } catch {
            // already gone
          }
        }
      }
    },
    hitMemoryLimit() {
      if (v2()) return /oom_kill [1-9]/.test(read(join(dirs[0]!, 'memory.events')));
      return Number(read(join(dirs[0]!, 'memory.failcnt')) || 0) > 0;
    },
    remove() {
      // a group empties a moment after its last process is reaped: try a few times
      let tries = 0;
      const attempt = () => {
        const left = dirs.filter((d) => {
          try {
            rmdirSync(d);
            return false;
          } catch {
            return existsSync(d);
          }
        });
        if (left.length > 0 && ++tries < 20) setTimeout(attempt, 50 * tries).unref();
      };
      attempt();
    },
  };
}

function read(file: string): string {
  try {
    return readFileSync(file, 'utf8');
  } catch {
    return '';
  }
}
