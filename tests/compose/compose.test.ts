// the lab itself in compose, for real: the base image from debootstrap (docker/build-base.sh),
// the lab image from docker/Dockerfile.cpu, `docker-compose up` on a free port with a storage
// folder of its own; the lab answers /healthz, gates the clock baseline, runs with the
// hardening compose.yml asks for, and reports the jail and container stages unavailable with
// their reasons. the project is taken down in afterAll whatever happened.
import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freePort } from '../helpers/free-port.ts';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const PROJECT = `ola-compose-test-${process.pid}-${Date.now().toString(36)}`;
const BASELINE = readFileSync(join(ROOT, 'ola/niches/clock/baseline.js'), 'utf8');
// the first base build runs debootstrap: minutes, not seconds
const BUILD_MS = 20 * 60_000;
const HEALTH_MS = 120_000;
const GATE_MS = 180_000;

interface Done {
  code: number;
  out: string;
}

/** runs a command to its end (bounded), never throws: the caller reads code and output */
function sh(cmd: string, args: string[], opts: { env?: NodeJS.ProcessEnv; timeoutMs?: number } = {}): Promise<Done> {
  return new Promise((resolve) => {
    execFile(cmd, args, { cwd: ROOT, env: { ...process.env, ...opts.env }, timeout: opts.timeoutMs ?? 60_000, killSignal: 'SIGKILL', maxBuffer: 32 << 20 }, (err, stdout, stderr) => {
      const code = err ? (typeof err.code === 'number' ? err.code : 1) : 0;
      resolve({ code, out: `${stdout}${stderr}${err && typeof err.code !== 'number' ? `\n${err.message}` : ''}` });
    });
  });
}

async function must(what: string, cmd: string, args: string[], opts?: Parameters<typeof sh>[2]): Promise<string> {
  const r = await sh(cmd, args, opts);
  if (r.code !== 0) throw new Error(`${what} failed (exit ${r.code}):\n${r.out.slice(-4000)}`);
  return r.out;
}


const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

let port = 0;
let storage = '';
let env: NodeJS.ProcessEnv = {};
let started = false;
const compose = (args: string[], timeoutMs?: number) => sh('docker-compose', ['-p', PROJECT, '-f', 'compose.yml', ...args], { env, timeoutMs });

async function api<T = Record<string, unknown>>(path: string, init?: RequestInit): Promise<{ status: number; body: T }> {
  const res = await fetch(`http://127.0.0.1:${port}${path}`, { ...init, signal: AbortSignal.timeout(10_000) });
  return { status: res.status, body: (await res.json()) as T };
}

// a setup failure fails every test with its message (a failed beforeAll would count them skipped)
let setupError: Error | undefined;
function ready(): void {
  if (setupError) throw setupError;
}

async function setUp(): Promise<void> {
  // ci installs both (docker.io, docker-compose): a missing tool is a failure, not a skip
  for (const [tool, pkg] of [['docker', 'docker.io'], ['docker-compose', 'docker-compose']] as const) {
    const r = await sh('sh', ['-c', `command -v ${tool}`]);
    if (r.code !== 0) throw new Error(`${tool} is not installed: apt-get install ${pkg} (the compose test runs the lab in docker for real)`);
  }
  const info = await sh('docker', ['info', '--format', '{{.ServerVersion}}'], { timeoutMs: 15_000 });
  if (info.code !== 0) throw new Error(`the docker engine does not answer (start it: bash docker/start-dockerd.sh):\n${info.out}`);

  await must('docker/build-base.sh', 'bash', ['docker/build-base.sh'], { timeoutMs: BUILD_MS });
  port = await freePort();
  storage = mkdtempSync(join(tmpdir(), 'ola-compose-storage-'));
  env = { OLA_PORT: String(port), OLA_STORAGE_DIR: storage, OLA_BIND: '127.0.0.1' };
  await must('docker-compose build', 'docker-compose', ['-p', PROJECT, '-f', 'compose.yml', 'build'], { env, timeoutMs: 300_000 });
  started = true;
  await must('docker-compose up', 'docker-compose', ['-p', PROJECT, '-f', 'compose.yml', 'up', '-d'], { env, timeoutMs: 180_000 });

  const until = Date.now() + HEALTH_MS;
  let last = '';
  while (Date.now() < until) {
    try {
      const h = await api('/healthz');
      if (h.status === 200) return;
      last = `status ${h.status}`;
    } catch (err) {
      last = (err as Error).message;
    }
    await sleep(1000);
  }
  const logs = await compose(['logs', '--no-color', '--tail', '60']);
  throw new Error(`the lab in compose did not answer /healthz within ${HEALTH_MS / 1000}s (${last}); its log:\n${logs.out}`);
}

