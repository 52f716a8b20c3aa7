// a niche's live feed for shadow mode: what the host really does, turned into scenarios the
// niche's own driver runs, and each side's output read back event by event against the ground
// truth that arrived. a feed never trusts an output: hostile shapes give { ok: false }.
import type { RegistryStore, Scenario } from '../../core/contracts.ts';

/** what the lab lends a feed: its storage, its registry and the traces it keeps of its own work */
export interface LiveContext {
  storageDir: string;
  store: RegistryStore;
  /** the lab's own traces (artifact reads, the artifact cache, the dashboard's pointer) */
  traces: LabTraces;
  /** rounds captured so far for this artifact: a feed may walk its sources with it */
  round: number;
  /** how far into a lab trace earlier rounds consumed (absolute position; 0 at first): events are fed once */
  cursor: number;
  signal: AbortSignal;
}

/** the lab's recent work, kept small, which feeds that mirror the lab read */
export interface LabTraces {
  /** the registry's artifact reads: (offset, length) requests against one pack file; `start` is the absolute position of the first */
  artifactReads(): { file: string; size: number; offsets: number[]; lengths: number[]; start: number } | undefined;
  /** the artifact cache's accesses: keys and sizes, oldest first; `start` is the absolute position of the first */
  cacheAccesses(): { keys: number[]; sizes: number[]; start: number };
  /** the pointer path the dashboard draws, one position a frame */
  pointerPath(): { x: number[]; y: number[]; buttons: number[] };
}

export interface LiveBatch {
  scenarios: Scenario[];
  /** where the events came from, in words (recorded in the report) */
  source: string;
  /** how far into its lab trace this batch consumed (the next round's ctx.cursor) */
  cursor?: number;
}

/** one side's reading of a live scenario, event by event */
export type SideEvents =
  | {
      ok: true;
      /** the niche's shadow metric per event; NaN where there is no ground truth (ignored) */
      values: number[];
      /** what a consumer would have seen per event, compared across sides by `same` */
      seen: unknown[];
      /** the ground truth per event, for a mismatch sample */
      truth?: unknown[];
      /** events whose output had to be exact and was not */
      wrong: number;
    }
  | { ok: false; reason: string };

export interface LiveFeed {
  niche: string;
  /** the strongest rung its shadow runs may use (usb.probe: the vm guest reads its own usb bus, not the host's) */
  maxSandbox?: 'isolate' | 'jail' | 'container' | 'vm';
  /** what feeds it on this host, or why nothing can (the artifact then waits, said once) */
  source(ctx: Pick<LiveContext, 'storageDir' | 'traces'>): Promise<{ available: true; what: string } | { available: false; reason: string }>;
  /** the next live scenarios; each holds several events */
  capture(ctx: LiveContext): Promise<LiveBatch>;
  events(scenario: Scenario, output: unknown): SideEvents;
  /** whether two sides' outputs for one event agree (scientist's comparator) */
  same(a: unknown, b: unknown): boolean;
}
