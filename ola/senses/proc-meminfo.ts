// memory from /proc/meminfo; the kernel reports kB (really KiB), the feed reports bytes.
import { readSource, unavailable, type Sensed } from './sense.ts';

export const MEMINFO_PATH = '/proc/meminfo';

export interface MemoryFeed {
  totalBytes: number;
  availableBytes: number;
  freeBytes: number;
  buffersBytes: number;
  cachedBytes: number;
  usedBytes: number;
  swapTotalBytes: number;
  swapFreeBytes: number;
  swapUsedBytes: number;
}

export function parseMeminfo(text: string): MemoryFeed | undefined {
  const kv = new Map<string, number>();
  for (const line of text.split('\n')) {
    const m = /^([\w()]+):\s+(\d+)(\s+kB)?$/.exec(line.trim());
    // counts such as HugePages_Total carry no unit and stay as they are
    if (m) kv.set(m[1]!, Number(m[2]) * (m[3] ? 1024 : 1));
  }
  const total = kv.get('MemTotal');
  const free = kv.get('MemFree');
  if (total === undefined || free === undefined) return undefined;
  const buffers = kv.get('Buffers') ?? 0;
  const cached = kv.get('Cached') ?? 0;
  // kernels before 3.14 lack MemAvailable; free + page cache is the usual stand-in
  const available = kv.get('MemAvailable') ?? free + buffers + cached;
  const swapTotal = kv.get('SwapTotal') ?? 0;
  const swapFree = kv.get('SwapFree') ?? 0;
  return {
    totalBytes: total,
    availableBytes: available,
    freeBytes: free,
    buffersBytes: buffers,
    cachedBytes: cached,
    usedBytes: Math.max(0, total - available),
    swapTotalBytes: swapTotal,
    swapFreeBytes: swapFree,
    swapUsedBytes: Math.max(0, swapTotal - swapFree),
  };
}

export async function readMemory(path = MEMINFO_PATH): Promise<Sensed<MemoryFeed>> {
  const src = await readSource(path);
  if (!('text' in src)) return src;
  const mem = parseMeminfo(src.text);
  return mem ? { available: true, ...mem } : unavailable(`no MemTotal/MemFree in ${path}`);
}
