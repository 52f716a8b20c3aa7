// one chart point from a senses snapshot: cpu %, memory, block and network rates.
export interface SenseSample {
  t: string;
  cpu: number | null;
  memUsed: number | null;
  memTotal: number | null;
  readBps: number | null;
  writeBps: number | null;
  rxBps: number | null;
  txBps: number | null;
}

type Feed = { available?: boolean } & Record<string, unknown>;

const sum = (xs: number[]) => (xs.length ? xs.reduce((a, b) => a + b, 0) : null);

export function toSample(snap: { ts?: string; feeds?: Record<string, unknown> }): SenseSample {
  const f = (snap.feeds ?? {}) as Record<string, Feed | undefined>;
  const cpu = f.cpu?.available ? ((f.cpu.utilisation as { total?: number } | undefined)?.total ?? null) : null;
  const mem = f.memory?.available ? f.memory : undefined;
  const devices = f.blockio?.available ? ((f.blockio.devices as { device: string; rates?: Record<string, number> }[] | undefined) ?? []) : [];
  // partitions would count twice: keep whole devices (names without a trailing digit after a letter run, and zram/nvme roots)
  const disks = devices.filter((d) => !/^(sd[a-z]+|vd[a-z]+|xvd[a-z]+)\d+$/.test(d.device) && !/p\d+$/.test(d.device));
  const ifaces = f.netio?.available ? ((f.netio.interfaces as { iface: string; rates?: Record<string, number> }[] | undefined) ?? []).filter((i) => i.iface !== 'lo') : [];
  return {
    t: (snap.ts ?? new Date().toISOString()).slice(11, 19),
    cpu,
    memUsed: typeof mem?.usedBytes === 'number' ? mem.usedBytes : null,
    memTotal: typeof mem?.totalBytes === 'number' ? mem.totalBytes : null,
    readBps: f.blockio?.available ? sum(disks.map((d) => d.rates?.readBytesPerSec ?? 0)) : null,
    writeBps: f.blockio?.available ? sum(disks.map((d) => d.rates?.writeBytesPerSec ?? 0)) : null,
    rxBps: f.netio?.available ? sum(ifaces.map((i) => i.rates?.rxBytesPerSec ?? 0)) : null,
    txBps: f.netio?.available ? sum(ifaces.map((i) => i.rates?.txBytesPerSec ?? 0)) : null,
  };
}
