// building gate policies: one stage gate, and the ladder of stages a niche climbs.
import type { GatePolicy, MetricThreshold, StageGate } from '../../core/contracts.ts';

const WEEK_S = 7 * 24 * 3600;

/** no crashes; thresholds on deterministic metrics; efficiency (measured cpu) only if asked */
export function stageGate(thresholds: MetricThreshold[], o: { minUtility?: number; minEfficiency?: number } = {}): StageGate {
  return { maxCrashes: 0, minUtility: o.minUtility ?? 0, minEfficiency: o.minEfficiency ?? 0, thresholds, tokenTtlSeconds: WEEK_S };
}

/** the sandboxed stages (isolate, jail, container, vm) share one gate unless overridden; shadow is its own */
export function ladder(sandboxed: StageGate, shadow: StageGate, over: GatePolicy = {}): GatePolicy {
  return { isolate: sandboxed, jail: sandboxed, container: sandboxed, vm: sandboxed, shadow, ...over };
}
