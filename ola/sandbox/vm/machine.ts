// one qemu guest: booted from the guest image, controlled over qmp, its agent reached over a
// virtio-serial port (a unix socket here). snapshot() saves the whole machine (memory and
// devices, into a qcow2 drive) and revert() restores it, so no run sees another's leftovers.
import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { constants, copyFileSync, mkdtempSync, readdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { createConnection, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { encodeFrame, FrameDecoder } from '../container/frames.ts';
import { Msg } from '../protocol.ts';
import type { GuestImage } from './guest-image.ts';
import { Qmp } from './qmp.ts';
import { processAlive } from '../../core/process-alive.ts';

const run = promisify(execFile);

export type Accel = 'kvm' | 'tcg';

export interface MachineOptions {
  accel: Accel;
  memoryMb: number;
  bootTimeoutMs: number;
  /** test-only: the guest runs raw payloads (vm/raw-agent.mjs) instead of the isolate host */
  raw?: boolean;
  /** a state drive saved after a boot of the same image and devices: restore its snapshot, no boot */
  resume?: { file: string; tag: string };
}

/** how messages cross the agent's port: frames of the enum protocol, or json lines (raw) */
interface Codec {
  push(chunk: Buffer): unknown[];
  encode(msg: unknown): Buffer | string;
  ready(msg: unknown): boolean;
}

function framesCodec(): Codec {
  let decoder = new FrameDecoder();
  return {
    push(chunk) {
      try {
        return decoder.push(chunk);
      } catch {
        decoder = new FrameDecoder();
        return [];
      }
    },
    encode: (msg) => encodeFrame(msg),
    ready: (msg) => (msg as { kind?: number }).kind === Msg.Ready,
  };
}

function linesCodec(): Codec {
  let buf = '';
  return {
    push(chunk) {
      buf += chunk.toString('utf8');
      const lines = buf.split('\n');
      buf = lines.pop()!;
      return lines.filter(Boolean).map((l) => JSON.parse(l) as unknown);
    },
    encode: (msg) => `${JSON.stringify(msg)}\n`,
    ready: (msg) => (msg as { ready?: boolean }).ready === true,
  };
}

/** the devices every guest has: the agent's port, a gpu, keyboard, tablet, usb with a device */
export function qemuArgs(image: Pick<GuestImage, 'kernel' | 'initrd'>, dir: string, o: Pick<MachineOptions, 'accel' | 'memoryMb' | 'raw' | 'resume'>): string[] {
  return [
    ...(o.resume ? ['-loadvm', o.resume.tag] : []),
    '-accel', o.accel,
    '-m', String(o.memoryMb),
    '-smp', '1',
    '-display', 'none',
    '-no-reboot',
    '-nodefaults',
    '-kernel', image.kernel,
    '-initrd', image.initrd,
    '-append', `console=ttyS0 quiet panic=-1${o.raw ? ' ola.raw=1' : ''}`,
    '-serial', 'stdio',
    // snapshots (memory and devices) are stored in this drive; the guest never sees it
    '-drive', `if=none,id=vmstate,file=${join(dir, 'state.qcow2')},format=qcow2`,
    '-device', 'virtio-serial-pci',
    '-chardev', `socket,id=agent,path=${join(dir, 'agent.sock')},server=on,wait=off`,
    '-device', 'virtserialport,chardev=agent,name=org.organic-os.agent',
    '-device', 'virtio-gpu-pci',
    '-device', 'virtio-keyboard-pci',
    '-device', 'virtio-tablet-pci',
    // usb 2.0 (ehci) with uhci companions for full-speed devices; scenarios plug more at run time
    '-device', 'ich9-usb-ehci1,id=ehci,addr=1d.7,multifunction=on',
    '-device', 'ich9-usb-uhci1,masterbus=ehci.0,firstport=0,addr=1d.0,multifunction=on',
    '-device', 'ich9-usb-uhci2,masterbus=ehci.0,firstport=2,addr=1d.1',
    '-device', 'ich9-usb-uhci3,masterbus=ehci.0,firstport=4,addr=1d.2',
    '-device', 'usb-kbd,bus=ehci.0,id=ola-kbd',
    '-nic', 'none',
    '-qmp', `unix:${join(dir, 'qmp.sock')},server=on,wait=off`,
    // qemu's own seccomp sandbox: no new privileges, no spawning, no resource control
    '-sandbox', 'on,obsolete=deny,elevateprivileges=deny,spawn=deny,resourcecontrol=deny',
  ];
}

/** the lab process a guest's folder belongs to */
const OWNER = 'owner.pid';
/** a folder without an owner file (being made, or from before owner files) is left alone this long */
const UNOWNED_MS = 24 * 3600_000;
let swept = false;

/**
 * a guest's folder (its state drive, 350 MB) goes when its qemu exits; a lab killed with -9, or a
 * test worker ended, leaves it behind (qemu dies with the lab: pdeathsig). the first boot of each
 * process removes the folders whose lab is gone
 */
export function sweepStaleGuests(base = tmpdir()): string[] {
  const removed: string[] = [];
  for (const name of readdirSync(base)) {
    if (!name.startsWith('ola-vm-')) continue;
    const dir = join(base, name);
    try {
      const owner = Number(readFileSync(join(dir, OWNER), 'utf8'));
      if (Number.isInteger(owner) && owner > 0 && processAlive(owner)) continue;
    } catch {
      if (Date.now() - statSync(dir, { throwIfNoEntry: false })!.mtimeMs < UNOWNED_MS) continue;
    }
    rmSync(dir, { recursive: true, force: true });
    removed.push(dir);
  }
  return removed;
}

export class Machine {
  private codec: Codec;
  private consumer?: (msg: unknown) => void;
  private serial = '';
  private exitListeners: (() => void)[] = [];
  exited = false;
  bootMs = 0;
  /** restored from a saved state drive rather than booted */
  resumed = false;

  private constructor(
    readonly proc: ChildProcess,
    readonly dir: string,
    readonly accel: Accel,
    private readonly raw: boolean,
  ) {
    this.codec = raw ? linesCodec() : framesCodec();
    proc.stdout?.on('data', (b: Buffer) => (this.serial = (this.serial + b.toString('utf8')).slice(-4096)));
    proc.stderr?.on('data', (b: Buffer) => (this.serial = (this.serial + b.toString('utf8')).slice(-4096)));
    proc.on('exit', () => {
      this.exited = true;
      this.qmp?.close();
      this.agent?.destroy();
      rmSync(dir, { recursive: true, force: true });
      for (const l of this.exitListeners.splice(0)) l();
    });
  }

  qmp?: Qmp;
  private agent?: Socket;

  /** boots to a ready agent, or throws with what the guest said */
  static async boot(image: GuestImage, o: MachineOptions): Promise<Machine> {
    const t0 = performance.now();
    if (!swept) {
      swept = true;
      try {
        sweepStaleGuests();
      } catch {
        // another lab sweeping at the same time: whatever it left, the next start takes
      }
    }
    const dir = mkdtempSync(join(tmpdir(), 'ola-vm-'));
    writeFileSync(join(dir, OWNER), String(process.pid));
    if (o.resume) copyFileSync(o.resume.file, join(dir, 'state.qcow2'), constants.COPYFILE_FICLONE);
    else await run('qemu-img', ['create', '-q', '-f', 'qcow2', join(dir, 'state.qcow2'), '4G']);
    // the guest dies with the lab, even when the lab is killed with -9 (pdeathsig)
    const proc = spawn('setpriv', ['--pdeathsig', 'SIGKILL', '--', 'qemu-system-x86_64', ...qemuArgs(image, dir, o)], { stdio: ['ignore', 'pipe', 'pipe'] });
    proc.on('error', () => undefined);
    const m = new Machine(proc, dir, o.accel, o.raw === true);
    const deadline = setTimeout(() => m.kill(), o.bootTimeoutMs);
    try {
      m.qmp = await Qmp.connect(join(dir, 'qmp.sock'), o.bootTimeoutMs);
      m.agent = await connectAgent(join(dir, 'agent.sock'), o.bootTimeoutMs);
      m.agent.on('data', (chunk: Buffer) => m.onAgentData(chunk));
      m.agent.on('error', () => undefined);
      // a restored guest's agent is where the snapshot left it: waiting for a job
      if (o.resume) {
        m.resumed = true;
        m.bootMs = performance.now() - t0;
        return m;
      }
      await new Promise<void>((resolve, reject) => {
        m.consumer = (msg) => {
          if (m.codec.ready(msg)) resolve();
        };
        m.onExit(() => reject(new Error(`the guest stopped before its agent was ready: ${m.serialTail()}`)));
      });
      m.consumer = undefined;
      m.bootMs = performance.now() - t0;
      return m;
    } catch (err) {
      m.kill();
      throw err;
    } finally {
      clearTimeout(deadline);
    }
  }

  private onAgentData(chunk: Buffer): void {
    for (const m of this.codec.push(chunk)) this.consumer?.(m);
  }

  /** a fresh decoder: bytes the guest wrote before a revert belong to the old state */
  private resetCodec(): void {
    this.codec = this.raw ? linesCodec() : framesCodec();
  }

  /** where the agent's messages go from now on */
  attach(consumer: ((msg: unknown) => void) | undefined): void {
    this.consumer = consumer;
  }

  send(msg: unknown): boolean {
    if (this.exited || !this.agent) return false;
    return this.agent.write(this.codec.encode(msg));
  }

  serialTail(): string {
    return this.serial.trim().split('\n').slice(-3).join(' | ');
  }

  onExit(listener: () => void): void {
    if (this.exited) listener();
    else this.exitListeners.push(listener);
  }

  async snapshot(tag: string): Promise<void> {
    await this.qmp!.hmp(`savevm ${tag}`);
  }

  /** a copy of the state drive (its snapshots) for later boots to resume from; savevm has flushed it */
  saveState(file: string): void {
    const tmp = `${file}.${process.pid}.tmp`;
    copyFileSync(join(this.dir, 'state.qcow2'), tmp, constants.COPYFILE_FICLONE);
    renameSync(tmp, file);
  }

  /** restores memory, devices and disks as they were at `tag`, and runs from there */
  async revert(tag: string): Promise<void> {
    await this.qmp!.execute('stop');
    await this.qmp!.hmp(`loadvm ${tag}`);
    this.resetCodec();
    await this.qmp!.execute('cont');
  }

  /** freezes the guest at once: nothing in it runs until a revert */
  async pause(): Promise<void> {
    await this.qmp?.execute('stop').catch(() => undefined);
    this.resetCodec();
  }

  kill(): void {
    if (!this.exited) this.proc.kill('SIGKILL');
  }
}

async function connectAgent(path: string, timeoutMs: number): Promise<Socket> {
  const end = Date.now() + timeoutMs;
  for (;;) {
    try {
      return await new Promise<Socket>((resolve, reject) => {
        const s = createConnection(path, () => resolve(s));
        s.once('error', reject);
      });
    } catch (err) {
      if (Date.now() > end) throw new Error(`the agent port did not open: ${(err as Error).message}`);
      await new Promise((r) => setTimeout(r, 50));
    }
  }
}
