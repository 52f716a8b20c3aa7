// prometheus metrics on the lab's own registry (several labs may share a process in tests).
import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';
import type { RegistryStore, RunResult } from './contracts.ts';
import type { LifecycleOutcome as Outcome } from './vocabulary.ts';

export class LabMetrics {
  readonly registry = new Registry();
  private readonly proposals: Counter<'outcome' | 'niche'>;
  private readonly runs: Histogram<'ok'>;
  private readonly events: Counter<'type'>;
  private readonly steps: Histogram<'step'>;

  constructor(store: RegistryStore, opts: { defaults?: boolean } = {}) {
    const registers = [this.registry];
    if (opts.defaults) collectDefaultMetrics({ register: this.registry, prefix: 'ola_process_' });
    this.proposals = new Counter({ name: 'ola_proposals_total', help: 'proposals by final outcome', labelNames: ['outcome', 'niche'], registers });
    this.runs = new Histogram({
      name: 'ola_sandbox_run_duration_seconds',
      help: 'wall time of one sandbox run (one scenario)',
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
    store.subscribe((e) => this.events.inc({ type: e.type }));
  }

  outcome(outcome: Outcome, niche: string): void {
    this.proposals.inc({ outcome, niche });
  }

  sandboxRuns(runs: RunResult[]): void {
    for (const r of runs) this.runs.observe({ ok: String(r.ok) }, r.wallMs / 1000);
  }

  step(step: string, ms: number): void {
    this.steps.observe({ step }, ms / 1000);
  }
}
