// a worker's own /metrics (prometheus job `ola-workers`): node's process metrics under their
// usual names, and the jobs it ran per stage, so the resource panels show workers beside the lab.
import { createServer, type Server } from 'node:http';
import { Counter, Registry } from 'prom-client';
import { collectProcessMetrics } from '../../core/process-metrics.ts';

export class WorkerMetrics {
  readonly registry = new Registry();
  private readonly jobs: Counter<'stage' | 'outcome'>;
  private server?: Server;

  constructor() {
    collectProcessMetrics(this.registry);
    this.jobs = new Counter({ name: 'ola_worker_jobs_total', help: 'jobs this worker finished, by stage and outcome (ok: runs returned; failed: refused or errored)', labelNames: ['stage', 'outcome'], registers: [this.registry] });
  }

  job(stage: string, outcome: 'ok' | 'failed'): void {
    this.jobs.inc({ stage, outcome });
  }

  listen(port: number, host: string): Promise<string> {
    this.server = createServer((req, res) => {
      if (req.url !== '/metrics') return void res.writeHead(404).end();
      void this.registry.metrics().then((text) => res.writeHead(200, { 'content-type': this.registry.contentType }).end(text));
    });
    return new Promise((resolve, reject) => {
      this.server!.once('error', reject);
      this.server!.listen(port, host, () => {
        const a = this.server!.address() as { port: number };
        resolve(`http://${host}:${a.port}/metrics`);
      });
    });
  }

  close(): Promise<void> {
    return new Promise((resolve) => (this.server ? this.server.close(() => resolve()) : resolve()));
  }
}
