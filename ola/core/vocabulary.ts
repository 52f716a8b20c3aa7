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
/** how a proposal's lifecycle ended */
export type LifecycleOutcome = 'gated_pass' | 'gated_fail' | 'rejected' | 'failed';

/** states after which the lifecycle does no more work */
export const TERMINAL_STATES: readonly ProposalState[] = ['rejected', 'gated', 'failed'];

export const LANGUAGES = ['js', 'ts'] as const;
export type Language = (typeof LANGUAGES)[number];

export const TELEMETRY_EVENTS = [
  'internal_clock_inferred',
  'gui_construct',
  'input_prediction',
  'ram_strategy_learned',
  'usb_probed',
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
  /** an island whose best stopped getting fitter started again (diversity) */
  'island_restarted',
  'evolution_finished',
  'proposer_failed',
] as const;
export type EvolutionEvent = (typeof EVOLUTION_EVENTS)[number];

/** an artifact's climb up the ladder after its proposal's gate (ola/promotion/) */
export const PROMOTION_EVENTS = [
  'stage_started',
  'stage_executed',
  'stage_passed',
  'stage_failed',
  'stage_unavailable',
  'promotion_waiting',
  'token_refused',
  /** an operator let the artifact into a rung that needs a person (who, why, the evidence seen) */
  'promotion_approved',
  /** an operator refused it: the climb ends there */
  'promotion_rejected',
  /** an operator's kill switch: every run of the artifact stopped, at any rung, and it is blocked for good */
  'artifact_killed',
] as const;
export type PromotionEvent = (typeof PROMOTION_EVENTS)[number];

/** where an artifact stands on the ladder */
export const PROMOTION_STATES = [
  /** a token for the next stage is held; the engine will run it */
  'queued',
  /** passed its gate, but the lab's own proposers' artifacts climb only when they beat the incumbent */
  'held',
  'running',
  /** the next stage's runner is not available on this host */
  'stage_unavailable',
  /** the next stage needs an operator's approval */
  'needs_approval',
  /** the last stage tried failed its gate (or its runs) */
  'failed',
  /** an operator refused the rung named; the climb ends */
  'rejected',
  /** nothing above it to climb */
  'top',
  /** it was active and was rolled back (automatically or by an operator); the one before is active again */
  'rolled_back',
  /** an operator killed it: its runs were stopped and every token of it is refused */
  'killed',
] as const;
export type PromotionState = (typeof PROMOTION_STATES)[number];

/** what an operator decides at a rung that needs a person */
export const VERDICTS = ['approved', 'rejected'] as const;
export type Verdict = (typeof VERDICTS)[number];

/** who may do what over the api: submitters propose; operators propose and decide at the gates that need a person */
export const ROLES = ['submitter', 'operator'] as const;
export type Role = (typeof ROLES)[number];

/** what the lab uses: an artifact made active, and active ones rolled back (subject `capability:<niche>`) */
export const CAPABILITY_EVENTS = [
  /** an approved artifact became the niche's capability; the payload keeps the rollback handle */
  'capability_activated',
  /** the capability went back to what was active before (or the built-in fallback), automatically or by an operator */
  'capability_rolled_back',
  /** an operator spoiled uses of an active capability on purpose (a drill; only with faults enabled) */
  'capability_fault_injected',
  /** the decay review's findings about the niche's active capability changed (unused, outperformed, or none any more) */
  'decay_reviewed',
] as const;
export type CapabilityEvent = (typeof CAPABILITY_EVENTS)[number];

/** lab-wide actions (subject `lab`): all promotions halted and resumed, and operators' requests toward a quorum */
export const LAB_EVENTS = [
  /** the circuit breaker tripped (crash rate across rungs), or operators halted every promotion */
  'promotions_halted',
  /** operators reset the breaker: promotions go on */
  'promotions_resumed',
  /** an operator asked for a lab-wide action that needs a quorum of operators */
  'lab_action_requested',
  /** operators rotated the lab key: signed by the old key, it carries the new public key and the old key's endorsement of it */
  'lab_key_rotated',
  /** the lab wrote a checkpoint archive (the registry's export and every artifact source), read back and verified */
  'checkpoint_archived',
  /** an artifact source missing from its file was restored from a checkpoint archive */
  'source_restored',
] as const;

/** lab-wide actions that need a quorum of distinct operators when more than one is configured */
export const LAB_ACTIONS = ['halt', 'resume', 'rotate-key'] as const;
export type LabAction = (typeof LAB_ACTIONS)[number];

export const EVENT_TYPES = [...LIFECYCLE_EVENTS, ...EVOLUTION_EVENTS, ...PROMOTION_EVENTS, ...CAPABILITY_EVENTS, ...LAB_EVENTS, ...TELEMETRY_EVENTS] as const;
export type EventType = (typeof EVENT_TYPES)[number];

/** the guest hardware a niche can run on at the vm stage: framebuffer, tablet (evdev), fuse mount, usb bus */
export const DEVICE_KINDS = ['fb', 'tablet', 'fuse', 'usb'] as const;
export type DeviceKind = (typeof DEVICE_KINDS)[number];
