// the sidecar's single json argument, checked before anything runs.

export interface SidecarOptions {
  /** where the feed files go (storage/senses in production) */
  sensesDir: string;
  /** the storage root; clock recordings go under its scenarios/clock */
  storageDir: string;
  intervalMs: number;
  recordClock: boolean;
  /** evdev folder to mirror; a parameter so tests can point it elsewhere */
  inputDir?: string;
}

export function parseSidecarOptions(arg: string | undefined): SidecarOptions {
  if (!arg) throw new Error('sidecar needs one json argument: { sensesDir, storageDir, intervalMs, recordClock }');
  const o = JSON.parse(arg) as Partial<SidecarOptions>;
  if (typeof o.sensesDir !== 'string' || !o.sensesDir) throw new Error('sidecar option sensesDir must be a path');
  if (typeof o.storageDir !== 'string' || !o.storageDir) throw new Error('sidecar option storageDir must be a path');
  if (typeof o.intervalMs !== 'number' || !Number.isFinite(o.intervalMs) || o.intervalMs < 10) throw new Error('sidecar option intervalMs must be >= 10');
  if (typeof o.recordClock !== 'boolean') throw new Error('sidecar option recordClock must be a boolean');
  if (o.inputDir !== undefined && typeof o.inputDir !== 'string') throw new Error('sidecar option inputDir must be a path');
  return { sensesDir: o.sensesDir, storageDir: o.storageDir, intervalMs: o.intervalMs, recordClock: o.recordClock, inputDir: o.inputDir };
}