beforeAll(async () => {
  setupError = await setUp().then(() => undefined, (err: Error) => err);
}, BUILD_MS + 10 * 60_000);

afterAll(async () => {
  if (started) {
    const down = await compose(['down', '-v', '--remove-orphans', '--timeout', '10'], 120_000);
    if (down.code !== 0) console.error(`docker-compose down failed:\n${down.out}`);
  }
  // the lab wrote these as root in the container; the test runs as root too
  if (storage) rmSync(storage, { recursive: true, force: true });
}, 180_000);

describe('the images', () => {
  it('are made here, not pulled, and the base is built once per content', async () => {
    ready();
    const again = await must('docker/build-base.sh', 'bash', ['docker/build-base.sh'], { timeoutMs: 30_000 });
    expect(again).toMatch(/organic-os\/base:[0-9a-f]{16} present, tagged organic-os\/base:local/);
    for (const tag of ['organic-os/base:local', 'organic-os/lab:cpu']) {
      const [img] = JSON.parse(await must('docker image inspect', 'docker', ['image', 'inspect', tag])) as { RepoDigests: string[]; Config: { Labels: Record<string, string> } }[];
      // a pulled image carries the digest of its registry
      expect(img!.RepoDigests, tag).toEqual([]);
      expect(img!.Config.Labels['organic-os'], tag).toBe('1');
    }
  });
});

