// the host's side of a run on the guest's hardware: what the guest asks for (inject tablet
// reports, plug usb devices, show what the display shows) is done here over qmp, from the
// job's own inputs (never from what the guest sends), and what the hardware showed is kept
// as evidence beside each run's output.
import type { DeviceCall } from '../protocol.ts';
import type { Machine } from './machine.ts';
import { cropRgba, screendump } from './screendump.ts';
import { rgbHash } from './screen-hash.ts';
import { BUTTONS, prelude, reports, type TabletReport } from './tablet-scale.ts';
import { checkedPlug, unplugOf, type QmpCommand } from './usb-plug.ts';

const SCREEN_WAIT_MS = 20_000;
/** the keyboard every guest has on its usb bus (machine.ts) */
const FIXED_USB_DEVICES = 1;

export class HostDevices {
  private readonly evidence = new Map<number, Record<string, unknown>>();
  /** the last report the tablet got in this job (runs of a job share the guest) */
  private sent?: TabletReport;
  private seq = 0;

  /** `plugged` is the runner's: whatever is still plugged when the guest is next reverted comes out first */
  constructor(
    private readonly machine: Machine,
    private readonly inputs: readonly unknown[],
    private readonly tag: string,
    private readonly plugged: QmpCommand[],
  ) {}

  async handle(call: DeviceCall): Promise<unknown> {
    const input = this.inputs[call.index];
    if (input === undefined) throw new Error(`no run ${call.index} in this job`);
    if (call.op === 'screendump') return this.screen(call.index, call.arg);
    if (call.op === 'tablet') return this.tablet(call.index, input, call.arg);
    if (call.op === 'usb.plug') return this.plug(call.index, input);
    throw new Error(`no device operation ${call.op}`);
  }

  /** what the hardware showed in run `index`, for its output */
  hardware(index: number): Record<string, unknown> | undefined {
    return this.evidence.get(index);
  }

  private note(index: number, facts: Record<string, unknown>): void {
    this.evidence.set(index, { ...this.evidence.get(index), ...facts });
  }

  /** waits (bounded) until the display shows the frame the guest drew, and keeps what it shows */
  private async screen(index: number, arg: unknown): Promise<boolean> {
    const { width, height, hash } = (arg ?? {}) as { width?: unknown; height?: unknown; hash?: unknown };
    if (typeof width !== 'number' || typeof height !== 'number' || width < 1 || height < 1 || width > 4096 || height > 4096) throw new Error('screendump needs a frame size');
    const end = performance.now() + SCREEN_WAIT_MS;
    for (let tries = 1; ; tries++) {
      const s = await screendump(this.machine);
      const rgba = cropRgba(s, width, height);
      const shown = rgbHash(rgba, width, height, 4) === hash;
      if (shown || performance.now() > end) {
        this.note(index, { screen: { width, height, rgba, screendumps: tries, display: `${s.width}x${s.height}` } });
        return shown;
      }
      await new Promise((r) => setTimeout(r, 50));
    }
  }

  private async tablet(index: number, input: unknown, arg: unknown): Promise<number> {
    const { x, y, buttons } = (input ?? {}) as { x?: ArrayLike<number>; y?: ArrayLike<number>; buttons?: ArrayLike<number> };
    if (!x || !y || !buttons) throw new Error('the run has no pointer trace');
    const all = reports(x, y, buttons);
    const { prelude: first, from, to } = (arg ?? {}) as { prelude?: boolean; from?: number; to?: number };
    const batch = first ? prelude(all[0]) : all.slice(Number(from), Number(to));
    for (const r of batch) await this.inject(r, first === true);
    const n = ((this.hardware(index)?.tablet as { reports?: number } | undefined)?.reports ?? 0) + batch.length;
    this.note(index, { tablet: { reports: n } });
    return batch.length;
  }

  /** one report: the axes and the buttons that changed (all of them in a prelude), then a sync (one evdev frame) */
  private async inject(r: TabletReport, prelude: boolean): Promise<void> {
    const before = prelude ? 7 : (this.sent?.buttons ?? 0);
    const events: unknown[] = [
      { type: 'abs', data: { axis: 'x', value: r.ax } },
      { type: 'abs', data: { axis: 'y', value: r.ay } },
    ];
    for (const b of BUTTONS) {
      if ((before & b.bit) !== (r.buttons & b.bit)) events.push({ type: 'btn', data: { button: b.qmp, down: (r.buttons & b.bit) !== 0 } });
    }
    await this.machine.qmp!.execute('input-send-event', { events });
    this.sent = r;
  }

  /** the devices the guest then has besides root hubs: the fixed keyboard and this run's */
  private async plug(index: number, input: unknown): Promise<number> {
    // a run sees only its own devices: the previous run's come out first
    await unplugAll(this.machine, this.plugged);
    const cmds = checkedPlug((input as { qmp?: unknown } | null)?.qmp, `${this.tag}-${index}-${this.seq++}`);
    for (const c of cmds) {
      await this.machine.qmp!.execute(c.execute, c.arguments);
      this.plugged.push(c);
    }
    const devices = cmds.filter((c) => c.execute === 'device_add').length;
    this.note(index, { usb: { plugged: cmds.filter((c) => c.execute === 'device_add').map((c) => c.arguments.driver) } });
    return FIXED_USB_DEVICES + devices;
  }

}

/** takes out what was plugged (before the guest is reverted: the snapshot has none of it) */
export async function unplugAll(machine: Machine, plugged: QmpCommand[]): Promise<void> {
  for (const c of unplugOf(plugged.splice(0))) await machine.qmp?.execute(c.execute, c.arguments).catch(() => undefined);
}
