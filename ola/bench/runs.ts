// benchmark runs requested over the api: one at a time, with progress, kept in memory
// (their results are also written under storage/bench/).
import { ulid } from 'ulid';
import type { Day1Context } from './day1/context.ts';
import { runDay1, type Day1Progress, type Day1Result } from './day1/run-day1.ts';

export const BENCH_SUITES = ['day1'] as const;
export type BenchSuite = (typeof BENCH_SUITES)[number];
export type BenchRunState = 'queued' | 'running' | 'done' | 'failed' | 'cancelled';

export interface BenchRun {
  id: string;
  suite: BenchSuite;
  quick: boolean;
  state: BenchRunState;
  progress?: Day1Progress;
  createdAt: string;
  finishedAt?: string;
  result?: Day1Result;
  error?: string;
}

const KEEP = 50;

export class BenchRuns {
  private readonly runs = new Map<string, BenchRun>();
  private chain: Promise<void> = Promise.resolve();
  private readonly ac = new AbortController();

  constructor(private readonly context: (signal: AbortSignal, quick: boolean) => Day1Context) {}

  start(suite: BenchSuite, quick: boolean): BenchRun {
    const run: BenchRun = { id: `b_${ulid()}`, suite, quick, state: 'queued', createdAt: new Date().toISOString() };
    this.runs.set(run.id, run);
    for (const old of [...this.runs.keys()].slice(0, Math.max(0, this.runs.size - KEEP))) this.runs.delete(old);
    // one benchmark at a time: they measure the machine
    this.chain = this.chain.then(() => this.execute(run));
    return run;
  }

  private async execute(run: BenchRun): Promise<void> {
    if (this.ac.signal.aborted) return void (run.state = 'cancelled');
    run.state = 'running';
    try {
      run.result = await runDay1(this.context(this.ac.signal, run.quick), (p) => (run.progress = p));
      run.state = 'done';
    } catch (err) {
      run.state = this.ac.signal.aborted ? 'cancelled' : 'failed';
      run.error = (err as Error).message;
    }
    run.finishedAt = new Date().toISOString();
  }

  get(id: string): BenchRun | undefined {
    return this.runs.get(id);
  }

  list(): BenchRun[] {
    return [...this.runs.values()].reverse();
  }

  async close(): Promise<void> {
    this.ac.abort();
    await this.chain;
  }
}
