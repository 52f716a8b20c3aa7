// stage 4 of the ladder: each job in a qemu guest restored from a snapshot taken when its
// agent was ready, so no run sees another's leftovers (memory, processes, files all revert).
// the agent runs the same isolate host as the stages below: a fresh v8 context per run.
// kvm when a bounded test boot shows it works, tcg otherwise; every run's evidence says which.
import { ChildProcess } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import type { RunResult, SandboxJob, StageProbe } from '../../core/contracts.ts';
import { OlaError } from '../../core/errors.ts';
import { ChildPool, type LaunchedChild } from '../child-pool.ts';
import { Msg, type DeviceCall } from '../protocol.ts';
import { StageRunner, type TokenGuard } from '../runner.ts';
import { gotShare, STARVED_TRIES, treeSched, waitedForCore, WALL_CEILING } from '../starved.ts';
import { guestImage, pruneCache, type GuestImage } from './guest-image.ts';
import { HostDevices, unplugAll } from './host-devices.ts';
import { probeKvm } from './kvm-probe.ts';
import { Machine, qemuArgs, type Accel } from './machine.ts';
import type { QmpCommand } from './usb-plug.ts';

const run = promisify(execFile);
const READY = 'ready';

/** where the ready state of this image, qemu and device set is kept (beside the image) */
async function readyStateFile(image: GuestImage, o: { accel: Accel; memoryMb: number }): Promise<string> {
  const { stdout } = await run('qemu-system-x86_64', ['--version']);
  const key = createHash('sha256').update(stdout).update(qemuArgs(image, '/state', o).join(' ')).digest('hex').slice(0, 16);
  return join(image.dir, `ready-${key}.qcow2`);
}

export interface VmRunnerOptions {
  graceMs: number;
  memoryMb?: number;
  bootTimeoutMs?: number;
  /** force an accelerator (tests, benchmarks); default: kvm when it boots, else tcg */
  accel?: Accel;
  /** where the guest image and the saved ready state are kept (default storage/vm) */
  cacheDir?: string;
}

/**
 * cpu inside an emulated guest runs slower than on the host: limits are the artifact's own
 * time, so they are scaled by how much slower the guest is. measured when the stage starts
 * (calibrate()); these are the fallbacks when the measurement fails.
 */
const SLOWDOWN: Record<Accel, number> = { kvm: 1.5, tcg: 10 };

/** a trusted spin loop, run in the guest's isolate host and on the host, to compare speeds */
const SPIN = 'function spin(n) { var x = 0; for (var i = 0; i < n; i++) x = (x * 31 + i) | 0; return x; }';
const SPIN_N = 5e6;

function slowdownDetail(s: { factor: number; measured: boolean; guestMs?: number; hostMs?: number }): Record<string, string | number> {
  return { slowdown: s.factor, calibration: s.measured ? `a spin loop: ${s.guestMs} ms in the guest, ${s.hostMs} ms on the host` : 'not measured: the fixed factor' };
}

/** the host's time for the loop: the fastest of a few runs (another process may take the cpu) */
function hostSpinMs(): number {
  const spin = new Function(`${SPIN}; return spin;`)() as (n: number) => number;
  let best = Infinity;
  for (let i = 0; i < 5; i++) {
    const t0 = performance.now();
    spin(SPIN_N);
    best = Math.min(best, performance.now() - t0);
  }
  return best;
}

export class VmRunner extends StageRunner {
  readonly stage = 'vm' as const;
  private readonly pool: ChildPool;
  private machine?: Promise<Machine>;
  private image?: GuestImage;
  private accel?: { accel: Accel; why: string };
  private closed = false;
  /** the job on the guest now: its hardware requests are answered from its inputs */
  private devices?: HostDevices;
  private readonly plugged: QmpCommand[] = [];
  private jobs = 0;
  private slowdown?: { factor: number; measured: boolean; guestMs?: number; hostMs?: number };

  constructor(
    guard: TokenGuard,
    private readonly opts: VmRunnerOptions,
  ) {
    super(guard);
    // one guest; a job takes it from the snapshot, and its end (or a kill) freezes it again
    this.pool = new ChildPool({ size: 1, graceMs: opts.graceMs, launch: () => this.launch(), jobsPerChild: 1 });
  }


