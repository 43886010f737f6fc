/** An awareness entry's bytes besides its state: clientID, clock and length, as varints. */
const ENTRY_OVERHEAD = 16;

export type Admission = 'refused' | { evict: number[] };

/**
 * The bytes of presence one room holds, against a budget. Everything the room relays about its
 * people is bounded by it: the greeting of a joining client and the answer to a query-awareness
 * (every state) and each batched presence message (each state at most once). Keep the budget
 * under the message limit: the stock provider echoes whatever presence it receives back to the
 * server, and an echo over the limit would get it closed with 1009.
 *
 * A person's small state always fits: the fair share (budget / connections a room may have) is
 * what every connection could hold at once. A state over the fair share is taken only while the
 * room has space (first come, first served); a state within it that does not fit pushes out the
 * largest states first, all over the fair share, so a crowd of large states cannot lock people out.
 */
export class PresenceBudget {
  private readonly sizes = new Map<number, number>();
  private used = 0;
  readonly fairShare: number;

  constructor(
    private readonly budget: number,
    maxConnections: number,
  ) {
    this.fairShare = Math.floor(budget / Math.max(1, maxConnections));
  }

  get total(): number {
    return this.used;
  }

  sizeOf(client: number): number {
    return this.sizes.get(client) ?? 0;
  }

  /** Whether `client`'s new state of `stateBytes` may be held, and whose states must go for it (the caller removes them); if so, it is counted. */
  admit(client: number, stateBytes: number): Admission {
    const bytes = stateBytes + ENTRY_OVERHEAD;
    const others = this.used - this.sizeOf(client);
    const evict: number[] = [];
    if (others + bytes > this.budget) {
      if (bytes > this.fairShare) return 'refused';
      let freed = 0;
      const largest = [...this.sizes].filter(([other, size]) => other !== client && size > this.fairShare).sort((a, b) => b[1] - a[1]);
      for (const [other, size] of largest) {
        if (others - freed + bytes <= this.budget) break;
        evict.push(other);
        freed += size;
      }
      if (others - freed + bytes > this.budget) return 'refused'; // more states than connections: cannot happen
    }
    this.used += bytes - this.sizeOf(client);
    this.sizes.set(client, bytes);
    return { evict };
  }

  /** `client`'s state is gone. */
  remove(client: number): void {
    this.used -= this.sizeOf(client);
    this.sizes.delete(client);
  }
}
