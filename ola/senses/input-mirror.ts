// host input events mirrored read-only from evdev nodes into a ring buffer.
// devices are only ever opened for reading: no writes, no grab, no ioctl, so the
// host keeps receiving every event exactly as before.
import { constants } from 'node:fs';
import { open, readdir, type FileHandle } from 'node:fs/promises';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { INPUT_EVENT_SIZE, parseInputEvents, type InputEvent } from './input-event.ts';
import { RingBuffer } from './ring-buffer.ts';
import { errorReason, unavailable, type Sensed } from './sense.ts';

export const INPUT_DIR = '/dev/input';
export const INPUT_CAPACITY = 1024;
// read-only like 'r', plus non-blocking: a blocking read on a quiet device would pin
// a libuv pool thread forever, and a few of those starve every other fs call
const READ_FLAGS = constants.O_RDONLY | constants.O_NONBLOCK;
const BATCH = INPUT_EVENT_SIZE * 64;

export interface InputFeed {
  devices: string[];
  /** the ring's contents, oldest first */
  events: InputEvent[];
  /** events seen since start, including ones the ring has since dropped */
  total: number;
  capacity: number;
  /** devices that could not be opened or failed later, with why */
  errors: Record<string, string>;
}

interface Device {
  name: string;
  fh: FileHandle;
  carry: Uint8Array;
  loop?: Promise<void>;
}

export class InputMirror {
  private readonly ring: RingBuffer<InputEvent>;
  private readonly devices = new Map<string, Device>();
  private readonly errors: Record<string, string> = {};
  private reason: string | undefined = 'input mirror not started';
  private stopped = false;

  constructor(
    private readonly dir = INPUT_DIR,
    capacity = INPUT_CAPACITY,
    private readonly pollMs = 25,
  ) {
    this.ring = new RingBuffer(capacity);
  }

  async start(): Promise<void> {
    let names: string[];
    try {
      names = (await readdir(this.dir)).filter((n) => /^event\d+$/.test(n)).sort();
    } catch (err) {
      const code = (err as NodeJS.ErrnoException).code;
      this.reason = code === 'ENOENT' ? `no ${this.dir}/event* devices` : `cannot list ${this.dir}: ${errorReason(err)}`;
      return;
    }
    if (names.length === 0) {
      this.reason = `no ${this.dir}/event* devices`;
      return;
    }
    for (const name of names) {
      try {
        const dev: Device = { name, fh: await open(join(this.dir, name), READ_FLAGS), carry: new Uint8Array(0) };
        this.devices.set(name, dev);
        dev.loop = this.pump(dev);
      } catch (err) {
        this.errors[name] = errorReason(err);
      }
    }
    this.reason = this.devices.size > 0 ? undefined : `cannot open any ${this.dir}/event* device: ${Object.values(this.errors)[0]}`;
  }

  private async pump(dev: Device): Promise<void> {
    const buf = new Uint8Array(BATCH);
    while (!this.stopped) {
      let n = 0;
      try {
        n = (await dev.fh.read(buf, 0, buf.byteLength, null)).bytesRead;
      } catch (err) {
        const code = (err as NodeJS.ErrnoException).code;
        if (code !== 'EAGAIN' && code !== 'EWOULDBLOCK') {
          // unplugged or revoked: forget the device, keep the rest
          this.errors[dev.name] = errorReason(err);
          this.devices.delete(dev.name);
          await dev.fh.close().catch(() => undefined);
          if (this.devices.size === 0) this.reason = `all ${this.dir}/event* devices failed`;
          return;
        }
      }
      if (n === 0) {
        await sleep(this.pollMs);
        continue;
      }
      const chunk = dev.carry.byteLength > 0 ? concat(dev.carry, buf.subarray(0, n)) : buf.slice(0, n);
      const { events, rest } = parseInputEvents(chunk, dev.name);
      for (const e of events) this.ring.push(e);
      dev.carry = rest.slice();
    }
  }

  status(): Sensed<InputFeed> {
    if (this.reason !== undefined) return unavailable(this.reason);
    return {
      available: true,
      devices: [...this.devices.keys()],
      events: this.ring.toArray(),
      total: this.ring.total,
      capacity: this.ring.capacity,
      errors: { ...this.errors },
    };
  }

  async stop(): Promise<void> {
    this.stopped = true;
    const devs = [...this.devices.values()];
    await Promise.all(devs.map((d) => d.loop));
    await Promise.all(devs.map((d) => d.fh.close().catch(() => undefined)));
    this.devices.clear();
    this.reason = 'input mirror stopped';
  }
}

function concat(a: Uint8Array, b: Uint8Array): Uint8Array {
  const out = new Uint8Array(a.byteLength + b.byteLength);
  out.set(a, 0);
  out.set(b, a.byteLength);
  return out;
}
