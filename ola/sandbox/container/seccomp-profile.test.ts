import { describe, expect, it } from 'vitest';
import { seccompProfile } from './seccomp-profile.ts';

interface Rule {
  names: string[];
  action: string;
  errnoRet?: number;
  args?: { index: number; value: number; op: string }[];
}
const parse = (text: string) => JSON.parse(text) as { defaultAction: string; archMap: { subArchitectures: string[] }[]; syscalls: Rule[] };
const allowed = (p: ReturnType<typeof parse>) => new Set(p.syscalls.filter((r) => r.action === 'SCMP_ACT_ALLOW' && !r.args).flatMap((r) => r.names));

describe('seccomp/seccomp.json', () => {
  const runc = parse(seccompProfile('runc'));

  it('refuses by default, native architectures only', () => {
    expect(runc.defaultAction).toBe('SCMP_ACT_ERRNO');
    expect(runc.archMap.every((a) => a.subArchitectures.length === 0)).toBe(true);
  });

  it('allows none of the escape and kernel-surface calls', () => {
    const ok = allowed(runc);
    for (const call of ['ptrace', 'mount', 'umount2', 'pivot_root', 'unshare', 'setns', 'keyctl', 'add_key', 'bpf', 'perf_event_open', 'kexec_load', 'reboot', 'swapon', 'init_module', 'finit_module', 'delete_module', 'chroot', 'userfaultfd', 'process_vm_readv']) {
      expect(ok.has(call), call).toBe(false);
    }
  });

  it('allows sockets of the unix family only, and clone without namespace flags', () => {
    const socket = runc.syscalls.find((r) => r.names.includes('socket'))!;
    expect(socket.args).toEqual([{ index: 0, value: 1, op: 'SCMP_CMP_EQ' }]);
    const clone = runc.syscalls.find((r) => r.names.includes('clone'))!;
    expect(clone.args![0]).toMatchObject({ index: 0, value: 0x7e020000, op: 'SCMP_CMP_MASKED_EQ' });
  });

  it('answers clone3 with ENOSYS under runc, and allows it under runsc (whose seccomp ignores errnoRet)', () => {
    expect(runc.syscalls.find((r) => r.names.includes('clone3'))).toMatchObject({ action: 'SCMP_ACT_ERRNO', errnoRet: 38 });
    const runsc = parse(seccompProfile('runsc'));
    expect(allowed(runsc).has('clone3')).toBe(true);
    expect(runsc.syscalls.filter((r) => r.action === 'SCMP_ACT_ERRNO').some((r) => r.names.includes('clone3'))).toBe(false);
    // nothing else changes
    expect(allowed(runsc).size).toBe(allowed(runc).size + 1);
  });
});
