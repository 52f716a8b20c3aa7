// the jail's operating-system walls on their own: payloads run as the jailed process's own
// program (raw mode: full node apis, or a native binary), with a live lab beside them whose
// storage holds a key. every attack is contained, the lab stays healthy, its registry verifies.
import { execFile } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runRaw } from '../../ola/sandbox/jail/raw.ts';
import { hostileHost, type HostileHost } from '../helpers/hostile-host.ts';
import { syscallProbe } from '../helpers/syscall-probe.ts';
import type { TestLab } from '../helpers/test-lab.ts';

const run = promisify(execFile);
let h: HostileHost;
let t: TestLab;
let port: number;
const CANARY = 'ola-canary-secret-9f3e';

beforeAll(async () => {
  h = await hostileHost(CANARY);
  t = h.t;
  port = h.port;
}, 60_000);
afterAll(() => h.close());

/** a payload that reports each attempt as one json line */
const probe = (body: string) => `
const out = (what, f) => { try { const r = f(); out.list.push({ what, ok: true, r: String(r).slice(0, 80) }); } catch (e) { out.list.push({ what, ok: false, code: e.code ?? e.message }); } };
out.list = [];
${body}
process.stdout.write(JSON.stringify(out.list));`;

function results(stdout: string): Record<string, { ok: boolean; code?: string; r?: string }> {
  return Object.fromEntries((JSON.parse(stdout) as { what: string; ok: boolean; code?: string; r?: string }[]).map((x) => [x.what, x]));
}

