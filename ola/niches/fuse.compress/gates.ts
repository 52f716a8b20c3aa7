// fuse.compress gate thresholds per stage, as data. exact read-back is a crash (maxCrashes 0);
// the ratio is byte counts, so a decision never flips on a busy machine. no speed gates.
import type { GatePolicy } from '../../core/contracts.ts';
import { ladder, stageGate } from '../shared/gates.ts';

// efficiency is measured cpu: reported, never gated
const ratio = (value: number) => stageGate([{ metric: 'ratio', op: '>=', value }]);

// never a net expansion in the sandbox; more compression the closer to real files
export const gates: GatePolicy = ladder(ratio(1.0), ratio(1.5), { jail: ratio(1.1), container: ratio(1.25), vm: ratio(1.25) });
