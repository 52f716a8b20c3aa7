// prometheus metrics on the lab's own registry (several labs may share a process in tests).
// names pass `promtool check metrics`: counters end in _total, units are in the name, each
// has help. monitoring/ (alert rules, the grafana dashboard) queries them: docs/monitoring.md.
import { Counter, Gauge, Histogram, Registry } from 'prom-client';
import type { RegistryStore, RunResult, VerifyReport } from './contracts.ts';
import { collectProcessMetrics } from './process-metrics.ts';
import { TELEMETRY_METRICS } from './telemetry-metrics.ts';
import type { LifecycleOutcome as Outcome, Stage } from './vocabulary.ts';

/** what the lab reads off a stage's job queue (ola/sandbox/queue/queue-runner.ts) */
export interface QueueSource {
  readonly stage: Stage;
  counts(): Promise<Record<string, number>>;
  workers(): Promise<string[]>;
}

export class LabMetrics {
  readonly registry = new Registry();
  private readonly proposals: Counter<'outcome' | 'niche'>;
  private readonly runs: Histogram<'ok'>;
  private readonly events: Counter<'type'>;
  private readonly steps: Histogram<'step'>;
  private readonly verifyOk: Gauge<'mode'>;
  private readonly verifyAt: Gauge<'mode'>;
  private readonly queueWaits: Histogram<'stage'>;
  private readonly queueResends: Counter<'stage'>;
  private readonly queues: QueueSource[] = [];
  private readonly uses: Histogram<'niche' | 'source' | 'ok'>;
  private readonly useMetric: Gauge<'niche' | 'source'>;
  private readonly rollbacks: Counter<'niche' | 'trigger'>;
  private readonly decayFindings: Gauge<'niche' | 'kind'>;
  private readonly halted: Gauge;

  constructor(store: RegistryStore, opts: { defaults?: boolean; niches?: readonly string[] } = {}) {
    const registers = [this.registry];
    if (opts.defaults) collectProcessMetrics(this.registry);
    this.proposals = new Counter({ name: 'ola_proposals_total', help: 'proposals by final outcome', labelNames: ['outcome', 'niche'], registers });
    this.runs = new Histogram({
      name: 'ola_sandbox_run_duration_seconds',
      help: 'wall time of one sandbox run (one scenario); ok="false" is a run that crashed, threw or was killed',
      labelNames: ['ok'],
      buckets: [0.0005, 0.001, 0.002, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5],
      registers,
    });
    this.steps = new Histogram({
      name: 'ola_lifecycle_step_duration_seconds',
      help: 'time spent in each lifecycle step',
      labelNames: ['step'],
      buckets: [0.001, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 5, 30],
      registers,
    });
    this.events = new Counter({ name: 'ola_registry_events_total', help: 'registry events appended, by type', labelNames: ['type'], registers });
    new Gauge({
      name: 'ola_artifacts',
      help: 'registered artifacts per stage',
      labelNames: ['stage'],
      registers,
      async collect() {
        this.reset();
        for (const [stage, n] of Object.entries(await store.countByStage())) this.set({ stage }, n);
      },
    });
    // kept by prometheus outside the lab's database: a head that goes back is a cut-off tail
    new Gauge({
      name: 'ola_registry_head_seq',
      help: 'sequence number of the last registry event',
      registers,
      async collect() {
        this.set(await store.headSeq());
      },
    });
    // labelled, so nothing is exported (and nothing alerts) before a verify has run
    this.verifyOk = new Gauge({ name: 'ola_registry_verify_ok', help: "1 when the lab's last registry verify passed, 0 when it failed", labelNames: ['mode'], registers });
    this.verifyAt = new Gauge({ name: 'ola_registry_verify_timestamp_seconds', help: "unix time of the lab's last registry verify", labelNames: ['mode'], registers });

    // the job queue (OLA_REDIS_URL): backpressure as depth and wait time, and who takes the jobs
    const queues = this.queues;
    new Gauge({
      name: 'ola_queue_jobs',
      help: "jobs on each stage's queue, by state (waiting, prioritized, active, delayed, failed)",
      labelNames: ['stage', 'state'],
      registers,
      async collect() {
        this.reset();
        for (const q of queues) {
          const counts = await q.counts().catch(() => undefined);
          for (const [state, n] of Object.entries(counts ?? {})) this.set({ stage: q.stage, state }, n);
        }
      },
    });
    this.queueResends = new Counter({
      name: 'ola_queue_resent_total',
      help: 'queue entries the lab sent again because redis had lost them with a job unanswered',
      labelNames: ['stage'],
      registers,
    });
    this.queueWaits = new Histogram({
      name: 'ola_queue_wait_seconds',
      help: "time from a job's enqueue to a worker starting it",
      labelNames: ['stage'],
      buckets: [0.001, 0.005, 0.01, 0.05, 0.1, 0.5, 1, 5, 30, 120],
      registers,
    });
    new Gauge({
      name: 'ola_workers',
      help: "workers taking each stage's jobs, as the lab sees them",
      labelNames: ['stage'],
      registers,
      async collect() {
        this.reset();
        for (const q of queues) {
          const workers = await q.workers().catch(() => undefined);
          if (workers) this.set({ stage: q.stage }, workers.length);
        }
      },
    });

    // active capabilities (#9): each use of the lab's own work, by who did it (the active
    // artifact or the built-in fallback), its niche metric, and rollbacks
    this.uses = new Histogram({
      name: 'ola_capability_use_duration_seconds',
      help: "one use of a niche's capability for the lab's own work: source active (the active artifact) or fallback (built in); ok=false: the use failed",
      labelNames: ['niche', 'source', 'ok'],
      buckets: [0.0001, 0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.5],
      registers,
    });
    this.useMetric = new Gauge({
      name: 'ola_capability_use_metric',
      help: "the niche's shadow metric on the lab's last use of its capability (clock: abs error ms against the host's wall clock)",
      labelNames: ['niche', 'source'],
      registers,
    });
    this.halted = new Gauge({ name: 'ola_promotions_halted', help: '1 while every promotion is halted (the circuit breaker tripped, or operators halted them), else 0', registers });
    this.halted.set(0);
    this.decayFindings = new Gauge({
      name: 'ola_decay_findings',
      help: "the decay review's findings about each niche's active capability at its last review: unused, or outperformed by a newer artifact in shadow (0 or 1)",
      labelNames: ['niche', 'kind'],
      registers,
    });
    for (const niche of opts.niches ?? []) for (const kind of ['unused', 'outperformed']) this.decayFindings.set({ niche, kind }, 0);
    this.rollbacks = new Counter({ name: 'ola_rollbacks_total', help: 'active capabilities rolled back, by trigger (automatic or manual)', labelNames: ['niche', 'trigger'], registers });
    // each niche starts at 0, so the first rollback shows as an increase
    for (const niche of opts.niches ?? []) for (const trigger of ['automatic', 'manual']) this.rollbacks.inc({ niche, trigger }, 0);

    const telemetry = new Map<string, { field: string; scale: number; h: Histogram }>(
      TELEMETRY_METRICS.map((t) => [t.event, { ...t, h: new Histogram({ name: t.name, help: t.help, buckets: t.buckets, registers }) }]),
    );
    store.subscribe((e) => {
      this.events.inc({ type: e.type });
      const m = telemetry.get(e.type);
      const v = m && e.payload[m.field];
      if (m && typeof v === 'number' && Number.isFinite(v)) m.h.observe(v * m.scale);
    });
  }

