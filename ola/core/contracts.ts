// the pipeline roles as small interfaces; implementations live beside their areas.
import type { ErrorCode } from './errors.ts';
import type { DeviceKind, EventType, FromStage, Language, PromotionState, ProposalState, Stage, TelemetryEvent, Verdict } from './vocabulary.ts';

// ---------- proposals ----------

export interface ProposalInput {
  niche: string;
  source: string;
  language: Language;
  proposer?: string;
  meta?: Record<string, unknown>;
  /** artifact ids this proposal descends from */
  parents?: string[];
}

/** what became of a proposal, fed back to the proposer that made it */
export interface ProposalOutcome {
  input: ProposalInput;
  proposal?: ProposalRecord;
  artifact?: ArtifactRecord;
}

/**
 * the lab's own proposers (evolve, llm). people and agents propose the same ProposalInput
 * over rest; a proposer is driven in rounds: next() proposes, the lifecycle judges, observe()
 * hears the outcomes (ola/proposers/drive.ts).
 */
export interface Proposer {
  readonly name: string;
  /** up to `count` proposals for this round; none when it has nothing more to offer */
  next(round: number, count: number, signal: AbortSignal): Promise<ProposalInput[]>;
  observe(outcomes: ProposalOutcome[]): Promise<void>;
  /** the best artifact it has seen, by the niche's utility */
  best(): { id: string; fitness: number; headline: number } | undefined;
  /** the starting point's headline metric, once known */
  readonly baseline: number | undefined;
  /** the starting point's utility, once known */
  readonly baselineFitness: number | undefined;
  /** resume: the run's artifacts from before a restart, oldest first */
  restore?(artifacts: ArtifactRecord[]): Promise<void>;
}

// ---------- validation ----------

export interface Rejection {
  code: ErrorCode;
  rule: string;
  message: string;
  line?: number;
  column?: number;
}

export interface ValidatedSource {
  /** the source as submitted */
  source: string;
  sha256: string;
  /** plain es module javascript (transpiled when the source was ts) */
  module: string;
  /** the module turned into a script that assigns its exports to a global */
  script: string;
  exports: string[];
}

export interface Validator {
  validate(input: { source: string; language: Language; requiredExports: readonly string[] }): Promise<
    { ok: true; value: ValidatedSource } | { ok: false; rejections: Rejection[] }
  >;
}

// ---------- sandbox ----------

export interface RunLimits {
  memoryMb: number;
  /** per scenario, cpu time */
  cpuMs: number;
  /** per scenario, wall time; a run past it is killed */
  wallMs: number;
  /** bytes of json the output may take */
  maxOutputBytes: number;
}

export interface SandboxJob {
  artifactId: string;
  sha256: string;
  script: string;
  /** trusted driver source defining `function __drive(artifact, input)` */
  driver: string;
  /** cacheKey names an input that never changes, so a runner may ship it only once */
  inputs: { scenarioId: string; input: unknown; cacheKey?: string }[];
  limits: RunLimits;
  /** capability token for the runner's stage */
  token: string;
  /** the virtual hardware the niche's runs use where the stage has it (the vm); others ignore it */
  device?: DeviceKind;
  /** where runs queue (OLA_REDIS_URL), people's proposals go before evolution's children; in-process runners ignore it */
  priority?: 'people' | 'evolution';
  /**
   * on the job queue: when the lab admitted the job (checked and spent its token). a worker
   * checks the token's expiry as of then (an hour back at most), so a job that waited in a
   * long queue on a busy host is not refused for the wait: limits count from when a run starts
   */
  admittedAt?: number;
}

export interface RunResult {
  scenarioId: string;
  ok: boolean;
  output?: unknown;
  error?: { code: ErrorCode; message: string };
  cpuMs: number;
  wallMs: number;
  heapBytes: number;
  /** what the run wrote with console.* (bounded), when anything */
  logs?: string[];
  /** the artifact's v8 code coverage in the run, where the stage measures it (the vm) */
  coverage?: RunCoverage;
}

export interface RunCoverage {
  /** functions the artifact defines, and those that ran */
  functions: number;
  functionsCalled: number;
  /** source bytes (of the validated script) and those whose block executed */
  bytes: number;
  bytesCovered: number;
  ratio: number;
}

export interface StageProbe {
  available: boolean;
  reason?: string;
  /** what the runner runs on (e.g. the container runtime, kvm or tcg) */
  detail?: Record<string, string | number | boolean>;
}

/**
 * one rung's runner. run() refuses any job whose token is not a valid, unspent token for
 * this runner's stage, artifact and code (ola/sandbox/runner.ts does it for every runner).
 */
