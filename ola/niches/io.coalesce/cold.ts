// reads that miss the page cache: a plan is timed on device reads, not on syscalls served from
// memory. each pass runs in a small C helper (direct-read.c, built once with gcc) that opens the
// file with O_DIRECT, so neither the page cache nor the kernel's readahead serves a read; every
// read is widened to the 4 KiB blocks it touches, as a direct reader must. the file's cached
// pages are also written back and dropped first (posix_fadvise DONTNEED through coreutils'
// `dd iflag=nocache count=0`). the plan and the naive plan (one read per request) take turns on
// the same file; the figure is bytes requested per second.
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { closeSync, existsSync, fsyncSync, openSync, readFileSync, renameSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { median } from '../shared/stats.ts';
import { ensureBackingFile } from './backing-file.ts';
import type { Plan } from './plan-check.ts';
import type { IoScenario } from './scenarios.ts';

const SOURCE = join(dirname(fileURLToPath(import.meta.url)), 'direct-read.c');

export interface ColdFigures {
  /** MB of requests served per second, summed over scenarios (medians of the passes) */
  planMBs: number;
  naiveMBs: number;
  /** planMBs / naiveMBs */
  ratio: number;
  /** device reads a pass of each side makes, summed over scenarios */
  planReads: number;
  naiveReads: number;
  scenarios: number;
  passes: number;
  /** plan over naive throughput per scenario kind (bytes over summed medians) */
  ratioByKind: Record<string, number>;
}

/** drops the file's pages from the page cache; false when the host cannot (no dd) */
export function dropCache(path: string): boolean {
  const fd = openSync(path, 'r');
  try {
    // dirty pages are not dropped: write them back first
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
  try {
    execFileSync('dd', [`if=${path}`, 'iflag=nocache', 'count=0', 'status=none'], { stdio: 'ignore', timeout: 10_000 });
    return true;
  } catch {
    return false;
  }
}

/** the direct reader, built next to the backing files once per source version */
export function directReader(dir: string): string {
  const src = readFileSync(SOURCE);
  const bin = join(dir, `direct-read-${createHash('sha256').update(src).digest('hex').slice(0, 16)}`);
  if (existsSync(bin)) return bin;
  const tmp = `${bin}.${process.pid}.tmp`;
  try {
    execFileSync('gcc', ['-O2', '-Wall', '-o', tmp, SOURCE], { stdio: ['ignore', 'ignore', 'pipe'], timeout: 60_000 });
  } catch (err) {
    throw new Error(`cannot build the direct reader (Debian's gcc is needed): ${String((err as { stderr?: Buffer }).stderr ?? (err as Error).message).split('\n')[0]}`);
  }
  renameSync(tmp, bin);
  return bin;
}

/** a plan's batch reads in its order, as the helper reads them: (u64 offset, u32 length) pairs */
export function encodePlan(plan: Pick<Plan, 'batchOffsets' | 'batchLengths'>): Buffer {
  const out = Buffer.alloc(plan.batchOffsets.length * 12);
  for (let k = 0; k < plan.batchOffsets.length; k++) {
    out.writeBigUInt64LE(BigInt(plan.batchOffsets[k]!), k * 12);
    out.writeUInt32LE(plan.batchLengths[k]!, k * 12 + 8);
  }
  return out;
}

/** one pass of a plan's batch reads with O_DIRECT; ms as the helper timed it */
function pass(reader: string, path: string, encoded: Buffer): number {
  let out: string;
  try {
    out = execFileSync(reader, [path], { input: encoded, encoding: 'utf8', stdio: ['pipe', 'pipe', 'pipe'], timeout: 120_000 });
  } catch (err) {
    throw new Error(`direct reads on ${path} failed: ${String((err as { stderr?: string }).stderr ?? (err as Error).message).trim().split('\n')[0]}`);
  }
  const ns = Number(out.trim().split(/\s+/)[0]);
  if (!Number.isFinite(ns) || ns <= 0) throw new Error(`the direct reader printed ${JSON.stringify(out)}`);
  return ns / 1e6;
}

/** cold-cache throughput of each scenario's plan against the naive plan, same files, same passes */
export function coldThroughput(scenarios: IoScenario[], planOf: (s: IoScenario) => Plan, naiveOf: (s: IoScenario) => Plan, passes = 3): ColdFigures {
  let bytes = 0;
  let planMs = 0;
  let naiveMs = 0;
  let planReads = 0;
  let naiveReads = 0;
  const byKind = new Map<string, { planMs: number; naiveMs: number }>();
  for (const s of scenarios) {
    ensureBackingFile(s.truth);
    const reader = directReader(dirname(s.truth.path));
    const plan = encodePlan(planOf(s));
    const naive = encodePlan(naiveOf(s));
    planReads += plan.length / 12;
    naiveReads += naive.length / 12;
    const p: number[] = [];
    const n: number[] = [];
    for (let i = 0; i < passes; i++) {
      // the side that goes first changes every pass
      const sides: [Buffer, number[]][] = i % 2 === 0 ? [[plan, p], [naive, n]] : [[naive, n], [plan, p]];
      for (const [side, out] of sides) {
        if (!dropCache(s.truth.path)) throw new Error('the page cache cannot be dropped here (coreutils dd is missing)');
        out.push(pass(reader, s.truth.path, side));
      }
    }
    for (const l of s.input.lengths) bytes += l;
    planMs += median(p);
    naiveMs += median(n);
    const k = byKind.get(s.kind) ?? { planMs: 0, naiveMs: 0 };
    k.planMs += median(p);
    k.naiveMs += median(n);
    byKind.set(s.kind, k);
  }
  const planMBs = bytes / 1e6 / (planMs / 1000);
  const naiveMBs = bytes / 1e6 / (naiveMs / 1000);
  const ratioByKind = Object.fromEntries([...byKind].map(([kind, v]) => [kind, v.naiveMs / v.planMs]));
  return { planMBs, naiveMBs, ratio: planMBs / naiveMBs, planReads, naiveReads, scenarios: scenarios.length, passes, ratioByKind };
}
