// the message protocol between the runner (parent) and an isolate host (child).
import type { RunLimits, RunResult } from '../core/contracts.ts';
import type { DeviceKind } from '../core/vocabulary.ts';

/** an input the child already holds is sent as its key alone */
export interface ChildInput {
  scenarioId: string;
  key?: string;
  input?: unknown;
}

export interface ChildJob {
  sha256: string;
  script: string;
  driver: string;
  inputs: ChildInput[];
  limits: RunLimits;
  /** the guest hardware the runs go through (the vm's agent has hooks for it; others run plainly) */
  device?: DeviceKind;
  /** measure the artifact's code coverage in each run (an isolate with the inspector on) */
  coverage?: boolean;
}

/** inputs a child keeps; parent and child evict in the same fifo order, so the parent knows */
export const INPUT_CACHE_SIZE = 256;

/**
 * a job as it crosses to a child: an artifact's script and a driver go the first time only, then
 * the child holds them (keys `a:<sha256>` and `d:<driverKey>`, a fifo mirrored like the inputs')
 */
export type ShippedJob = Omit<ChildJob, 'script' | 'driver'> & { script?: string; driver?: string; driverKey: string };

/** scripts and drivers a child keeps */
export const CODE_CACHE_SIZE = 32;

/** the parent's mirror of a child's fifo: true when the key is new to the child (then it goes, and is noted) */
export function firstSend(sent: Set<string>, key: string, cap: number): boolean {
  if (sent.has(key)) return false;
  sent.add(key);
  if (sent.size > cap) sent.delete(sent.values().next().value!);
  return true;
}

/** the child's fifo, as its parent mirrors it: same inserts, same capacity, same evictions */
export function keep<V>(held: Map<string, V>, key: string, value: V, cap: number): void {
  if (held.has(key)) return;
  held.set(key, value);
  if (held.size > cap) held.delete(held.keys().next().value!);
}

export const Msg = { Ready: 1, Run: 2, RunDone: 3, JobDone: 4, Shutdown: 5, Device: 6, DeviceReply: 7, Extend: 8 } as const;
type M = typeof Msg;

export type ParentMessage =
  | { kind: M['Run']; id: number; job: ShippedJob }
  | { kind: M['Shutdown'] }
  | { kind: M['DeviceReply']; call: number; ok: boolean; value?: unknown; error?: string };

/** a guest asks its host to act on the virtual hardware for run `index` of job `id` */
export interface DeviceCall {
  kind: M['Device'];
  call: number;
  id: number;
  index: number;
  op: string;
  arg?: unknown;
}

export type ChildMessage =
  | { kind: M['Ready'] }
  | { kind: M['RunDone']; id: number; index: number; result: RunResult }
  | { kind: M['JobDone']; id: number }
  /** run `index` starts again with this much wall time: the last try was starved of cpu (isolate-host.ts) */
  | { kind: M['Extend']; id: number; index: number; wallMs: number }
  | DeviceCall;
