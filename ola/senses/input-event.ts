// struct input_event as laid out on x86_64 linux: timeval (two int64) then type, code, value.

export const INPUT_EVENT_SIZE = 24;

export interface InputEvent {
  /** kernel timestamp of the event, in ms */
  t: number;
  type: number;
  code: number;
  value: number;
  device: string;
}

/** parses whole events from buf; a trailing partial event is left for the caller to carry over */
export function parseInputEvents(buf: Uint8Array, device: string): { events: InputEvent[]; rest: Uint8Array } {
  const view = new DataView(buf.buffer, buf.byteOffset, buf.byteLength);
  const whole = Math.floor(buf.byteLength / INPUT_EVENT_SIZE);
  const events: InputEvent[] = [];
  for (let i = 0; i < whole; i++) {
    const o = i * INPUT_EVENT_SIZE;
    const sec = view.getBigInt64(o, true);
    const usec = view.getBigInt64(o + 8, true);
    events.push({
      t: Number(sec) * 1000 + Number(usec) / 1000,
      type: view.getUint16(o + 16, true),
      code: view.getUint16(o + 18, true),
      value: view.getInt32(o + 20, true),
      device,
    });
  }
  return { events, rest: buf.subarray(whole * INPUT_EVENT_SIZE) };
}

/** the inverse, for building synthetic fixtures */
export function encodeInputEvent(e: { sec: number; usec: number; type: number; code: number; value: number }): Uint8Array {
  const buf = new Uint8Array(INPUT_EVENT_SIZE);
  const view = new DataView(buf.buffer);
  view.setBigInt64(0, BigInt(e.sec), true);
  view.setBigInt64(8, BigInt(e.usec), true);
  view.setUint16(16, e.type, true);
  view.setUint16(18, e.code, true);
  view.setInt32(20, e.value, true);
  return buf;
}
