/** How quickly the measured rate follows a change: a burst is seen within about this long, and forgotten as fast. */
const RATE_TIME_CONSTANT_MS = 250;

/**
 * How long a room's relay of one kind of message may batch, from how much it is relaying now.
 *
 * Batching costs latency (an item waits for the window) and saves messages (one per window per
 * client instead of one per item per client). It only pays when many messages would be sent:
 * unbatched, a room sends `rate × receivers` messages a second. While that stays within the
 * room's budget of sends a second, the window is 0 and every item goes out at once, as the stock
 * relay does; above it, the window is what brings the room back to the budget (`receivers /
 * budget`: each window sends one message to each receiver), never longer than the configured
 * window. So two people editing never wait, and fifty dragging get one message per window each.
 *
 * A budget of 0 turns adaptation off: the window is always the configured one.
 *
 * `costPerSend` counts a send as more than one message: each presence message the server sends
 * to a stock provider comes back to it as an echo (awareness-filter.ts), so it costs two.
 */
export class AdaptiveWindow {
  /** Items a second, decayed exponentially (time constant RATE_TIME_CONSTANT_MS). */
  private rate = 0;
  private last: number;

  constructor(
    private readonly maxMs: number,
    private readonly sendsPerSecond: number,
    private readonly costPerSend = 1,
    private readonly now: () => number = () => performance.now(),
  ) {
    this.last = now();
  }

  /** `count` items were added. */
  note(count = 1): void {
    this.decay();
    this.rate += (count * 1000) / RATE_TIME_CONSTANT_MS;
  }

  /** The window, in ms, for a room with `receivers` clients at the current rate: 0 while batching would not pay. */
  windowMs(receivers: number): number {
    if (this.maxMs <= 0 || receivers <= 0) return 0;
    if (this.sendsPerSecond <= 0) return this.maxMs;
    this.decay();
    const sends = this.rate * receivers * this.costPerSend;
    if (sends <= this.sendsPerSecond) return 0;
    return Math.min(this.maxMs, (receivers * this.costPerSend * 1000) / this.sendsPerSecond);
  }

  /** Items a second, as measured now. */
  get itemsPerSecond(): number {
    this.decay();
    return this.rate;
  }

  private decay(): void {
    const now = this.now();
    const elapsed = now - this.last;
    this.last = now;
    if (elapsed > 0) this.rate *= Math.exp(-elapsed / RATE_TIME_CONSTANT_MS);
  }
}