export interface SandboxRunner {
  readonly stage: Stage;
  /** is this runner usable on this host, and if not, why */
  probe(): Promise<StageProbe>;
  run(job: SandboxJob, signal: AbortSignal): Promise<RunResult[]>;
  close(): Promise<void>;
  /** what a close still waits for, in a few words (the lab says it if its close is stuck) */
  closing?(): string;
}

// ---------- niches and scoring ----------

export interface Scenario<I = unknown, T = unknown> {
  id: string;
  seed: number;
  kind: string;
  heldOut: boolean;
  /** handed to the artifact (copied into the sandbox) */
  input: I;
  /** kept on the host for scoring, never handed to the artifact */
  truth: T;
}

export type Comparison = '<=' | '>=' | '<' | '>' | '==';

export interface MetricThreshold {
  metric: string;
  op: Comparison;
  value: number;
}

export interface StageGate {
  /** crashes allowed across all runs (promotion needs 0) */
  maxCrashes: number;
  minUtility: number;
  minEfficiency: number;
  thresholds: MetricThreshold[];
  /** how long a token for the next stage lives */
  tokenTtlSeconds: number;
}

export type GatePolicy = Partial<Record<Stage, StageGate>>;

export interface ScenarioScore {
  scenarioId: string;
  ok: boolean;
  reason?: string;
  metrics: Record<string, number>;
  /** text facts an artifact reports (e.g. its method name) */
  labels?: Record<string, string>;
}

export interface Score {
  utility: number;
  stability: number;
  efficiency: number;
  crashes: number;
  runs: number;
  metrics: Record<string, number>;
  labels: Record<string, string>;
  scenarios: ScenarioScore[];
  harnessHash: string;
  scenariosHash: string;
}

/** what the niche's harness judges about one run; the scorer aggregates */
/** what the sandbox measured about a run, for niches that score speed */
export interface RunCost {
  cpuMs: number;
  wallMs: number;
}

export interface NicheJudge<I, T> {
  /** output comes from hostile code: check its shape, never throw, fail with a reason */
  judge(scenario: Scenario<I, T>, output: unknown, cost: RunCost): ScenarioScore;
  /** the niche's figure of merit in [0, 1] from aggregated metrics */
  utility(metrics: Record<string, number>): number;
  aggregate(scores: ScenarioScore[]): Record<string, number>;
}

export interface Scorer {
  score(niche: Niche, scenarios: Scenario[], results: RunResult[], limits: RunLimits): Score;
}

export interface ScenarioContext {
  heldOutKey: Buffer;
  /** where recorded traces live (storage/scenarios/<niche>/) */
  storageDir: string;
}

export interface NicheInfo {
  id: string;
  title: string;
  description: string;
  interfaceText: string;
  requiredExports: readonly string[];
  /** emitted after scoring; a niche whose event is capability_discovered emits only at the gate */
  event: TelemetryEvent;
  gates: GatePolicy;
  /** the metric that sums the niche up, and which way is better */
  headline: { metric: string; better: 'lower' | 'higher'; unit: string };
}

export interface Niche<I = unknown, T = unknown> extends NicheInfo {
  driver: string;
  baseline: string;
  judge: NicheJudge<I, T>;
  /** deterministic scenarios; held-out seeds are derived from a lab secret */
  scenarios(ctx: ScenarioContext): Scenario<I, T>[];
  /** telemetry payload for the niche's event, from a score */
  telemetry(score: Score, artifactId: string): Record<string, unknown>;
  harnessHash: string;
  /** limits at the isolate stage; other stages scale them (promotion/ladder.ts) */
  limits: RunLimits;
  /** per-stage overrides of the scaled limits */
  stageLimits?: Partial<Record<Stage, Partial<RunLimits>>>;
  /** the virtual hardware its runs go through at the vm stage (what the judge then sees) */
  device?: DeviceKind;
  /**
   * the input of a run whose output only the judge reads (a proposal's evaluation): the driver may
   * leave out what only a read-back or a device needs (gui.fb's full last frame, 1.2 MB a run)
   */
  leanInput?(input: I): I;
  /**
   * what the lab's proposers select by where the utility's statistic overfits a few public
   * scenarios (clock: the worst single estimate of four traces); gates and incumbents keep the
   * utility
   */
  fitness?(score: Score): number;
  /** a scenario from any seed (its kind from the seed too), for a rung's fuzzed runs */
  fuzz?(seed: number, ctx: ScenarioContext): Scenario<I, T>;
  /** how many fuzzed scenarios, with seeds drawn at random, a rung's gate also needs green */
  fuzzRuns?: Partial<Record<Stage, number>>;
  /** how its shadow reports are judged (ola/niches/<id>/shadow.ts) */
  shadow?: ShadowThresholds;
}

