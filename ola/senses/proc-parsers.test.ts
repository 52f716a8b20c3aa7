import { describe, expect, it } from 'vitest';
import { parseEntropy, readEntropy } from './entropy.ts';
import { diskEntries, parseDiskstats } from './proc-diskstats.ts';
import { parseMeminfo, readMemory } from './proc-meminfo.ts';
import { netEntries, parseNetDev } from './proc-net-dev.ts';
import { busyPercent, cpuFeed, parseProcStat, readCpuSample } from './proc-stat.ts';

const STAT_A = `cpu  22131 0 3014 165954 292 0 66 92 0 0
cpu0 4818 0 1178 89614 51 0 22 44 0 0
cpu1 17313 0 1836 76340 240 0 43 48 0 0
intr 487974 0 0 0 0 0
ctxt 1197295
btime 1795460347
processes 6001
procs_running 2
procs_blocked 0
softirq 316532 0 52112 12 9034 0 0 3 147522 0 107849
`;

// 100 jiffies later on each cpu: cpu0 25 busy / 75 idle, cpu1 60 busy / 40 idle (10 of it iowait)
const STAT_B = `cpu  22191 0 3039 166059 302 0 66 92 0 0
cpu0 4838 0 1183 89689 51 0 22 44 0 0
cpu1 17353 0 1856 76370 250 0 43 48 0 0
intr 488000 0 0 0 0 0
ctxt 1197400
`;

const MEMINFO = `MemTotal:       24684096 kB
MemFree:        24245732 kB
MemAvailable:   24295916 kB
Buffers:            1752 kB
Cached:           248188 kB
SwapCached:            0 kB
Active:           178540 kB
Active(anon):     108064 kB
SwapTotal:       2097148 kB
SwapFree:        1048574 kB
HugePages_Total:       0
Hugepagesize:       2048 kB
`;

const DISKSTATS_A = `   7       0 loop0 12 0 40 1 0 0 0 0 0 4 1 0 0 0 0 0 0
   1       0 ram0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0
 253       0 vda 50864 1203 3032570 4210 4368 2991 2097032 1337 0 4692 5547 0 0 0 0 120 0
 253       1 vda1 50000 1200 3000000 4100 4300 2990 2090000 1300 0 4600 5400 0 0 0 0 0 0
 252       0 zram0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0
`;

const DISKSTATS_B = ` 253       0 vda 50964 1203 3034618 4230 4468 2991 2099080 1350 0 5192 5600 0 0 0 0 120 0
 252       0 zram0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0
`;

const NET_DEV_A = `Inter-|   Receive                                                |  Transmit
 face |bytes    packets errs drop fifo frame compressed multicast|bytes    packets errs drop fifo colls carrier compressed
    lo:    3193      29    0    0    0     0          0         0     3193      29    0    0    0     0       0          0
  eth0: 320382640  10271    2    5    0     0          0         0  1048576    8000    1    3    0     0       0          0
`;

const NET_DEV_B = `Inter-|   Receive                                                |  Transmit
 face |bytes    packets errs drop fifo frame compressed multicast|bytes    packets errs drop fifo colls carrier compressed
    lo:    3193      29    0    0    0     0          0         0     3193      29    0    0    0     0       0          0
  eth0:320584640  10371    2    5    0     0          0         0  1050624    8010    1    3    0     0       0          0
`;

describe('/proc/stat', () => {
  it('parses aggregate and per-cpu jiffies', () => {
    const s = parseProcStat(STAT_A)!;
    expect(s.total).toEqual({ user: 22131, nice: 0, system: 3014, idle: 165954, iowait: 292, irq: 0, softirq: 66, steal: 92 });
    expect(s.perCpu).toHaveLength(2);
    expect(s.perCpu[1]!.user).toBe(17313);
  });

  it('computes utilisation from the delta of two samples, counting iowait as idle', () => {
    const a = parseProcStat(STAT_A)!;
    const b = parseProcStat(STAT_B)!;
    expect(busyPercent(a.perCpu[0]!, b.perCpu[0]!)).toBe(25);
    expect(busyPercent(a.perCpu[1]!, b.perCpu[1]!)).toBe(60);
    const feed = cpuFeed(b, a);
    expect(feed.cores).toBe(2);
    expect(feed.utilisation.total).toBe(42.5);
    // without a previous sample there is no rate to report
    expect(cpuFeed(a, undefined).utilisation).toEqual({ total: null, perCpu: [null, null] });
  });

  it('rejects text without an aggregate line and reports unreadable sources', async () => {
    expect(parseProcStat('intr 1 2 3\n')).toBeUndefined();
    const r = await readCpuSample('/definitely/not/here/stat');
    expect(r).toMatchObject({ available: false });
    expect((r as { reason: string }).reason).toContain('/definitely/not/here/stat');
  });
});

