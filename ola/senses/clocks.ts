// the two clocks, read back to back so their pairing is as tight as the runtime allows.

export interface ClockReading {
  /** monotonic time in ms (arbitrary origin, never jumps) */
  monoMs: number;
  /** wall time in ms since the unix epoch (can jump when the host syncs) */
  wallMs: number;
}

export function readClocks(): ClockReading {
  const monoMs = Number(process.hrtime.bigint()) / 1e6;
  const wallMs = Date.now();
  return { monoMs, wallMs };
}