/**
 * how a shadow report judges a candidate against the incumbent on live events, as data per
 * niche (ola/promotion/shadow/verdict.ts applies it; docs/shadow.md)
 */
export interface ShadowThresholds {
  /** the per-event quantity compared against ground truth, and which way is better */
  metric: { name: string; better: 'lower' | 'higher'; unit: string; what: string };
  /** events with a value each side needs before a verdict (fewer: insufficient) */
  minEvents: number;
  /** 1 - alpha of the tests and of the effect's interval, e.g. 0.95 */
  confidence: number;
  /** how far (cliff's delta) the candidate may be worse and still count as not worse */
  toleratedEffect: number;
  /** crash rate the candidate may have above the incumbent's (0: any more crashes fail) */
  maxCrashRateIncrease: number;
  /** mismatch rate allowed where outputs must be exact (absent: mismatches are only reported) */
  maxMismatchRate?: number;
  /** absolute bounds on the candidate's own values */
  limits?: { stat: 'mean' | 'median' | 'p95' | 'max' | 'min'; op: '<=' | '>='; value: number }[];
}

// ---------- gate and tokens ----------

export interface GateDecision {
  stage: Stage;
  pass: boolean;
  reasons: string[];
  /** the decision in plain language: what was met, or what was not (absent on decisions recorded before it) */
  why?: string;
  gate: StageGate;
  next?: Stage;
}

export interface Gate {
  decide(input: { niche: Niche; stage: Stage; score: Score; heldOut: Score; fuzzed?: Score }): GateDecision;
  /** what the public set alone fails (empty: held-out runs are worth spending) */
  screen?(input: { niche: Niche; stage: Stage; score: Score }): string[];
}

export interface TokenClaims {
  artifactId: string;
  sha256: string;
  from: FromStage;
  to: Stage;
  scopes: string[];
  nonce: string;
  expiresAt: string;
}

/** checks a capability token (signature, expiry, stage, artifact, code); runners hold one */
export interface TokenVerifier {
  /** `at`: the time (ms) the expiry is checked against; now when absent */
  require(token: string | undefined, want: { stage: Stage; artifactId: string; sha256: string; at?: number }): Promise<TokenClaims>;
}

// ---------- registry ----------

export interface NewEvent {
  type: EventType;
  /** the proposal or artifact the event is about */
  subject: string;
  payload: Record<string, unknown>;
}

export interface StoredEvent extends NewEvent {
  seq: number;
  ts: string;
  prev: string;
  hash: string;
  sig: string;
}

export interface ProposalStep {
  state: ProposalState;
  at: string;
  ms?: number;
  result?: Record<string, unknown>;
}

export interface ProposalRecord {
  id: string;
  niche: string;
  status: ProposalState;
  proposer: string;
  language: Language;
  sourceSha256: string;
  artifactId?: string;
  parents: string[];
  meta: Record<string, unknown>;
  steps: ProposalStep[];
  reasons: Rejection[];
  createdAt: string;
  updatedAt: string;
}

/** what one rung of the ladder found about an artifact */
export interface StageEvidence {
  stage: Stage;
  status: 'running' | 'passed' | 'failed';
  startedAt: string;
  decidedAt?: string;
  /** the token nonce spent to enter the stage */
  tokenNonce?: string;
  /** what the runner ran on (runtime, kvm or tcg, ...) */
  runner?: Record<string, unknown>;
  score?: Score;
  heldOut?: Score;
  /** the fuzzed runs: scenarios from seeds drawn at random for this climb (recorded) */
  fuzzed?: Score & { seeds: number[] };
  gate?: GateDecision;
  /** at shadow: the report's verdict in brief (GET /artifacts/:id/shadow has the whole report) */
  shadow?: ShadowBrief;
  reasons: string[];
}

/** a shadow report in brief, as the artifact record and an operator's evidence keep it */
export interface ShadowBrief {
  verdict: 'pass' | 'marginal' | 'fail' | 'insufficient';
  confidence: number;
  p: number | null;
  /** cliff's delta, positive: the candidate is better; null with too few values */
  delta: number | null;
  counts: { events: number; matched: number; mismatched: number; ignored: number };
  incumbent: { artifactId: string | null; kind: 'active' | 'baseline' };
  crashes: { candidate: number; incumbent: number };
  /** the candidate's and the incumbent's mean of the niche's shadow metric */
  candidateMean: number | null;
  incumbentMean: number | null;
  metric: string;
  reasons: string[];
}