  capabilityUse(u: { niche: string; source: 'active' | 'fallback'; ok: boolean; seconds: number; metric?: number }): void {
    this.uses.observe({ niche: u.niche, source: u.source, ok: String(u.ok) }, u.seconds);
    if (u.metric !== undefined && Number.isFinite(u.metric)) this.useMetric.set({ niche: u.niche, source: u.source }, u.metric);
  }

  promotionsHalted(halted: boolean): void {
    this.halted.set(halted ? 1 : 0);
  }

  /** the decay review's findings, per niche and kind (a niche with none is 0 for both) */
  decayReviewed(niches: { niche: string; findings: { kind: string }[] }[]): void {
    for (const n of niches) for (const kind of ['unused', 'outperformed']) this.decayFindings.set({ niche: n.niche, kind }, n.findings.some((f) => f.kind === kind) ? 1 : 0);
  }

  rolledBack(niche: string, automatic: boolean): void {
    this.rollbacks.inc({ niche, trigger: automatic ? 'automatic' : 'manual' });
  }

  outcome(outcome: Outcome, niche: string): void {
    this.proposals.inc({ outcome, niche });
  }

  sandboxRuns(runs: RunResult[]): void {
    for (const r of runs) this.runs.observe({ ok: String(r.ok) }, r.wallMs / 1000);
  }

  /** the stages whose jobs run on workers */
  watchQueues(sources: QueueSource[]): void {
    this.queues.push(...sources);
  }

  queueWait(stage: Stage, seconds: number): void {
    this.queueWaits.observe({ stage }, seconds);
  }

  queueResent(stage: Stage): void {
    this.queueResends.inc({ stage });
  }

  step(step: string, ms: number): void {
    this.steps.observe({ step }, ms / 1000);
  }

  verified(report: VerifyReport, full: boolean): void {
    const mode = full ? 'full' : 'quick';
    this.verifyOk.set({ mode }, report.ok ? 1 : 0);
    this.verifyAt.set({ mode }, Date.now() / 1000);
  }
}