describe('the lab in compose', () => {
  it('answers /healthz with the isolate stage available', async () => {
    ready();
    const h = await api<{ status: string; sandbox: { stage: string; available: boolean }; registry: { storage: string } }>('/healthz');
    expect(h.status).toBe(200);
    expect(h.body.status).toBe('ok');
    expect(h.body.sandbox).toMatchObject({ stage: 'isolate', available: true });
    expect(h.body.registry.storage).toBe('/lab/storage');
  });

  it('gates the clock baseline proposed over rest', async () => {
    ready();
    const posted = await api<{ id: string; status: string }>('/proposals', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ niche: 'clock', source: BASELINE, language: 'js', proposer: 'compose-test' }),
    });
    expect(posted.status).toBe(202);
    const until = Date.now() + GATE_MS;
    type Proposal = { status: string; steps: { state: string; result?: { decision?: { pass: boolean; next: string; reasons: string[] } } }[] };
    let p: Proposal | undefined;
    while (Date.now() < until) {
      p = (await api<Proposal>(`/proposals/${posted.body.id}`)).body;
      if (p.status === 'gated' || p.status === 'rejected') break;
      await sleep(500);
    }
    expect(p?.status).toBe('gated');
    const decision = p!.steps.find((s) => s.state === 'gated' && s.result?.decision)?.result?.decision;
    expect(decision).toMatchObject({ pass: true, next: 'jail', reasons: [] });
    // the registry it wrote is in the mounted storage folder, on the host
    expect(readFileSync(join(storage, 'registry', 'events.log'), 'utf8')).toContain('gate_decided');
  }, GATE_MS + 30_000);

  it('reports the jail and container stages unavailable, each with its reason', async () => {
    ready();
    type Stage = { stage: string; available: boolean; reason?: string };
    const s = await api<{ stages: Stage[] }>('/stages');
    expect(s.status).toBe(200);
    const by = new Map(s.body.stages.map((x) => [x.stage, x]));
    expect(by.get('isolate')).toMatchObject({ available: true });
    const jail = by.get('jail')!;
    const container = by.get('container')!;
    expect(jail.available).toBe(false);
    expect(container.available).toBe(false);
    // the reasons name what this container lacks, not a package to install
    expect(jail.reason).toMatch(/container/);
    expect(jail.reason).toMatch(/namespace/);
    expect(container.reason).toMatch(/docker socket/);
    expect(container.reason).toMatch(/container/);
    // the gated baseline waits at the jail, for that same reason
    const waiting = await api<{ artifacts: { niche: string; promotion: { state: string; stage: string; why: string } }[] }>('/promotion/status');
    const clock = waiting.body.artifacts.find((a) => a.niche === 'clock');
    expect(clock?.promotion).toMatchObject({ state: 'stage_unavailable', stage: 'jail', why: jail.reason });
    // /healthz says the same
    const h = await api<{ stages: Stage[] }>('/healthz');
    expect(h.body.stages.find((x) => x.stage === 'jail')?.reason).toBe(jail.reason);
    expect(h.body.stages.find((x) => x.stage === 'container')?.reason).toBe(container.reason);
  });

  it('runs with no capabilities, no new privileges, a read-only root and read-only code', async () => {
    ready();
    const id = (await must('docker-compose ps', 'docker-compose', ['-p', PROJECT, '-f', 'compose.yml', 'ps', '-q', 'ola'], { env })).trim();
    expect(id).toMatch(/^[0-9a-f]{12,}$/);
    const [c] = JSON.parse(await must('docker inspect', 'docker', ['inspect', id])) as {
      HostConfig: {
        CapDrop: string[];
        CapAdd: string[] | null;
        SecurityOpt: string[];
        ReadonlyRootfs: boolean;
        Privileged: boolean;
        Memory: number;
        PidsLimit: number;
        Tmpfs: Record<string, string>;
        PortBindings: Record<string, { HostIp: string; HostPort: string }[]>;
      };
      Mounts: { Destination: string; RW: boolean }[];
      Config: { Labels: Record<string, string> };
    }[];
    expect(c!.HostConfig.CapDrop).toEqual(['ALL']);
    expect(c!.HostConfig.CapAdd ?? []).toEqual([]);
    expect(c!.HostConfig.SecurityOpt).toContain('no-new-privileges:true');
    expect(c!.HostConfig.ReadonlyRootfs).toBe(true);
    expect(c!.HostConfig.Privileged).toBe(false);
    expect(c!.HostConfig.Memory).toBe(2 * 1024 ** 3);
    expect(c!.HostConfig.PidsLimit).toBe(512);
    expect(Object.keys(c!.HostConfig.Tmpfs)).toEqual(['/tmp']);
    expect(c!.HostConfig.PortBindings['8000/tcp']).toEqual([{ HostIp: '127.0.0.1', HostPort: String(port) }]);
    expect(c!.Config.Labels['organic-os']).toBe('1');
    const rw = c!.Mounts.filter((m) => m.RW).map((m) => m.Destination);
    expect(rw).toEqual(['/lab/storage']);
    expect(c!.Mounts.map((m) => m.Destination)).not.toContain('/var/run/docker.sock');
    // and from inside: no capability in effect, writes outside storage and /tmp refused
    const status = await must('docker exec', 'docker', ['exec', id, 'sh', '-c', 'grep CapEff /proc/self/status; touch /lab/ola/x 2>&1; touch /etc/x 2>&1; touch /tmp/x && echo tmp-ok']);
    expect(status).toMatch(/CapEff:\s+0{16}/);
    expect(status).toMatch(/'\/lab\/ola\/x': Read-only file system/);
    expect(status).toMatch(/'\/etc\/x': Read-only file system/);
    expect(status).toContain('tmp-ok');
  });
});
