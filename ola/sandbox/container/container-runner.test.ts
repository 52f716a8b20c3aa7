// the container runner beyond the shared conformance suite: which runtime it picks and says,
// why it is unavailable, one job per container, and a kill that removes the container.
import { generateKeyPairSync } from 'node:crypto';
import { rmSync } from 'node:fs';
import { connect as connectSocket, createServer, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { sandboxJob } from '../../../tests/helpers/sandbox-job.ts';
import { TokenService } from '../../promotion/tokens.ts';
import { jailFiles } from '../jail/jail-files.ts';
import { Msg } from '../protocol.ts';
import { TokenGuard } from '../runner.ts';
import { ContainerRunner } from './container-runner.ts';
import { chooseRuntime, connect, DOCKER_SOCKET, engineState } from './engine.ts';
import { ensureImage, IN_IMAGE } from './image.ts';
import { launchContainer } from './launch.ts';
import { seccompProfile } from './seccomp-profile.ts';
import { CONTAINER_LIMITS, containerSpec } from './spec.ts';

const tokens = new TokenService(generateKeyPairSync('ed25519'));
const docker = connect();
const signal = new AbortController().signal;
const open: ContainerRunner[] = [];
const runner = (o: Partial<ConstructorParameters<typeof ContainerRunner>[1]> = {}) => {
  const r = new ContainerRunner(new TokenGuard(tokens), { workers: 1, graceMs: 1000, ...o });
  open.push(r);
  return r;
};
const job = (src: string, o: Parameters<typeof sandboxJob>[3] = {}) => sandboxJob(tokens, src, [1], { stage: 'container', ...o });
const gone = (name: string) => docker.getContainer(name).inspect().then(() => false, (e: { statusCode?: number }) => e.statusCode === 404);
/** removal is asynchronous: asks the engine until the container is gone, bounded */
async function goneSoon(name: string, ms = 15_000): Promise<boolean> {
  for (const end = Date.now() + ms; Date.now() < end; await new Promise((r) => setTimeout(r, 200))) if (await gone(name)) return true;
  return gone(name);
}

afterAll(async () => {
  await Promise.all(open.map((r) => r.close()));
});

describe('runtime choice', () => {
  it('prefers runsc, falls back to runc, honours a forced choice', () => {
    expect(chooseRuntime(['io.containerd.runc.v2', 'runc', 'runsc'])).toBe('runsc');
    expect(chooseRuntime(['runc'])).toBe('runc');
    expect(chooseRuntime(['runc', 'runsc'], 'runc')).toBe('runc');
    expect(chooseRuntime(['runc'], 'runsc')).toBeUndefined();
    expect(chooseRuntime([])).toBeUndefined();
  });

  it('runs with runsc when the engine has it registered, and names the runtime', async () => {
    const engine = await engineState(docker);
    expect(engine.ok ? 'ok' : engine.reason).toBe('ok');
    const probe = await runner().probe();
    expect(probe.reason ?? 'available').toBe('available');
    const want = engine.ok && engine.runtimes.includes('runsc') ? 'runsc' : 'runc';
    expect(probe.detail).toMatchObject({ runtime: want, image: expect.stringMatching(/^organic-os\/sandbox:/), memoryMb: 512 });
    if (want === 'runsc') expect(String(probe.detail!.seccomp)).toMatch(/gvisor/);
    else expect(String(probe.detail!.note)).toMatch(/runsc .*not registered/);
  });

  it('runs with runc and seccomp/seccomp.json when runc is asked for', async () => {
    const r = runner({ runtime: 'runc' });
    expect((await r.probe()).detail).toMatchObject({ runtime: 'runc', seccomp: 'seccomp/seccomp.json (host kernel)' });
    expect(await r.run(await job('export function run(x) { return x + 1; }'), signal)).toMatchObject([{ ok: true, output: 2 }]);
  });
});

describe('unavailable, with the reason', () => {
  it('says there is no docker engine, and refuses jobs with OLA_ERR_STAGE_UNAVAILABLE', async () => {
    const r = runner({ socketPath: join(tmpdir(), 'no-such-docker.sock') });
    const probe = await r.probe();
    expect(probe).toMatchObject({ available: false, reason: expect.stringMatching(/no docker engine: .*no-such-docker\.sock does not exist/) });
    await expect(r.run(await job('export function run() { return 1; }'), signal)).rejects.toMatchObject({ code: 'OLA_ERR_STAGE_UNAVAILABLE' });
  });

  it('refuses a job as unavailable, not as a crash, when the engine went away after the probe', async () => {
    // a relay to the real engine, closed after the probe
    const path = join(tmpdir(), `relay-docker-${process.pid}.sock`);
    rmSync(path, { force: true });
    const conns = new Set<Socket>();
    const relay = createServer((c) => {
      const up = connectSocket(DOCKER_SOCKET);
      conns.add(c).add(up);
      c.pipe(up).pipe(c);
      c.on('error', () => up.destroy());
      up.on('error', () => c.destroy());
    }).listen(path);
    await new Promise((res) => relay.once('listening', res));
    const r = runner({ socketPath: path });
    expect((await r.probe()).available).toBe(true);
    relay.close();
    for (const c of conns) c.destroy();
    rmSync(path, { force: true });
    await expect(r.run(await job('export function run() { return 1; }'), signal)).rejects.toMatchObject({ code: 'OLA_ERR_STAGE_UNAVAILABLE', message: expect.stringMatching(/stopped answering/) });
    expect(await r.probe()).toMatchObject({ available: false, reason: expect.stringMatching(/no docker engine/) });
  });

  it('says the engine is not answering when its socket is silent', async () => {
    const path = join(tmpdir(), `silent-docker-${process.pid}.sock`);
    const silent = createServer(() => undefined).listen(path);
    try {
      const state = await engineState(connect(path), path, 'auto', 500);
      expect(state).toMatchObject({ ok: false, reason: expect.stringMatching(/not answering .* within 500 ms/) });
    } finally {
      silent.close();
      rmSync(path, { force: true });
    }
  });

  it('says which runtime is missing when one is forced', async () => {
    const state = await engineState(docker, undefined, 'nonesuch' as 'runc');
    expect(state).toMatchObject({ ok: false, reason: expect.stringMatching(/no usable runtime \(nonesuch wanted/) });
  });
});

describe('containers', () => {
  it('never runs two artifacts in one container, and removes each after its artifact', async () => {
    // the engine's own account: containers of this process started and destroyed
    const started: string[] = [];
    const destroyed: string[] = [];
    const events = await docker.getEvents({ filters: { type: ['container'], event: ['start', 'destroy'], label: [`organic-os.owner=${process.pid}`] } });
    events.on('data', (b: Buffer) => {
      for (const line of b.toString('utf8').split('\n').filter(Boolean)) {
        const e = JSON.parse(line) as { Action: string; Actor: { Attributes: { name: string } } };
        (e.Action === 'start' ? started : destroyed).push(e.Actor.Attributes.name);
      }
    });
    try {
      // one worker: a single live container at a time, so every job needs a fresh one
      const r = runner({ workers: 1 });
      await r.probe();
      // three artifacts: each needs a container of its own
      for (let i = 0; i < 3; i++) expect((await r.run(await job(`export function run(x) { return x + ${i}; }`, { artifactId: `a_once${i}` }), signal))[0]).toMatchObject({ ok: true });
      const ran = () => destroyed.filter((n) => !n.includes('probe'));
      for (const end = Date.now() + 15_000; ran().length < 3 && Date.now() < end; ) await new Promise((res) => setTimeout(res, 200));
      expect(ran().length).toBeGreaterThanOrEqual(3);
      expect(new Set(ran()).size).toBe(ran().length);
      // a container per artifact (and a fresh one started ahead of the next, once the last goes idle)
      expect(r.spawned).toBeGreaterThanOrEqual(3);
    } finally {
      (events as unknown as { destroy(): void }).destroy();
    }
  });

  it('kills and removes the container when the caller aborts', async () => {
    const r = runner({ workers: 1 });
    await r.probe();
    const ac = new AbortController();
    const spin = await job('export function run() { for (;;) {} }', { limits: { wallMs: 30_000, cpuMs: 30_000 } });
    const pending = r.run(spin, ac.signal);
    await new Promise((res) => setTimeout(res, 1500));
    const busy = r.containers();
    expect(busy.length).toBe(1);
    ac.abort();
    await expect(pending).rejects.toMatchObject({ code: 'OLA_ERR_ABORTED' });
    expect(await goneSoon(busy[0]!)).toBe(true);
  });

  it('kills and removes the container when a run overstays its wall limit (its host frozen)', async () => {
    const r = runner({ workers: 1, graceMs: 500 });
    await r.run(await job('export function run() { return 1; }'), signal);
    // the replacement container starts and says ready well within this
    await new Promise((res) => setTimeout(res, 4000));
    const slow = await job('export function run() { let x = 0; for (let i = 0; i < 2e10; i++) x += i; return x; }', { artifactId: 'a_frozen', limits: { wallMs: 4000, cpuMs: 4000 } });
    const pending = r.run(slow, signal);
    await new Promise((res) => setTimeout(res, 2500));
    // SIGSTOP from outside: the isolate's own timeout cannot fire, only the pool's timer can
    const frozen = r.containers();
    await Promise.all(frozen.map((n) => docker.getContainer(n).kill({ signal: 'SIGSTOP' }).catch(() => undefined)));
    const [result] = await pending;
    expect(result).toMatchObject({ ok: false, error: { code: 'OLA_ERR_SANDBOX_TIMEOUT', message: expect.stringMatching(/killed after 4000 ms wall \(\+500 ms grace\)/) } });
    for (const name of frozen) expect(await goneSoon(name), name).toBe(true);
  });

  it('kills and removes a container that never says ready', async () => {
    const engine = await engineState(docker);
    if (!engine.ok) throw new Error(engine.reason);
    const image = (await ensureImage(docker, await jailFiles())).tag;
    const spec = containerSpec({ name: `organic-os-mute-${process.pid}`, image, runtime: engine.runtime, seccomp: seccompProfile(engine.runtime), limits: CONTAINER_LIMITS, owner: process.pid, cmd: [IN_IMAGE.node, '-e', 'setInterval(() => {}, 1000)'] });
    const c = launchContainer(docker, spec, { readyTimeoutMs: 2500, limits: CONTAINER_LIMITS });
    let ready = false;
    c.proc.on('message', (m: { kind: number }) => (ready ||= m.kind === Msg.Ready));
    const t0 = performance.now();
    await new Promise((res) => c.proc.once('exit', res));
    await c.removed();
    expect(ready).toBe(false);
    // it ran until the ready timeout, then was killed
    expect(performance.now() - t0).toBeGreaterThan(2400);
    expect(c.explain?.(137, null)?.message).toMatch(/no ready message within 2500 ms/);
    expect(await gone(spec.name)).toBe(true);
  });
});
