// fuse.compress gate thresholds per stage, as data. exact read-back is a crash (maxCrashes 0);
// the ratio is byte counts, so a decision never flips on a busy machine. no speed gates.
import type { GatePolicy, StageGate } from '../../core/contracts.ts';

const stage = (minRatio: number): StageGate => ({
  maxCrashes: 0,
  minUtility: 0,
  // efficiency is measured cpu: reported, never gated
  minEfficiency: 0,
  thresholds: [{ metric: 'ratio', op: '>=', value: minRatio }],
  tokenTtlSeconds: 7 * 24 * 3600,
});

export const gates: GatePolicy = {
  // never a net expansion
  isolate: stage(1.0),
  jail: stage(1.1),
  container: stage(1.25),
  vm: stage(1.25),
  shadow: stage(1.5),
};