  protected async check(): Promise<StageProbe> {
    for (const [tool, pkg] of [
      ['qemu-system-x86_64', 'qemu-system-x86'],
      ['qemu-img', 'qemu-utils'],
      ['cpio', 'cpio'],
      ['modprobe', 'kmod'],
    ] as const) {
      try {
        await run('sh', ['-c', `command -v ${tool}`]);
      } catch {
        return { available: false, reason: `${tool} is not installed (Debian package ${pkg})` };
      }
    }
    try {
      this.image = await guestImage(this.opts.cacheDir);
      this.accel = this.opts.accel ? { accel: this.opts.accel, why: 'chosen by configuration' } : await probeKvm(this.image);
      const m = await this.boot();
      this.slowdown = await this.calibrate();
      return {
        available: true,
        detail: { accel: this.accel.accel, kvm: this.accel.why, kernel: this.image.kernel, image: this.image.hash, bootMs: Math.round(m.bootMs), resumed: m.resumed, ...slowdownDetail(this.slowdown) },
      };
    } catch (err) {
      return { available: false, reason: (err as Error).message };
    }
  }

  /**
   * the guest at agent-ready with its snapshot: restored from the ready state a boot of the
   * same image and devices saved (no boot at all), else booted and snapshotted, and its state
   * saved for the next start. a guest that dies is started again.
   */
  private boot(): Promise<Machine> {
    this.machine ??= (async () => {
      const o = { accel: this.accel!.accel, memoryMb: this.opts.memoryMb ?? 1024, bootTimeoutMs: this.opts.bootTimeoutMs ?? 180_000 };
      const saved = await readyStateFile(this.image!, o);
      let m: Machine | undefined;
      if (existsSync(saved)) {
        m = await Machine.boot(this.image!, { ...o, resume: { file: saved, tag: READY } }).catch(() => {
          // a state this qemu cannot restore: boot instead, and save a new one
          rmSync(saved, { force: true });
          return undefined;
        });
      }
      if (!m) {
        m = await Machine.boot(this.image!, o);
        await m.snapshot(READY);
        m.saveState(saved);
        pruneCache(this.image!.dir, 'ready-', saved);
      }
      const started = m;
      started.onExit(() => {
        this.machine = undefined;
      });
      if (this.closed) started.kill();
      return started;
    })().catch((err) => {
      this.machine = undefined;
      throw err;
    });
    return this.machine;
  }

  /** a "child" is the guest restored to its snapshot; ending it freezes the guest */
  private launch(): LaunchedChild {
    const proc = new ChildProcess();
    let machine: Machine | undefined;
    let exited = false;
    const exit = (signal: NodeJS.Signals | null) => {
      if (exited) return;
      exited = true;
      machine?.attach(undefined);
      proc.emit('exit', null, signal);
    };
    Object.assign(proc, {
      send(message: unknown, ...rest: unknown[]): boolean {
        const done = rest.find((x): x is (err: Error | null) => void => typeof x === 'function');
        const ok = !exited && machine !== undefined && machine.send(message);
        done?.(null);
        return ok;
      },
    });
    void (async () => {
      try {
        machine = await this.boot();
        machine.onExit(() => exit('SIGKILL'));
        await unplugAll(machine, this.plugged);
        await machine.revert(READY);
        if (exited) return void machine.pause();
        const m = machine;
        machine.attach((msg) => {
          if ((msg as { kind?: number }).kind === Msg.Device) void this.device(m, msg as DeviceCall);
          else proc.emit('message', msg);
        });
        // the agent said ready before the snapshot: it waits for a job from here
        proc.emit('message', { kind: Msg.Ready });
      } catch {
        exit('SIGABRT');
      }
    })();
    return {
      proc,
      kill: () => {
        // freezing is enough: nothing runs in the guest until the next revert
        void machine?.pause();
        exit('SIGKILL');
      },
      explain: (_code, signal) =>
        signal === 'SIGABRT' ? { code: 'OLA_ERR_SANDBOX_CRASH', message: `the guest could not be restored: ${machine?.serialTail() ?? 'no guest'}` } : undefined,
    };
  }

