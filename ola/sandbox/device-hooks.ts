// the guest hardware's side of a run: at the vm stage the agent installs hooks that route a
// run through the virtual devices (draw on /dev/fb0, read evdev, serve a fuse mount, read
// the usb bus). the isolate host calls a hook instead of running the driver once, plainly.
import type { DeviceKind } from '../core/vocabulary.ts';

export interface DeviceSession {
  /** the niche's driver over the artifact, synchronously in the run's context; its output copied out */
  drive(input: unknown): unknown;
  /** one of the driver's device calls (`deviceCalls(a)` in the driver), in the same context */
  call(name: string, args: unknown[]): unknown;
  /** asks the host (the vm runner) to act on the hardware for this run, e.g. inject events */
  host(op: string, arg?: unknown): Promise<unknown>;
}

/** returns the run's output; throws when the hardware failed (not the artifact) */
export type DeviceHook = (session: DeviceSession, input: unknown) => Promise<unknown>;
export type DeviceHooks = Partial<Record<DeviceKind, DeviceHook>>;

/** where the guest agent puts its hooks before it loads the isolate host */
export function installedHooks(): DeviceHooks {
  return (globalThis as { __olaDevices?: DeviceHooks }).__olaDevices ?? {};
}

export function installHooks(hooks: DeviceHooks): void {
  (globalThis as { __olaDevices?: DeviceHooks }).__olaDevices = hooks;
}
