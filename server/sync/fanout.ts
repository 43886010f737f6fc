import { AdaptiveWindow } from './adaptive-window';

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
  /** The secret the client's browser keeps for this map, sent with `?writer=`: it keeps the Yjs clientIDs it wrote the review room under its own (writer-ids.ts). */
  readonly writerKey?: string;
  /** The name the connection declared with `?name=`: what it may sign review entries with (review-rules.ts). */
  readonly name?: string;
}

export interface FanoutOptions<T> {
  peers: () => Iterable<Peer>;
  /** How many clients the room has: with the rate of items, what decides the window (adaptive-window.ts). Counted from `peers` if not given. */
  peerCount?: () => number;
  /** The longest window: what the room batches at under heavy load. */
  windowMs: number;
  /** The room's budget of messages sent a second: under it, items go out at once (adaptive-window.ts); 0 (the default): always batch at `windowMs`. */
  sendsPerSecond?: number;
  /** What one send costs against that budget: 2 for presence, which the stock provider echoes back. */
  costPerSend?: number;
  slowClientBytes: number;
  /** Everything collected in one window, as one message. */
  encode: (items: T[]) => Uint8Array;
  onSlowPeer: (peer: Peer) => void;
}

/**
 * Batched relay of one kind of message for one room. Items are collected and sent at most once
 * per window, as one message per client, so a client gets a bounded number of messages a second
 * however many people drag at once (without it, fan-out grows with the square of the room). The
 * window adapts (adaptive-window.ts): 0 while the room is quiet or small, where an item goes out
 * as soon as the code that added it has finished (a microtask: items added together, such as the
 * entries of one awareness update, still go as one message), up to `windowMs` when the room is
 * busy. A client whose socket buffer is over the limit is handed to `onSlowPeer` instead of
 * queued for.
 */
export class Fanout<T> {
  private items: T[] = [];
  /** Peers whose own items are in this window: served last. */
  private authors = new Set<Peer>();
  private scheduled = false;
  private timer: NodeJS.Timeout | undefined;
  private stopped = false;
  private lastFlush = Number.NEGATIVE_INFINITY;
  private readonly window: AdaptiveWindow;

  constructor(private readonly options: FanoutOptions<T>) {
    this.window = new AdaptiveWindow(options.windowMs, options.sendsPerSecond ?? 0, options.costPerSend);
  }

  /**
   * Adds an item that is a whole message of its own. With a window of 0 and nothing waiting, it
   * is sent before this returns rather than in a microtask: what the caller does next (the room
   * applies the update to its own doc) then does not hold it up. `authors`: the peers it came
   * from, sent their copy (their confirmation, src/collab/liveness.ts) after everyone else.
   */
  addAndSend(item: T, authors: Iterable<Peer> = []): void {
    for (const author of authors) this.authors.add(author);
    this.enqueue([item], true);
  }

  addAll(items: readonly T[]): void {
    this.enqueue(items, false);
  }

  private enqueue(items: readonly T[], sendNow: boolean): void {
    if (this.stopped || items.length === 0) return;
    this.items.push(...items);
    this.window.note(items.length);
    if (this.scheduled) return;
    const wait = this.lastFlush + this.window.windowMs(this.receivers()) - performance.now();
    if (wait > 0) {
      this.scheduled = true;
      this.timer = setTimeout(() => this.flush(), wait);
    } else if (sendNow) {
      this.flush();
    } else {
      this.scheduled = true;
      queueMicrotask(() => this.flush());
    }
  }

  stop(): void {
    this.stopped = true;
    clearTimeout(this.timer);
    this.timer = undefined;
    this.items = [];
    this.authors.clear();
  }

  private receivers(): number {
    if (this.options.peerCount) return this.options.peerCount();
    let count = 0;
    for (const _ of this.options.peers()) count += 1;
    return count;
  }

  private flush(): void {
    this.scheduled = false;
    this.timer = undefined;
    if (this.stopped) return;
    this.lastFlush = performance.now();
    const { items, authors } = this;
    this.items = [];
    this.authors = new Set();
    if (items.length === 0) return;
    const messages = this.encoded(items);
    const peers = [...this.options.peers()];
    // Everyone else first: an author already has what it wrote, and only waits for its copy as a confirmation.
    const ordered = authors.size ? [...peers.filter((peer) => !authors.has(peer)), ...peers.filter((peer) => authors.has(peer))] : peers;
    for (const peer of ordered) {
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
