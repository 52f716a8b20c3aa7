// the container stage's walls on their own: payloads run as the container's own program (raw
// mode: full node apis, or a native binary) under the stage's spec, with each runtime the
// engine offers (runsc, runc), beside a live lab whose storage holds a key. every attack is
// contained, each verdict is written to storage/test-results/hostile-container.json, no
// container is left behind, and the lab stays healthy with a registry that verifies.
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connect, engineState, type ContainerRuntime } from '../../ola/sandbox/container/engine.ts';
import { runRawContainer, type RawContainerOutcome } from '../../ola/sandbox/container/raw.ts';
import { CONTAINER_LIMITS } from '../../ola/sandbox/container/spec.ts';
import { hostileHost, type HostileHost } from '../helpers/hostile-host.ts';
import { syscallProbe } from '../helpers/syscall-probe.ts';
import type { TestLab } from '../helpers/test-lab.ts';

const CANARY = 'ola-canary-secret-c0n7';
const docker = connect();
const engine = await engineState(docker);
// the suite runs with each runtime the engine has; a host without docker fails the first test
const runtimes: ContainerRuntime[] = engine.ok ? (['runsc', 'runc'] as const).filter((r) => engine.runtimes.includes(r)) : ['runc'];
const verdicts: { runtime: ContainerRuntime; attack: string; contained: boolean; verdict: string }[] = [];

let h: HostileHost;
let t: TestLab;
let port: number;

beforeAll(async () => {
  h = await hostileHost(CANARY);
  t = h.t;
  port = h.port;
}, 60_000);

afterAll(async () => {
  await h.close();
  mkdirSync('storage/test-results', { recursive: true });
  writeFileSync('storage/test-results/hostile-container.json', `${JSON.stringify(verdicts, null, 2)}\n`);
});

function record(runtime: ContainerRuntime, attack: string, contained: boolean, r: RawContainerOutcome, what: string): void {
  verdicts.push({ runtime, attack, contained, verdict: `${what}${r.verdict ? `; ${r.verdict}` : ''}` });
}

const json = (r: RawContainerOutcome) => JSON.parse(r.stdout.trim().split('\n').pop() ?? '{}') as Record<string, unknown>;

