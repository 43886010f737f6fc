import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client';
import { WebSocket } from 'ws';
import type { DocStore } from './storage/store';

/** What the gauges read when Prometheus scrapes: the live figures, never a copy kept up to date. */
export interface MetricSources {
  /** Open WebSocket sync connections. */
  connections(): number;
  roomsLoaded(): number;
  /** Bytes queued in the sync sockets and not yet sent: relayed edits (fan-out) and answers. */
  queuedBytes(): number;
}

/**
 * The server's metrics, in Prometheus's text format at `GET /metrics` (ops-routes.ts). One
 * registry per server (tests run many servers in one process); the process's own figures (CPU,
 * memory, event loop, GC) come from one registry per process, merged in at each scrape.
 */
export class ServerMetrics {
  private readonly registry = new Registry();
  private readonly writes = new Counter({ name: 'stallmap_writes_total', help: 'Batches of edits written to storage (rate() gives writes per second)', registers: [this.registry] });
  private readonly writeErrors = new Counter({ name: 'stallmap_write_errors_total', help: 'Writes to storage that failed (the room closed its clients 1011)', registers: [this.registry] });
  private readonly writeSeconds = new Histogram({
    name: 'stallmap_write_duration_seconds',
    help: 'Time for one write to storage to resolve (an edit is relayed only after it)',
    // LevelDB answers in well under a millisecond on a quiet disk; the tail is what hurts people typing.
    buckets: [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5],
    registers: [this.registry],
  });
  private readonly closes = new Counter({
    name: 'stallmap_sync_closes_total',
    help: 'Sync connections the server closed, by WebSocket close code (close-codes.ts: 1001 shutdown, 1003 malformed, 1006 dropped silent, 1009 too large, 1011 storage, 1013 too slow, 44xx refused for good, 45xx retried)',
    labelNames: ['code'],
    registers: [this.registry],
  });

  constructor(sources: MetricSources) {
    const gauge = (name: string, help: string, read: () => number) =>
      new Gauge({
        name,
        help,
        registers: [this.registry],
        collect() {
          this.set(read());
        },
      });
    gauge('stallmap_connections', 'Open WebSocket sync connections', sources.connections);
    gauge('stallmap_rooms_loaded', 'Rooms (maps and review rooms) loaded in memory', sources.roomsLoaded);
    gauge('stallmap_sync_queued_bytes', 'Bytes queued in sync sockets and not yet sent (fan-out of edits and presence, answers)', sources.queuedBytes);
  }

  /** The store, with every append counted and timed; everything else passes through (the store itself is not changed). */
  instrument(store: DocStore): DocStore {
    const instrumented: DocStore = Object.create(store);
    instrumented.appendUpdate = async (room, update) => {
      const stop = this.writeSeconds.startTimer();
      try {
        await store.appendUpdate(room, update);
        this.writes.inc();
      } catch (error) {
        this.writeErrors.inc();
        throw error;
      } finally {
        stop();
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
    return class CountedWebSocket extends WebSocket {
      override close(code?: number, reason?: string | Buffer): void {
        const echo = (this as unknown as { _closeFrameReceived?: boolean })._closeFrameReceived === true;
        if (this.readyState === WebSocket.OPEN && !echo && code !== undefined) closes.inc({ code: String(code) });
        super.close(code, reason);
      }

      /** Dropped without a close frame (a silent client, a missed probe): counted as 1006, the code its side sees. A close's own cleanup (CLOSING) is not. */
      override terminate(): void {
        if (this.readyState === WebSocket.OPEN) closes.inc({ code: '1006' });
        super.terminate();
      }
    };
  }

  contentType(): string {
    return this.registry.contentType;
  }

  /** Everything, in the text format. */
  async text(): Promise<string> {
    return Registry.merge([this.registry, processRegistry()]).metrics();
  }
}

let processMetrics: Registry | undefined;

/** CPU, memory, event-loop delay, GC: figures of the process, registered once however many servers it runs. */
function processRegistry(): Registry {
  if (!processMetrics) {
    processMetrics = new Registry();
    collectDefaultMetrics({ register: processMetrics, prefix: 'stallmap_' });
  }
  return processMetrics;
}