describe('/proc/meminfo', () => {
  it('converts kB to bytes and derives used memory and swap', () => {
    const m = parseMeminfo(MEMINFO)!;
    expect(m.totalBytes).toBe(24684096 * 1024);
    expect(m.availableBytes).toBe(24295916 * 1024);
    expect(m.freeBytes).toBe(24245732 * 1024);
    expect(m.buffersBytes).toBe(1752 * 1024);
    expect(m.cachedBytes).toBe(248188 * 1024);
    expect(m.usedBytes).toBe((24684096 - 24295916) * 1024);
    expect(m.swapTotalBytes).toBe(2097148 * 1024);
    expect(m.swapUsedBytes).toBe((2097148 - 1048574) * 1024);
  });

  it('falls back when MemAvailable is missing and refuses text without totals', () => {
    const old = MEMINFO.replace(/^MemAvailable:.*\n/m, '');
    expect(parseMeminfo(old)!.availableBytes).toBe((24245732 + 1752 + 248188) * 1024);
    expect(parseMeminfo('Buffers: 1 kB\n')).toBeUndefined();
  });

  it('reads the real file on linux, or says why not', async () => {
    const r = await readMemory();
    if (r.available) expect(r.totalBytes).toBeGreaterThan(0);
    else expect(r.reason).toMatch(/meminfo/);
    expect(await readMemory('/nope/meminfo')).toMatchObject({ available: false });
  });
});

describe('/proc/diskstats', () => {
  it('skips loop and ram devices and turns sectors into bytes', () => {
    const d = parseDiskstats(DISKSTATS_A);
    expect(d.map((x) => x.device)).toEqual(['vda', 'vda1', 'zram0']);
    expect(d[0]).toEqual({ device: 'vda', readsCompleted: 50864, writesCompleted: 4368, bytesRead: 3032570 * 512, bytesWritten: 2097032 * 512, ioMs: 4692 });
  });

  it('derives per-second rates from two samples', () => {
    const [vda] = diskEntries(parseDiskstats(DISKSTATS_B), parseDiskstats(DISKSTATS_A), 1000);
    expect(vda!.rates).toEqual({ readsPerSec: 100, writesPerSec: 100, readBytesPerSec: 2048 * 512, writeBytesPerSec: 2048 * 512, busyPercent: 50 });
    // a device absent from the previous sample has no rates yet
    const fresh = diskEntries(parseDiskstats(DISKSTATS_B), [], 1000);
    expect(fresh[0]!.rates).toBeNull();
  });
});

describe('/proc/net/dev', () => {
  it('parses per-interface counters, including names glued to their first counter', () => {
    const a = parseNetDev(NET_DEV_A);
    expect(a.map((n) => n.iface)).toEqual(['lo', 'eth0']);
    expect(a[1]).toEqual({ iface: 'eth0', rxBytes: 320382640, rxPackets: 10271, rxErrors: 2, rxDrops: 5, txBytes: 1048576, txPackets: 8000, txErrors: 1, txDrops: 3 });
    expect(parseNetDev(NET_DEV_B)[1]!.rxBytes).toBe(320584640);
  });

  it('derives rates and refuses to invent one when a counter went backwards', () => {
    const [, eth0] = netEntries(parseNetDev(NET_DEV_B), parseNetDev(NET_DEV_A), 2000);
    expect(eth0!.rates).toEqual({ rxBytesPerSec: 101000, txBytesPerSec: 1024, rxPacketsPerSec: 50, txPacketsPerSec: 5 });
    const [, back] = netEntries(parseNetDev(NET_DEV_A), parseNetDev(NET_DEV_B), 2000);
    expect(back!.rates!.rxBytesPerSec).toBeNull();
  });
});

describe('entropy', () => {
  it('parses the pool estimate and reports a missing source', async () => {
    expect(parseEntropy('256\n')).toBe(256);
    expect(parseEntropy('garbage')).toBeUndefined();
    expect(await readEntropy('/nope/entropy_avail')).toMatchObject({ available: false });
  });
});
