// reads a tablet's evdev frames (struct input_event on x86_64: 16 bytes of time, u16 type,
// u16 code, s32 value), each ended by SYN_REPORT; a SYN_DROPPED means the kernel lost events.
import { read } from 'node:fs';
import { BUTTONS, type TabletReport } from '../tablet-scale.ts';

const EVENT = 24;
const EV_SYN = 0, EV_KEY = 1, EV_ABS = 3;
const SYN_REPORT = 0, SYN_DROPPED = 3;

export class EvdevReader {
  private events: Buffer[] = [];
  private pending?: Promise<void>;
  state: TabletReport = { ax: 0, ay: 0, buttons: 0 };

  constructor(private readonly fd: number) {}

  private fill(): Promise<void> {
    this.pending ??= new Promise<void>((resolve, reject) => {
      const buf = Buffer.alloc(EVENT * 64);
      read(this.fd, buf, 0, buf.length, null, (err, n) => {
        this.pending = undefined;
        if (err) return reject(err);
        for (let at = 0; at + EVENT <= n; at += EVENT) this.events.push(buf.subarray(at, at + EVENT));
        resolve();
      });
    });
    return this.pending;
  }

  /** the tablet's state after its next frame; throws when none comes within timeoutMs */
  async nextFrame(timeoutMs: number): Promise<TabletReport> {
    let timer: NodeJS.Timeout | undefined;
    const late = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Error(`no evdev frame within ${timeoutMs} ms`)), timeoutMs);
    });
    try {
      for (;;) {
        while (this.events.length === 0) await Promise.race([this.fill(), late]);
        const e = this.events.shift()!;
        const type = e.readUInt16LE(16), code = e.readUInt16LE(18), value = e.readInt32LE(20);
        if (type === EV_ABS && code === 0) this.state = { ...this.state, ax: value };
        else if (type === EV_ABS && code === 1) this.state = { ...this.state, ay: value };
        else if (type === EV_KEY) {
          const b = BUTTONS.find((x) => x.code === code);
          if (b) this.state = { ...this.state, buttons: value ? this.state.buttons | b.bit : this.state.buttons & ~b.bit };
        } else if (type === EV_SYN && code === SYN_DROPPED) throw new Error('the kernel dropped evdev events (SYN_DROPPED)');
        else if (type === EV_SYN && code === SYN_REPORT) return this.state;
      }
    } finally {
      clearTimeout(timer);
    }
  }
}
