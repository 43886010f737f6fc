import type { Registry } from 'prom-client';
import { WebSocket } from 'ws';
import { type Family, familiesText, PROMETHEUS_CONTENT_TYPE } from './prometheus-text';
import type { DocStore } from './storage/store';

/** What the gauges read when Prometheus scrapes: the live figures, never a copy kept up to date. */
export interface MetricSources {
  /** Open WebSocket sync connections. */
  connections(): number;
  roomsLoaded(): number;
  /** Bytes queued in the sync sockets and not yet sent: relayed edits (fan-out) and answers. */
  queuedBytes(): number;
}

/** LevelDB answers in well under a millisecond on a quiet disk; the tail is what hurts people typing. */
const WRITE_SECONDS_BUCKETS = [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5];

/**
 * The server's metrics, in Prometheus's text format at `GET /metrics` (ops-routes.ts). Each
 * server counts in plain numbers (tests run many servers in one process) and writes its families
 * at a scrape (prometheus-text.ts); the process's own figures (CPU, memory, event loop, GC) come
 * from prom-client, one registry per process, which is loaded at the first scrape: a server that
 * nobody scrapes never loads it (it and OpenTelemetry were a sixth of the start and 6 MiB).
 */
export class ServerMetrics {
  private writes = 0;
  private writeErrors = 0;
  private readonly writeSeconds = { counts: new Array<number>(WRITE_SECONDS_BUCKETS.length + 1).fill(0), sum: 0, count: 0 };
  /** Closes the server started, by WebSocket close code. */
  private readonly closes = new Map<string, number>();

  constructor(private readonly sources: MetricSources) {}

  /** The store, with every append counted and timed; everything else passes through (the store itself is not changed). */
  instrument(store: DocStore): DocStore {
    const instrumented: DocStore = Object.create(store);
    instrumented.appendUpdate = async (room, update) => {
      const started = performance.now();
      try {
        await store.appendUpdate(room, update);
        this.writes += 1;
      } catch (error) {
        this.writeErrors += 1;
        throw error;
      } finally {
        this.observeWrite((performance.now() - started) / 1000);
      }
    };
    return instrumented;
  }

  /**
   * The WebSocket class for the sync server (ws's `WebSocket` option): it counts each close the
   * server starts, by code. A close that answers the client's own close frame (ws echoes it
   * through `close()`) is the client leaving, not the server refusing it, and is not counted.
   */
  get WebSocket(): typeof WebSocket {
    const closes = this.closes;
    const count = (code: string) => closes.set(code, (closes.get(code) ?? 0) + 1);
    return class CountedWebSocket extends WebSocket {
      override close(code?: number, reason?: string | Buffer): void {
        const echo = (this as unknown as { _closeFrameReceived?: boolean })._closeFrameReceived === true;
        if (this.readyState === WebSocket.OPEN && !echo && code !== undefined) count(String(code));
        super.close(code, reason);
      }

      /** Dropped without a close frame (a silent client, a missed probe): counted as 1006, the code its side sees. A close's own cleanup (CLOSING) is not. */
      override terminate(): void {
        if (this.readyState === WebSocket.OPEN) count('1006');
        super.terminate();
      }
    };
  }

  contentType(): string {
    return PROMETHEUS_CONTENT_TYPE;
  }

  /** Everything, in the text format. */
  async text(): Promise<string> {
    const processFigures = await processRegistry();
    return familiesText(this.families()) + (await processFigures.metrics());
  }

  private observeWrite(seconds: number): void {
    const bucket = WRITE_SECONDS_BUCKETS.findIndex((bound) => seconds <= bound);
    this.writeSeconds.counts[bucket === -1 ? WRITE_SECONDS_BUCKETS.length : bucket] += 1;
    this.writeSeconds.sum += seconds;
    this.writeSeconds.count += 1;
  }

  private families(): Family[] {
    const gauge = (name: string, help: string, read: () => number): Family => ({ name, help, type: 'gauge', samples: [{ value: read() }] });
    return [
      { name: 'stallmap_writes_total', help: 'Batches of edits written to storage (rate() gives writes per second)', type: 'counter', samples: [{ value: this.writes }] },
      { name: 'stallmap_write_errors_total', help: 'Writes to storage that failed (the room closed its clients 1011)', type: 'counter', samples: [{ value: this.writeErrors }] },
      { name: 'stallmap_write_duration_seconds', help: 'Time for one write to storage to resolve (an edit is relayed only after it)', type: 'histogram', buckets: WRITE_SECONDS_BUCKETS, ...this.writeSeconds },
      {
        name: 'stallmap_sync_closes_total',
        help: 'Sync connections the server closed, by WebSocket close code (close-codes.ts: 1001 shutdown, 1003 malformed, 1006 dropped silent, 1009 too large, 1011 storage, 1013 too slow, 44xx refused for good, 45xx retried)',
        type: 'counter',
        samples: [...this.closes].map(([code, value]) => ({ labels: { code }, value })),
      },
      gauge('stallmap_connections', 'Open WebSocket sync connections', this.sources.connections),
      gauge('stallmap_rooms_loaded', 'Rooms (maps and review rooms) loaded in memory', this.sources.roomsLoaded),
      gauge('stallmap_sync_queued_bytes', 'Bytes queued in sync sockets and not yet sent (fan-out of edits and presence, answers)', this.sources.queuedBytes),
    ];
  }
}

let processMetrics: Promise<Registry> | undefined;

/**
 * CPU, memory, event-loop delay, GC: figures of the process, registered once however many servers
 * it runs, from the first scrape on (a counter starting there is what Prometheus expects of a
 * process that just started).
 */
function processRegistry(): Promise<Registry> {
  processMetrics ??= import('./process-metrics').then(({ processMetricsRegistry }) => processMetricsRegistry());
  return processMetrics;
}
