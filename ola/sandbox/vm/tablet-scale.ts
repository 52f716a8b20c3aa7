// the pointer's screen as the virtio tablet reports it: absolute axes 0..32767 span the
// input.predictor screen (1920x1080). host and guest quantize the same way, so the guest
// knows which reports change nothing (evdev sends no frame for those).
export const SCREEN = { width: 1920, height: 1080 } as const;
export const ABS_MAX = 32767;

export const toAbs = (v: number, size: number): number => Math.min(ABS_MAX, Math.max(0, Math.round((v * ABS_MAX) / (size - 1))));
export const fromAbs = (a: number, size: number): number => (a * (size - 1)) / ABS_MAX;

/** the buttons the tablet has, as the niche's bitmask (1 primary, 2 secondary, 4 middle) */
export const BUTTONS = [
  { bit: 1, qmp: 'left', code: 0x110 },
  { bit: 2, qmp: 'right', code: 0x111 },
  { bit: 4, qmp: 'middle', code: 0x112 },
] as const;

export interface TabletReport {
  ax: number;
  ay: number;
  buttons: number;
}

/** the reports of a pointer trace, quantized to the tablet's axes */
export function reports(x: ArrayLike<number>, y: ArrayLike<number>, buttons: ArrayLike<number>): TabletReport[] {
  const out: TabletReport[] = [];
  for (let i = 0; i < x.length; i++) out.push({ ax: toAbs(x[i]!, SCREEN.width), ay: toAbs(y[i]!, SCREEN.height), buttons: buttons[i]! & 7 });
  return out;
}

/** two reports the tablet first gets, so the guest knows its state: the second always makes a frame */
export function prelude(first: TabletReport | undefined): TabletReport[] {
  const v = first?.ax === 9 && first.ay === 9 ? 11 : 9;
  return [
    { ax: 7, ay: 7, buttons: 0 },
    { ax: v, ay: v, buttons: 0 },
  ];
}

export const same = (a: TabletReport, b: TabletReport): boolean => a.ax === b.ax && a.ay === b.ay && a.buttons === b.buttons;