/** where an artifact stands on the ladder and why */
export interface PromotionView {
  state: PromotionState;
  /** the stage it waits at, runs at, or failed at */
  stage: Stage;
  why: string;
  at: string;
}

/** what an operator saw before deciding: the rung below's evidence, and the event that recorded it */
export interface DecisionEvidence {
  /** the rung whose evidence it is (vm before shadow, shadow before active) */
  stage: Stage;
  status: StageEvidence['status'] | 'missing';
  decidedAt?: string;
  /** what the runner ran on */
  runner?: Record<string, unknown>;
  tokenNonce?: string;
  public?: { utility: number; crashes: number; runs: number; metrics: Record<string, number> };
  heldOut?: { utility: number; crashes: number; runs: number; metrics: Record<string, number> };
  fuzzed?: { utility: number; crashes: number; runs: number; seeds: number[] };
  gate?: { pass: boolean; reasons: string[]; why?: string };
  /** the shadow report's verdict, before an approval into active */
  shadow?: ShadowBrief;
  /** the registry event that recorded the rung's decision (seq and hash pin it) */
  event?: { seq: number; hash: string };
}

/** an operator's decision at a rung that needs a person */
export interface OperatorDecision {
  stage: Stage;
  verdict: Verdict;
  /** the operator's name from OLA_OPERATOR_TOKENS (never the token) */
  operator: string;
  reason: string;
  at: string;
  /** the registry event that holds the decision */
  seq: number;
  evidence: DecisionEvidence;
}

export interface ArtifactRecord {
  id: string;
  proposalId: string;
  niche: string;
  sha256: string;
  stage: Stage;
  proposer: string;
  parents: string[];
  /** the proposal's meta (evolution runs keep run id, island, generation, operators) */
  meta?: Record<string, unknown>;
  score?: Score;
  heldOut?: Score;
  gate?: GateDecision;
  tokens: { to: Stage; from: FromStage; token: string; expiresAt: string; nonce: string }[];
  /** evidence per rung, isolate included */
  stages?: Partial<Record<Stage, StageEvidence>>;
  promotion?: PromotionView;
  /** operators' decisions, by the rung they gate (shadow, active) */
  decisions?: Partial<Record<Stage, OperatorDecision>>;
  createdAt: string;
}

export interface VerifyReport {
  ok: boolean;
  events: number;
  firstBadSeq?: number;
  problem?: string;
  ms: number;
}

export interface RegistryStore {
  append(event: NewEvent): Promise<StoredEvent>;
  /** store a source content-addressed; returns its sha256 */
  putSource(source: string): Promise<string>;
  getSource(sha256: string): Promise<string | undefined>;
  eventsAfter(seq: number, limit: number): Promise<StoredEvent[]>;
  /** events by type and/or subject, oldest first */
  eventsOf(filter: { types?: string[]; subject?: string }, limit?: number): Promise<StoredEvent[]>;
  headSeq(): Promise<number>;
  proposal(id: string): Promise<ProposalRecord | undefined>;
  /** the status alone (cheap, for polling) */
  status(id: string): Promise<ProposalState | undefined>;
  unfinishedProposals(): Promise<Omit<ProposalRecord, 'steps'>[]>;
  artifact(id: string): Promise<ArtifactRecord | undefined>;
  artifacts(filter: { niche?: string; stage?: Stage; limit?: number }): Promise<ArtifactRecord[]>;
  /** the best gated artifact of a niche by utility */
  best(niche: string): Promise<ArtifactRecord | undefined>;
  /** the same, id and utility only (cheap, for the lifecycle) */
  incumbent(niche: string): Promise<{ id: string; utility: number } | undefined>;
  /** artifacts an evolution run proposed, oldest first */
  artifactsOfRun(runId: string): Promise<ArtifactRecord[]>;
  countByStage(): Promise<Record<string, number>>;
  /** artifacts whose promotion is in one of these states, oldest first (or newest first) */
  onLadder(states: readonly PromotionState[], limit?: number, newestFirst?: boolean, niche?: string): Promise<ArtifactRecord[]>;
  /** artifacts per promotion state */
  countByPromotion(): Promise<Record<string, number>>;
  /** spends a token nonce once; false when it was spent before (a replay) */
  redeemToken(nonce: string, expiresAt: string): Promise<boolean>;
  /**
   * work one lab process does at a time on a shared registry (a proposal's walk, an artifact's
   * climb): a release when this process now holds `key`, undefined when another does
   */
  claim(key: string): Promise<(() => Promise<void>) | undefined>;
  subscribe(listener: (event: StoredEvent) => void): () => void;
  verify(opts?: { full?: boolean }): Promise<VerifyReport>;
  close(): Promise<void>;
}