  /** how much slower the guest's isolate runs a spin loop than the host: the fastest of three each */
  private async calibrate(): Promise<{ factor: number; measured: boolean; guestMs?: number; hostMs?: number }> {
    const fallback = { factor: SLOWDOWN[this.accel!.accel], measured: false };
    try {
      const script = `var __artifact = (function () { ${SPIN} return { spin: spin }; })();`;
      const inputs = [0, 1, 2].map((i) => ({ scenarioId: `calibrate-${i}`, input: SPIN_N }));
      const limits = { memoryMb: 32, cpuMs: 120_000, wallMs: 240_000, maxOutputBytes: 1024 };
      const runs = await this.pool.run({ sha256: 'calibrate', script, driver: 'function drive(a, n) { return a.spin(n); }', inputs, limits }, new AbortController().signal);
      if (!runs.every((r) => r.ok)) return fallback;
      const guestMs = Math.min(...runs.map((r) => r.cpuMs));
      const hostMs = hostSpinMs();
      const factor = Math.round(Math.min(50, Math.max(1, guestMs / hostMs)) * 10) / 10;
      return { factor, measured: true, guestMs: Math.round(guestMs), hostMs: Math.round(hostMs * 10) / 10 };
    } catch {
      return fallback;
    }
  }

  /** answers a guest's hardware request for the job it runs now; anything else is refused */
  private async device(m: Machine, call: DeviceCall): Promise<void> {
    let reply: { ok: boolean; value?: unknown; error?: string };
    try {
      if (!this.devices) throw new Error('no job is running');
      reply = { ok: true, value: await this.devices.handle(call) };
    } catch (err) {
      reply = { ok: false, error: (err as Error).message };
    }
    m.send({ kind: Msg.DeviceReply, call: call.call, ...reply });
  }

  protected async execute(job: SandboxJob, signal: AbortSignal): Promise<RunResult[]> {
    const ready = await this.probe();
    if (!ready.available) throw new OlaError('OLA_ERR_STAGE_UNAVAILABLE', `the vm stage is unavailable: ${ready.reason}`);
    const k = this.slowdown?.factor ?? SLOWDOWN[this.accel!.accel];
    const { sha256, script, driver, inputs, limits, device } = job;
    const machine = await this.boot();
    // the guest's clock follows the host's, so a guest cannot see a busy host: a vcpu waiting for a
    // core counts, in the guest, as the run's own time. qemu's own counts tell it (starved.ts): the
    // job's times are brought back by the share of its wanted time qemu got, and a job that timed out
    // while qemu waited for a core runs again with its limits stretched by as much
    let stretch = 1;
    for (let tries = 1; ; tries++) {
      const scaled = { ...limits, cpuMs: Math.round(limits.cpuMs * k * stretch), wallMs: Math.round(limits.wallMs * k * stretch) };
      const hw = new HostDevices(machine, inputs.map((i) => i.input), `j${++this.jobs}`, this.plugged);
      this.devices = hw;
      const pid = machine.proc.pid;
      const before = pid === undefined ? undefined : treeSched(pid);
      const t = performance.now();
      let results: RunResult[];
      try {
        // every run here also measures the artifact's code coverage (evidence for the gate's record)
        results = await this.pool.run({ sha256, script, driver, inputs, limits: scaled, coverage: true, ...(device ? { device } : {}) }, signal);
      } finally {
        if (this.devices === hw) this.devices = undefined;
      }
      const after = pid === undefined ? undefined : treeSched(pid);
      const wall = performance.now() - t;
      const got = before && after ? gotShare(before, after) : 1;
      const starved = before !== undefined && after !== undefined && waitedForCore(before, after, wall);
      if (starved && tries < STARVED_TRIES && results.some((r) => r.error?.code === 'OLA_ERR_SANDBOX_TIMEOUT') && stretch < WALL_CEILING) {
        stretch = Math.min(WALL_CEILING, stretch * Math.max(2, 1.25 / got));
        continue;
      }
      // the artifact's own time: what the emulated guest measured, brought back to host scale and to
      // the share of a core qemu had; what the hardware showed goes beside the output (the guest cannot write this key)
      return results.map((r, i) => {
        const hardware = hw.hardware(i);
        const output = device && typeof r.output === 'object' && r.output !== null ? { ...r.output, hardware: hardware ?? null } : r.output;
        const error = r.error && tries > 1 ? { ...r.error, message: `${r.error.message} (try ${tries}: the host was busy, limits stretched ${stretch.toFixed(1)}x)`.slice(0, 500) } : r.error;
        return { ...r, output, ...(error ? { error } : {}), cpuMs: (r.cpuMs * got) / k, wallMs: r.wallMs / k };
      });
    }
  }

  /** the guest's qemu process (tests kill it to show the runner survives) */
  async pids(): Promise<number[]> {
    const m = await this.machine;
    return m?.proc.pid ? [m.proc.pid] : [];
  }

  async close(): Promise<void> {
    this.closed = true;
    await this.pool.close();
    const m = await this.machine?.catch(() => undefined);
    m?.kill();
  }
}
