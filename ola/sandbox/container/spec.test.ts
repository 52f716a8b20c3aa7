import { describe, expect, it } from 'vitest';
import { CONTAINER_LIMITS, containerSpec, HOST_CMD } from './spec.ts';

describe('the sandbox container spec', () => {
  const spec = containerSpec({ name: 'organic-os-test', image: 'organic-os/sandbox:x', runtime: 'runc', seccomp: '{"defaultAction":"SCMP_ACT_ERRNO"}', limits: CONTAINER_LIMITS, owner: 42 });
  const hc = spec.HostConfig!;

  it('drops every capability, freezes the root, forbids new privileges and the network', () => {
    expect(hc).toMatchObject({ Runtime: 'runc', CapDrop: ['ALL'], ReadonlyRootfs: true, NetworkMode: 'none', Privileged: false, IpcMode: 'none' });
    expect(spec.NetworkDisabled).toBe(true);
    expect(hc.SecurityOpt).toEqual(['no-new-privileges', 'seccomp={"defaultAction":"SCMP_ACT_ERRNO"}']);
    expect(hc.CapAdd).toBeUndefined();
    expect(hc.Binds).toBeUndefined();
  });

  it('bounds memory without swap, pids, cpu, /tmp and files, as nobody with an empty environment', () => {
    expect(hc.Memory).toBe(512 * 1024 * 1024);
    expect(hc.MemorySwap).toBe(hc.Memory);
    expect(hc.PidsLimit).toBe(CONTAINER_LIMITS.pids);
    expect(hc.NanoCpus).toBe(1e9);
    expect(hc.Tmpfs).toEqual({ '/tmp': 'rw,noexec,nosuid,nodev,size=32m,mode=1777' });
    expect(hc.Ulimits).toEqual(
      expect.arrayContaining([
        { Name: 'fsize', Soft: 32 * 1024 * 1024, Hard: 32 * 1024 * 1024 },
        { Name: 'nofile', Soft: 64, Hard: 64 },
        { Name: 'cpu', Soft: CONTAINER_LIMITS.cpuSeconds, Hard: CONTAINER_LIMITS.cpuSeconds },
      ]),
    );
    expect(spec.User).toBe('65534:65534');
    expect(spec.Env).toEqual([]);
    expect(spec.Cmd).toEqual(HOST_CMD);
    expect(spec.Labels).toMatchObject({ 'organic-os': '1', 'organic-os.owner': '42' });
    // frames on stdout must not be copied to a log file
    expect(hc.LogConfig?.Type).toBe('none');
  });
});
