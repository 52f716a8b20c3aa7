// block i/o from /proc/diskstats; sectors there are always 512 bytes, whatever the device.
import { perSecond, readSource, type Unavailable } from './sense.ts';

export const DISKSTATS_PATH = '/proc/diskstats';
const SECTOR_BYTES = 512;

export interface DiskCounters {
  device: string;
  readsCompleted: number;
  writesCompleted: number;
  bytesRead: number;
  bytesWritten: number;
  /** ms the device spent with i/o in flight */
  ioMs: number;
}

export interface DiskRates {
  readsPerSec: number | null;
  writesPerSec: number | null;
  readBytesPerSec: number | null;
  writeBytesPerSec: number | null;
  /** share of the interval the device was busy, in % */
  busyPercent: number | null;
}

export type DiskEntry = DiskCounters & { rates: DiskRates | null };

// loop and ram devices mirror other storage or memory; counting them double-counts
const SKIP = /^(loop|ram)\d+$/;

export function parseDiskstats(text: string): DiskCounters[] {
  const out: DiskCounters[] = [];
  for (const line of text.split('\n')) {
    const c = line.trim().split(/\s+/);
    if (c.length < 14) continue;
    const device = c[2]!;
    if (SKIP.test(device)) continue;
    const n = (i: number) => Number(c[i]) || 0;
    out.push({
      device,
      readsCompleted: n(3),
      bytesRead: n(5) * SECTOR_BYTES,
      writesCompleted: n(7),
      bytesWritten: n(9) * SECTOR_BYTES,
      ioMs: n(12),
    });
  }
  return out;
}

export function diskRates(prev: DiskCounters, cur: DiskCounters, dtMs: number): DiskRates {
  const busy = perSecond(prev.ioMs, cur.ioMs, dtMs);
  return {
    readsPerSec: perSecond(prev.readsCompleted, cur.readsCompleted, dtMs),
    writesPerSec: perSecond(prev.writesCompleted, cur.writesCompleted, dtMs),
    readBytesPerSec: perSecond(prev.bytesRead, cur.bytesRead, dtMs),
    writeBytesPerSec: perSecond(prev.bytesWritten, cur.bytesWritten, dtMs),
    // io ms per second of wall time, /10 turns ms/s into %
    busyPercent: busy === null ? null : Math.min(100, busy / 10),
  };
}

/** pairs each device with its previous reading; a device new since then has no rates yet */
export function diskEntries(cur: DiskCounters[], prev: DiskCounters[] | undefined, dtMs: number): DiskEntry[] {
  const before = new Map((prev ?? []).map((d) => [d.device, d]));
  return cur.map((d) => {
    const p = before.get(d.device);
    return { ...d, rates: p ? diskRates(p, d, dtMs) : null };
  });
}

export async function readDiskCounters(path = DISKSTATS_PATH): Promise<DiskCounters[] | Unavailable> {
  const src = await readSource(path);
  if (!('text' in src)) return src;
  return parseDiskstats(src.text);
}
