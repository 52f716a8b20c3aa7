// input.predictor gate thresholds per stage, as data. only deterministic metrics are
// gated (errors, ratios, click counts); latency is reported, never gated, so a busy host
// cannot flip a decision. over 150 random held-out sets the baseline's worst-scenario p95
// stayed under 120 px, its pooled click recall over 0.37 and its acc_v over 0.31. recall alone
// is won by calling a click on every query (recall 1, precision at the base rate, 0.02-0.04),
// so precision is bounded too: the baseline's stayed over 0.13 on 13 held-out sets.
import type { GatePolicy } from '../../core/contracts.ts';
import { ladder, stageGate } from '../shared/gates.ts';

// efficiency is measured cpu and heap: a run past the limits already fails
const sandboxed = [
  { metric: 'pos_error_p95_px', op: '<=', value: 150 },
  { metric: 'click_recall', op: '>=', value: 0.25 },
  { metric: 'click_precision', op: '>=', value: 0.08 },
  { metric: 'acc_v', op: '>=', value: 0.2 },
] as const;

// serving real users: the mean error must stay near what the baseline already does
export const gates: GatePolicy = ladder(stageGate([...sandboxed]), stageGate([...sandboxed, { metric: 'pos_error_px', op: '<=', value: 40 }]));
