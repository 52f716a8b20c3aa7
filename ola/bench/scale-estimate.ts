// an estimate for N worker hosts from the per-job cpu measured on one machine: workers scale
// with their cores; the lab's process and redis are one each (both mostly one thread), so
// whichever saturates first caps the whole.
export interface PerJobCpu {
  /** a worker's tree (the worker and its isolate hosts), ms per job */
  worker: number;
  /** the lab's process (enqueue, events, results), ms per job */
  lab: number;
  /** redis-server, ms per job */
  redis: number;
}

export interface Estimate {
  hosts: number;
  perSecond: number;
  limitedBy: 'workers' | 'lab' | 'redis';
}

export function estimate(cpu: PerJobCpu, hosts: number, coresPerHost: number): Estimate {
  const caps = [
    { by: 'workers' as const, rate: (hosts * coresPerHost * 1000) / cpu.worker },
    { by: 'lab' as const, rate: 1000 / cpu.lab },
    { by: 'redis' as const, rate: 1000 / cpu.redis },
  ];
  const low = caps.reduce((a, b) => (b.rate < a.rate ? b : a));
  return { hosts, perSecond: low.rate, limitedBy: low.by };
}
