// io.coalesce gate thresholds per stage, as data. only deterministic counts are gated: the
// byte check (a mismatch is a failed run), reads saved, and bytes read per byte requested.
import type { GatePolicy } from '../../core/contracts.ts';
import { ladder, stageGate } from '../shared/gates.ts';

const gate = (readsSaved: number, amplification: number) =>
  stageGate(
    [
      // coalescing must actually coalesce: the naive plan saves nothing. random small reads
      // leave little to save, so a held-out set of four kinds can average low for anyone
      { metric: 'reads_saved', op: '>=', value: readsSaved },
      // no scenario may read more than twice what was asked
      { metric: 'read_amplification_max', op: '<=', value: amplification },
      { metric: 'reads_per_request_max', op: '<=', value: 1 },
    ],
    { minUtility: 0.02, minEfficiency: 0.05 },
  );

/** live traffic: more saved, less waste */
export const gates: GatePolicy = ladder(gate(0.05, 2), gate(0.1, 1.75));
