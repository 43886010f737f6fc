/** One client of a room, as the room sees it. */
export interface Peer {
  send(message: Uint8Array): void;
  /** Bytes queued in the socket and not yet sent. */
  readonly bufferedAmount: number;
  /** Closes the connection; the peer leaves its room at once. */
  close(code: number, reason: string): void;
  /** Checks, soon, that the connection is alive, and drops it if not (see presence.ts). */
  probe?(): void;
  /** The secret the client's tab sent with `?presence=`: it keeps the tab's presence clientID theirs (presence-owners.ts). */
  readonly presenceKey?: string;
  /** The name the connection declared with `?name=`: what it may sign review entries with (review-rules.ts). */
  readonly name?: string;
}

export interface FanoutOptions<T> {
  peers: () => Iterable<Peer>;
  windowMs: number;
  slowClientBytes: number;
  /** Everything collected in one window, as one message. */
  encode: (items: T[]) => Uint8Array;
  onSlowPeer: (peer: Peer) => void;
}

/**
 * Batched relay of one kind of message for one room. Items are collected and sent at most once
 * per window, as one message per client, so a client gets a bounded number of messages a second
 * however many people drag at once (without it, fan-out grows with the square of the room). The
 * first item after a quiet spell goes out on the next tick, so an isolated edit is not delayed.
 * A client whose socket buffer is over the limit is handed to `onSlowPeer` instead of queued for.
 */
export class Fanout<T> {
  private items: T[] = [];
  private timer: NodeJS.Immediate | NodeJS.Timeout | undefined;
  private lastFlush = Number.NEGATIVE_INFINITY;

  constructor(private readonly options: FanoutOptions<T>) {}

  add(item: T): void {
    this.items.push(item);
    if (this.timer) return;
    const wait = this.lastFlush + this.options.windowMs - performance.now();
    this.timer = wait <= 0 ? setImmediate(() => this.flush()) : setTimeout(() => this.flush(), wait);
  }

  stop(): void {
    clearTimeout(this.timer as NodeJS.Timeout);
    clearImmediate(this.timer as NodeJS.Immediate);
    this.timer = undefined;
    this.items = [];
  }

  private flush(): void {
    this.timer = undefined;
    this.lastFlush = performance.now();
    const items = this.items;
    this.items = [];
    if (items.length === 0) return;
    const messages = this.encoded(items);
    for (const peer of [...this.options.peers()]) {
      if (peer.bufferedAmount > this.options.slowClientBytes) this.options.onSlowPeer(peer);
      else for (const message of messages) peer.send(message);
    }
  }

  /** One message for the window, or one per item if they cannot be encoded together: this runs in a timer, where a throw would end the process. */
  private encoded(items: T[]): Uint8Array[] {
    try {
      return [this.options.encode(items)];
    } catch (error) {
      if (items.length === 1) throw error;
      return items.map((item) => this.options.encode([item]));
    }
  }
}
