// every stage name, state and event type is defined here, once.

export const STAGES = ['isolate', 'jail', 'container', 'vm', 'shadow', 'active'] as const;
export type Stage = (typeof STAGES)[number];
/** the stage before the ladder: a proposal that has passed validation only */
export type FromStage = 'proposed' | Stage;

export function nextStage(stage: Stage): Stage | undefined {
  return STAGES[STAGES.indexOf(stage) + 1];
}

export const PROPOSAL_STATES = [
  'proposed',
  'rejected',
  'validated',
  'executed',
  'scored',
  'registered',
  'gated',
  'failed',
] as const;
export type ProposalState = (typeof PROPOSAL_STATES)[number];
/** states after which the lifecycle does no more work */
export const TERMINAL_STATES: readonly ProposalState[] = ['rejected', 'gated', 'failed'];

export const LANGUAGES = ['js', 'ts'] as const;
export type Language = (typeof LANGUAGES)[number];

export const TELEMETRY_EVENTS = [
  'internal_clock_inferred',
  'gui_construct',
  'input_prediction',
  'ram_strategy_learned',
  'capability_discovered',
] as const;
export type TelemetryEvent = (typeof TELEMETRY_EVENTS)[number];

export const LIFECYCLE_EVENTS = [
  'proposal_received',
  'proposal_rejected',
  'proposal_validated',
  'proposal_failed',
  'run_executed',
  'score_recorded',
  'artifact_registered',
  'gate_decided',
  'token_issued',
  'lab_started',
] as const;

export const EVOLUTION_EVENTS = [
  'evolution_started',
  'evolution_generation',
  'elite_added',
  'evolution_finished',
  'proposer_failed',
] as const;
export type EvolutionEvent = (typeof EVOLUTION_EVENTS)[number];

export const EVENT_TYPES = [...LIFECYCLE_EVENTS, ...EVOLUTION_EVENTS, ...TELEMETRY_EVENTS] as const;
export type EventType = (typeof EVENT_TYPES)[number];
