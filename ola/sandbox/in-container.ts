// when the lab itself runs inside a container (compose.yml), the jail and container stages
// cannot run there; their probes say so, instead of naming a package to install.
import { execFile } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';

/** docker writes /.dockerenv, podman /run/.containerenv */
export function insideContainer(): boolean {
  return existsSync('/.dockerenv') || existsSync('/run/.containerenv');
}

const CAP_SYS_ADMIN = 21n;

/** CAP_SYS_ADMIN is in the effective set of this process */
export function hasSysAdmin(status = readFileSync('/proc/self/status', 'utf8')): boolean {
  const m = /^CapEff:\s*([0-9a-f]+)$/m.exec(status);
  return m ? ((BigInt(`0x${m[1]}`) >> CAP_SYS_ADMIN) & 1n) === 1n : false;
}

/** why no jail can be made here when the lab is in a container that forbids namespaces */
export async function namespaceWall(): Promise<string | undefined> {
  if (!insideContainer() || hasSysAdmin()) return undefined;
  // proof, not inference: try to make a user and a network namespace
  const refused = await new Promise<string | undefined>((resolve) => {
    execFile('unshare', ['--user', '--net', 'true'], { timeout: 5000 }, (err, _out, stderr) => {
      if (!err) resolve(undefined);
      else resolve((err as NodeJS.ErrnoException).code === 'ENOENT' ? 'unshare is not there to try' : stderr.trim() || err.message);
    });
  });
  if (refused === undefined) return undefined;
  return `the lab runs inside a container without CAP_SYS_ADMIN, where no namespace can be made (${refused}); the jail needs namespaces and its own cgroups, so it runs only with the lab on the host (docs/containers.md)`;
}

/** why there is no engine in the lab's own image (docker/Dockerfile.*, which sets OLA_CONTAINER) */
export function socketWall(socketPath: string, env: NodeJS.ProcessEnv = process.env): string | undefined {
  if (!env.OLA_CONTAINER) return undefined;
  return `no docker engine: the lab runs in its own container (${env.OLA_CONTAINER}) and no docker socket is mounted at ${socketPath} (compose.yml leaves it out on purpose: the socket is root on the host), so the container stage runs only with the lab on the host (docs/containers.md)`;
}
