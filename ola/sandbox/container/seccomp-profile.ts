// seccomp/seccomp.json as each runtime gets it. runc hands it to the host kernel as written.
// gvisor (--oci-seccomp) enforces it in its own kernel, but this runsc does not honour a rule's
// errnoRet: clone3's ENOSYS (which makes glibc fall back to clone, whose flags can be checked)
// comes back as EPERM and no thread starts. under runsc clone3 is therefore allowed: a
// namespace it could make would be gvisor's, inside the sandbox, not the host's.
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { ContainerRuntime } from './engine.ts';

export const SECCOMP_PROFILE = fileURLToPath(new URL('../../../seccomp/seccomp.json', import.meta.url));

interface Rule {
  names: string[];
  action: string;
  errnoRet?: number;
  args?: unknown[];
  comment?: string;
}

interface Profile {
  defaultAction: string;
  syscalls: Rule[];
  [k: string]: unknown;
}

/** the profile's json text for a runtime; throws when the file is missing or malformed */
export function seccompProfile(runtime: ContainerRuntime, path = SECCOMP_PROFILE): string {
  const profile = JSON.parse(readFileSync(path, 'utf8')) as Profile;
  if (typeof profile.defaultAction !== 'string' || !Array.isArray(profile.syscalls)) throw new Error(`${path} is not a docker seccomp profile`);
  if (runtime === 'runc') return JSON.stringify(profile);
  const syscalls = profile.syscalls.map((r) => (r.action === 'SCMP_ACT_ERRNO' && r.names.includes('clone3') ? { ...r, names: r.names.filter((n) => n !== 'clone3') } : r));
  syscalls.push({ names: ['clone3'], action: 'SCMP_ACT_ALLOW', comment: 'runsc only: see ola/sandbox/container/seccomp-profile.ts' });
  return JSON.stringify({ ...profile, syscalls: syscalls.filter((r) => r.names.length > 0) });
}