describe('raw payloads in the jail', () => {
  it('cannot read /etc/shadow, the lab key, the repo, or the host environment', async () => {
    const key = join(t.dir, 'keys');
    const r = await runRaw(
      probe(`
      const fs = await import('node:fs');
      out('shadow', () => fs.readFileSync('/etc/shadow', 'utf8'));
      out('labkey', () => fs.readdirSync(${JSON.stringify(key)}));
      out('storage', () => fs.readdirSync(${JSON.stringify(t.dir)}));
      out('repo', () => fs.readdirSync(${JSON.stringify(process.cwd())}));
      out('proc', () => fs.readdirSync('/proc'));
      out('root', () => fs.readdirSync('/').join(','));
      out('env', () => JSON.stringify(process.env));
      out('docker', () => fs.statSync('/var/run/docker.sock'));`),
    );
    expect(r.code).toBe(0);
    const x = results(r.stdout);
    for (const what of ['shadow', 'labkey', 'storage', 'repo', 'proc', 'docker']) expect(x[what], what).toMatchObject({ ok: false, code: 'ENOENT' });
    expect(x.root!.r!.split(',').sort()).toEqual(['dev', 'lib', 'lib64', 'ola', 'tmp']);
    expect(x.env!.r).not.toContain(CANARY);
  });

  it('has no network: tcp to the host, udp and dns all fail', async () => {
    const r = await runRaw(`
      const net = await import('node:net'); const dgram = await import('node:dgram'); const dns = await import('node:dns');
      const tcp = await new Promise((res) => { const s = net.connect(${port}, '127.0.0.1'); s.on('data', (d) => res('reached:' + d)); s.on('error', (e) => res(e.code)); });
      const udp = await new Promise((res) => { try { const s = dgram.createSocket('udp4'); s.on('error', (e) => res(e.code)); s.send('x', ${port}, '127.0.0.1', (e) => res(e ? e.code : 'sent')); } catch (e) { res(e.code); } });
      const name = await dns.promises.lookup('localhost').then(() => 'resolved', (e) => e.code);
      process.stdout.write(JSON.stringify({ tcp, udp, name }));`);
    const x = JSON.parse(r.stdout) as Record<string, string>;
    expect(x.tcp).not.toMatch(/^reached/);
    expect(h.reached()).toBe(0);
    expect(x.tcp).toMatch(/EAFNOSUPPORT|ENETUNREACH|ECONNREFUSED/);
    expect(x.udp).not.toBe('sent');
    expect(x.name).not.toBe('resolved');
  });

  it('cannot start processes: fork, spawn and exec fail', async () => {
    const r = await runRaw(
      probe(`
      const cp = await import('node:child_process');
      out('spawnSync', () => { const s = cp.spawnSync('/ola/node', ['-e', '0']); if (s.error) throw s.error; return s.status; });
      out('execSync', () => cp.execSync('echo hi'));`),
    );
    const x = results(r.stdout);
    expect(x.spawnSync!.ok).toBe(false);
    expect(x.execSync!.ok).toBe(false);
  });

  it('contains a thread bomb (address-space limit, pids cgroup)', async () => {
    const r = await runRaw(
      `const { Worker } = await import('node:worker_threads');
       process.stderr.write('payload started\n');
       let made = 0, refused = '';
       for (let i = 0; i < 200; i++) { try { new Worker('setInterval(() => {}, 1000)', { eval: true }); made++; } catch (e) { refused = e.code ?? e.message; break; } }
       await new Promise((r) => setTimeout(r, 1500));
       process.stdout.write(JSON.stringify({ made, refused })); process.exit(0);`,
      { timeoutMs: 20_000 },
    );
    // the payload ran; then either thread creation was refused or the process was killed
    expect(r.stderr).toContain('payload started');
    const report = r.stdout ? (JSON.parse(r.stdout) as { made: number; refused: string }) : undefined;
    const contained = report ? report.made < 200 && report.refused !== '' : r.code !== 0;
    expect(contained, `${r.code} ${r.stdout} ${r.stderr.slice(-200)}`).toBe(true);
    // a worker reserves its own code range: the address-space limit stops them before pids do
    if (!report) expect(r.verdict).toMatch(/memory|RLIMIT|died/);
  });

  it('cannot fill the disk: files stop at RLIMIT_FSIZE and the root is read-only', async () => {
    const r = await runRaw(
      probe(`
      const fs = await import('node:fs');
      process.on('SIGXFSZ', () => {});
      out('big', () => { const fd = fs.openSync('/tmp/big', 'w'); const mb = Buffer.alloc(1 << 20); for (let i = 0; i < 64; i++) fs.writeSync(fd, mb); return 'wrote 64 MB'; });
      out('outside', () => fs.writeFileSync('/ola/x', 'x'));
      out('rootfile', () => fs.writeFileSync('/x', 'x'));`),
    );
    const x = r.stdout ? results(r.stdout) : {};
    // the 33rd megabyte fails (EFBIG), or the process dies of SIGXFSZ
    if (r.stdout) {
      expect(x.big).toMatchObject({ ok: false, code: 'EFBIG' });
      expect(x.outside!.ok).toBe(false);
      expect(x.rootfile!.ok).toBe(false);
    } else expect(r.verdict).toMatch(/RLIMIT_FSIZE/);
  });

  it('gets EPERM (or no such call) for ptrace, mount, unshare, bpf, keyctl, perf and friends', async () => {
    const { outcome: r, calls } = await syscallProbe(async (bin) => {
      const outcome = await runRaw(bin, { native: true, args: [String(process.pid)] });
      return { outcome, stdout: outcome.stdout };
    });
    expect(r.code, r.stderr).toBe(0);
    for (const denied of ['ptrace', 'mount', 'umount2', 'unshare', 'setns', 'keyctl', 'bpf', 'perf_event_open', 'kexec_load', 'reboot', 'swapon', 'init_module', 'chroot', 'pivot_root', 'fork', 'clone_process']) {
      expect(calls[denied], denied).toMatchObject({ rc: -1, errno: 'EPERM' });
    }
    for (const family of ['socket_inet', 'socket_inet6', 'socket_netlink']) expect(calls[family], family).toMatchObject({ rc: -1, errno: 'EAFNOSUPPORT' });
    expect(calls.socket_unix).toMatchObject({ rc: 0 });
    expect(calls.kill_lab).toMatchObject({ rc: -1, errno: 'ESRCH' });
  });

  it('leaves no process behind, and the lab stays healthy with a registry that verifies', async () => {
    // this lab's jails (named by its pid): another lab on the host has its own
    const left = readdirSync('/sys/fs/cgroup/pids/organic-os', { withFileTypes: true }).filter((d) => d.isDirectory() && d.name.startsWith(`jail-${process.pid}-`));
    for (const d of left) expect(await run('cat', [join('/sys/fs/cgroup/pids/organic-os', d.name, 'cgroup.procs')]).then((o) => o.stdout.trim())).toBe('');
    expect((await t.app.inject({ url: '/healthz' })).json().status).toBe('ok');
    expect((await t.lab.store.verify({ full: true })).ok).toBe(true);
  });
});
