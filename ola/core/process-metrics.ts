// node's standard process_* and nodejs_* metrics, under their usual names (no prefix: the
// scrape's job label says which process they are), lint-clean for promtool.
import { Gauge, collectDefaultMetrics, type Registry } from 'prom-client';

export function collectProcessMetrics(registry: Registry): void {
  collectDefaultMetrics({ register: registry });
  // prom-client also keeps gauges named *_total (active handles, requests, resources), which
  // promtool rejects: each is the sum of its per-type gauge, so they go
  for (const m of registry.getMetricsAsArray()) {
    if (m instanceof Gauge && m.name.endsWith('_total')) registry.removeSingleMetric(m.name);
  }
}
