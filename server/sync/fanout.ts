import type { Awareness } from 'y-protocols/awareness';
import { encodeAwarenessUpdate } from 'y-protocols/awareness';
import * as Y from 'yjs';
import { encodeAwareness, encodeUpdate } from './messages';

/** One client of a room, as the room sees it. */
export interface Peer {
  send(message: Uint8Array): void;
  /** Bytes queued in the socket and not yet sent. */
  readonly bufferedAmount: number;
  /** Closes the connection; the peer leaves its room at once. */
  close(code: number, reason: string): void;
}

export interface FanoutSettings {
  fanoutWindowMs: number;
  slowClientBytes: number;
}

/** 1013 "try again later": the stock provider reconnects and resyncs. */
export const CLOSE_TOO_SLOW = 1013;

/**
 * Batched relay for one room. Durable updates and awareness changes are collected and sent at
 * most once per window, each batch as one message per client, so a client gets a few dozen
 * messages a second however many people drag at once. The first change after a quiet spell goes
 * out on the next tick, so an isolated edit is not delayed. A client whose socket buffer is over
 * the limit is closed rather than queued for without bound.
 */
export class Fanout {
  private updates: Uint8Array[] = [];
  private readonly awarenessClients = new Set<number>();
  private timer: NodeJS.Immediate | NodeJS.Timeout | undefined;
  private lastFlush = 0;

  constructor(
    private readonly peers: () => Iterable<Peer>,
    private readonly awareness: Awareness,
    private readonly settings: FanoutSettings,
    private readonly onSlowPeer: (peer: Peer) => void,
  ) {}

  update(update: Uint8Array): void {
    this.updates.push(update);
    this.schedule();
  }

  awarenessChanged(clients: readonly number[]): void {
    for (const client of clients) this.awarenessClients.add(client);
    this.schedule();
  }

  stop(): void {
    if (this.timer) {
      clearTimeout(this.timer as NodeJS.Timeout);
      clearImmediate(this.timer as NodeJS.Immediate);
    }
    this.timer = undefined;
  }

  private schedule(): void {
    if (this.timer) return;
    const wait = this.lastFlush + this.settings.fanoutWindowMs - performance.now();
    this.timer = wait <= 0 ? setImmediate(() => this.flush()) : setTimeout(() => this.flush(), wait);
  }

  flush(): void {
    this.timer = undefined;
    this.lastFlush = performance.now();
    const messages: Uint8Array[] = [];
    if (this.updates.length > 0) {
      messages.push(encodeUpdate(this.updates.length === 1 ? this.updates[0] : Y.mergeUpdates(this.updates)));
      this.updates = [];
    }
    if (this.awarenessClients.size > 0) {
      messages.push(encodeAwareness(encodeAwarenessUpdate(this.awareness, [...this.awarenessClients])));
      this.awarenessClients.clear();
    }
    if (messages.length === 0) return;
    for (const peer of [...this.peers()]) {
      if (peer.bufferedAmount > this.settings.slowClientBytes) {
        this.onSlowPeer(peer);
        continue;
      }
      for (const message of messages) peer.send(message);
    }
  }
}
