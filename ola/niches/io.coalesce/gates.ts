// io.coalesce gate thresholds per stage, as data. only deterministic counts are gated: the
// byte check (a mismatch is a failed run), reads saved, and bytes read per byte requested.
import type { GatePolicy, StageGate } from '../../core/contracts.ts';

const target: StageGate = {
  maxCrashes: 0,
  minUtility: 0.02,
  minEfficiency: 0.05,
  thresholds: [
    // coalescing must actually coalesce: the naive plan saves nothing. random small reads
    // leave little to save, so a held-out set of four kinds can average low for anyone
    { metric: 'reads_saved', op: '>=', value: 0.05 },
    // no scenario may read more than twice what was asked
    { metric: 'read_amplification_max', op: '<=', value: 2 },
    { metric: 'reads_per_request_max', op: '<=', value: 1 },
  ],
  tokenTtlSeconds: 7 * 24 * 3600,
};

/** live traffic: more saved, less waste */
const shadow: StageGate = {
  ...target,
  thresholds: [
    { metric: 'reads_saved', op: '>=', value: 0.1 },
    { metric: 'read_amplification_max', op: '<=', value: 1.75 },
    { metric: 'reads_per_request_max', op: '<=', value: 1 },
  ],
};

export const gates: GatePolicy = { isolate: target, jail: target, container: target, vm: target, shadow };
