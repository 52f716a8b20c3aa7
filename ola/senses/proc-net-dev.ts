// network i/o from /proc/net/dev, per interface.
import { perSecond, readSource, type Unavailable } from './sense.ts';

export const NET_DEV_PATH = '/proc/net/dev';

export interface NetCounters {
  iface: string;
  rxBytes: number;
  rxPackets: number;
  rxErrors: number;
  rxDrops: number;
  txBytes: number;
  txPackets: number;
  txErrors: number;
  txDrops: number;
}

export interface NetRates {
  rxBytesPerSec: number | null;
  txBytesPerSec: number | null;
  rxPacketsPerSec: number | null;
  txPacketsPerSec: number | null;
}

export type NetEntry = NetCounters & { rates: NetRates | null };

export function parseNetDev(text: string): NetCounters[] {
  const out: NetCounters[] = [];
  for (const line of text.split('\n')) {
    // old kernels glue large counters to the colon ("eth0:123"), so split on it, not on spaces
    const colon = line.indexOf(':');
    if (colon < 0) continue;
    const iface = line.slice(0, colon).trim();
    const c = line.slice(colon + 1).trim().split(/\s+/).map(Number);
    if (!iface || c.length < 16 || c.some((x) => !Number.isFinite(x))) continue;
    out.push({
      iface,
      rxBytes: c[0]!,
      rxPackets: c[1]!,
      rxErrors: c[2]!,
      rxDrops: c[3]!,
      txBytes: c[8]!,
      txPackets: c[9]!,
      txErrors: c[10]!,
      txDrops: c[11]!,
    });
  }
  return out;
}

export function netRates(prev: NetCounters, cur: NetCounters, dtMs: number): NetRates {
  return {
    rxBytesPerSec: perSecond(prev.rxBytes, cur.rxBytes, dtMs),
    txBytesPerSec: perSecond(prev.txBytes, cur.txBytes, dtMs),
    rxPacketsPerSec: perSecond(prev.rxPackets, cur.rxPackets, dtMs),
    txPacketsPerSec: perSecond(prev.txPackets, cur.txPackets, dtMs),
  };
}

export function netEntries(cur: NetCounters[], prev: NetCounters[] | undefined, dtMs: number): NetEntry[] {
  const before = new Map((prev ?? []).map((n) => [n.iface, n]));
  return cur.map((n) => {
    const p = before.get(n.iface);
    return { ...n, rates: p ? netRates(p, n, dtMs) : null };
  });
}

export async function readNetCounters(path = NET_DEV_PATH): Promise<NetCounters[] | Unavailable> {
  const src = await readSource(path);
  if (!('text' in src)) return src;
  return parseNetDev(src.text);
}
