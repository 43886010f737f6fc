import { collectDefaultMetrics, Registry } from 'prom-client';

/**
 * CPU, memory, event-loop delay, GC: figures of the process, from prom-client. A module of its
 * own so that metrics.ts can import it at the first scrape: prom-client (and OpenTelemetry, which
 * it loads) stays out of the start and out of the memory of a server nobody scrapes.
 */
export function processMetricsRegistry(): Registry {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry, prefix: 'stallmap_' });
  return registry;
}