describe.each(runtimes)('raw payloads in a %s container', (runtime) => {
  it('the engine is there with this runtime', () => {
    expect(engine.ok ? 'ok' : engine.reason).toBe('ok');
  });

  it('has no network: tcp to the host loopback fails, no interface but loopback', async () => {
    const r = await runRawContainer(
      `import net from 'node:net'; import os from 'node:os';
       let interfaces; try { interfaces = Object.keys(os.networkInterfaces()); } catch (e) { interfaces = e.code ?? e.message; }
       const tcp = await new Promise((res) => { const s = net.connect(${port}, '127.0.0.1'); s.on('data', (d) => res('reached:' + d)); s.on('error', (e) => res(e.code)); setTimeout(() => res('timeout'), 3000); });
       console.log(JSON.stringify({ interfaces, tcp })); process.exit(0);`,
      { runtime },
    );
    const x = json(r);
    expect(x.tcp).not.toMatch(/^reached/);
    expect(h.reached()).toBe(0);
    if (Array.isArray(x.interfaces)) expect(x.interfaces.filter((i) => i !== 'lo')).toEqual([]);
    record(runtime, 'network connection to the host', true, r, `tcp ${x.tcp}, interfaces ${JSON.stringify(x.interfaces)}`);
    expect(r.removed).toBe(true);
  });

  it('cannot reach the docker socket, the lab key, the repo or the host environment', async () => {
    const r = await runRawContainer(
      `import fs from 'node:fs'; import net from 'node:net';
       const ls = (p) => { try { return fs.readdirSync(p).join(','); } catch (e) { return e.code; } };
       const read = (p) => { try { return fs.readFileSync(p, 'utf8').slice(0, 40); } catch (e) { return e.code; } };
       const dockerConnect = await new Promise((res) => { const s = net.connect('/var/run/docker.sock'); s.on('connect', () => res('connected')); s.on('error', (e) => res(e.code)); });
       console.log(JSON.stringify({ dockerSock: fs.existsSync('/var/run/docker.sock') || fs.existsSync('/run/docker.sock'), containerd: fs.existsSync('/run/containerd/containerd.sock'), dockerConnect,
         shadow: read('/etc/shadow'), labkey: ls(${JSON.stringify(join(t.dir, 'keys'))}), repo: ls(${JSON.stringify(process.cwd())}), env: Object.keys(process.env), environ: read('/proc/1/environ'), uid: process.getuid() }));`,
      { runtime },
    );
    const x = json(r);
    expect(x).toMatchObject({ dockerSock: false, containerd: false, dockerConnect: 'ENOENT', shadow: 'ENOENT', labkey: 'ENOENT', repo: 'ENOENT', uid: 65534 });
    expect(r.stdout).not.toContain(CANARY);
    expect((x.env as string[]).filter((k) => !['PATH', 'HOSTNAME', 'HOME'].includes(k))).toEqual([]);
    record(runtime, 'docker socket, lab key, host environment', true, r, `docker socket ${x.dockerConnect}, key ${x.labkey}, env ${JSON.stringify(x.env)}`);
  });

  it('writes nowhere but /tmp, and /tmp stops at 32 MB', async () => {
    const r = await runRawContainer(
      `import fs from 'node:fs';
       const w = {}; for (const p of ['/ola/x', '/ola/node', '/etc/x', '/x', '/lib/x', '/dev/shm/x', '/tmp/x']) { try { fs.writeFileSync(p, 'x'); w[p] = 'written'; } catch (e) { w[p] = e.code; } }
       let mb = 0, big = null; const fd = fs.openSync('/tmp/big', 'w'); const chunk = Buffer.alloc(1 << 20, 7);
       try { for (; mb < 100; mb++) fs.writeSync(fd, chunk); } catch (e) { big = e.code; }
       console.log(JSON.stringify({ w, mb, big }));`,
      { runtime },
    );
    const x = json(r) as { w: Record<string, string>; mb: number; big: string };
    expect(Object.entries(x.w).filter(([, v]) => v === 'written').map(([k]) => k)).toEqual(['/tmp/x']);
    expect(x.mb).toBeLessThanOrEqual(CONTAINER_LIMITS.fileSizeMb);
    expect(x.big).toMatch(/EFBIG|ENOSPC/);
    record(runtime, 'write outside tmpfs, fill the disk', true, r, `outside: ${JSON.stringify(x.w)}; /tmp stopped at ${x.mb} MB with ${x.big}`);
  });

  it('contains a fork bomb (pids limit)', async () => {
    const r = await runRawContainer(
      `import { spawn } from 'node:child_process'; let n = 0; let err = null;
       for (let i = 0; i < 300; i++) { try { const c = spawn('/ola/node', ['-e', 'setTimeout(() => {}, 30000)'], { stdio: 'ignore' }); await new Promise((res, rej) => { c.once('spawn', res); c.once('error', rej); }); n++; } catch (e) { err = e.code; break; } }
       console.log(JSON.stringify({ spawned: n, err })); process.exit(0);`,
      { runtime, timeoutMs: 30_000 },
    );
    const x = r.stdout.includes('spawned') ? (json(r) as { spawned: number; err: string }) : undefined;
    // refused inside (EAGAIN), or (gvisor) the whole sandbox ended when its host threads hit the limit
    const contained = x ? x.spawned < 300 && x.err !== null : r.code !== 0;
    expect(contained, JSON.stringify(r)).toBe(true);
    expect(r.timedOut).toBe(false);
    expect(r.removed).toBe(true);
    record(runtime, 'fork bomb', contained, r, x ? `stopped after ${x.spawned} processes (${x.err})` : `the sandbox ended (exit ${r.code})`);
  });

  it('contains a thread bomb (pids limit)', async () => {
    const r = await runRawContainer(
      `const { Worker } = await import('node:worker_threads');
       let online = 0, failed = 0;
       for (let i = 0; i < 200; i++) { try { const w = new Worker('setInterval(() => {}, 1000)', { eval: true }); w.on('online', () => online++); w.on('error', () => failed++); } catch { failed++; } }
       await new Promise((r) => setTimeout(r, 3000));
       console.log(JSON.stringify({ online, failed })); process.exit(0);`,
      { runtime, timeoutMs: 30_000 },
    );
    const x = r.stdout.includes('online') ? (json(r) as { online: number; failed: number }) : undefined;
    // threads refused past the limit, or (gvisor) the sandbox ended
    const contained = x ? x.online < 200 && x.failed > 0 : r.code !== 0;
    expect(contained, JSON.stringify(r)).toBe(true);
    expect(r.removed).toBe(true);
    record(runtime, 'thread bomb', contained, r, x ? `${x.online} workers started, ${x.failed} refused` : `the sandbox ended (exit ${r.code})`);
  });

  it('contains a memory bomb (512 MB, no swap): the engine kills it', async () => {
    const r = await runRawContainer(`const keep = []; for (;;) keep.push(Buffer.alloc(16 << 20, 1));`, { runtime, timeoutMs: 30_000 });
    expect(r.oomKilled).toBe(true);
    expect(r.verdict).toMatch(/memory limit \(512 MB\)/);
    record(runtime, 'memory bomb', true, r, `oom killed (exit ${r.code})`);
  });

  it('gets EPERM for ptrace, mount, unshare, bpf, keyctl, perf, inet and netlink sockets', async () => {
    const { outcome: r, calls } = await syscallProbe(async (bin) => {
      const outcome = await runRawContainer(bin, { runtime, native: true, args: [String(process.pid)] });
      return { outcome, stdout: outcome.stdout };
    });
    expect(r.code, r.stderr).toBe(0);
    const denied = ['ptrace', 'mount', 'umount2', 'unshare', 'setns', 'keyctl', 'bpf', 'perf_event_open', 'kexec_load', 'reboot', 'swapon', 'init_module', 'chroot', 'pivot_root', 'socket_inet', 'socket_inet6', 'socket_netlink'];
    for (const call of denied) expect(calls[call], call).toMatchObject({ rc: -1, errno: 'EPERM' });
    expect(calls.socket_unix).toMatchObject({ rc: 0 });
    // the lab's pid is out of reach in the container's pid namespace
    expect(calls.kill_lab).toMatchObject({ rc: -1, errno: 'ESRCH' });
    record(runtime, 'ptrace, mount, unshare, bpf and friends', true, r, denied.map((c) => `${c} ${calls[c]?.errno}`).join(', '));
  });
});

describe('after the corpus', () => {
  it('leaves no container behind, and the lab stays healthy with a registry that verifies', async () => {
    const left = await docker.listContainers({ all: true, filters: { label: [`organic-os.owner=${process.pid}`] } });
    expect(left.map((c) => c.Names.join(','))).toEqual([]);
    expect((await t.app.inject({ url: '/healthz' })).json().status).toBe('ok');
    expect((await t.lab.store.verify({ full: true })).ok).toBe(true);
    expect(verdicts.every((v) => v.contained)).toBe(true);
  });
});
