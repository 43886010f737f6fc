import * as Y from 'yjs';

/**
 * Disk first, then everyone else. Updates pushed together (one message's, handled in one go) are
 * merged and written as one; only when that write has resolved does `onDurable` apply them,
 * which is what relays them. So an edit another client has seen is on disk. At most one write is
 * in flight: while it is, everything pushed meanwhile (from any client of the room) gathers and
 * is written next, as one, so a burst costs one write per write's time (a journal append with
 * LevelDB, server/storage/journal.ts; a round trip with Redis), not one per message. An edit in
 * a quiet room is written at once: the write starts in a microtask, not after an event-loop turn
 * (BENCHMARKS.md, "Sync: adaptive fan-out").
 * Each update may carry its author (whoever sent it: `A`, a peer to the room), handed on with
 * it, so the relay can serve everyone else first.
 */
export class DurableWriter<A = never> {
  private pending: Pushed<A>[] = [];
  private writing: Uint8Array | undefined;
  private running: Promise<void> | undefined;
  private stopped = false;

  constructor(
    private readonly write: (update: Uint8Array) => Promise<void>,
    private readonly onDurable: (update: Uint8Array, authors: ReadonlySet<A>) => void,
    private readonly onFailure: (error: unknown) => void,
  ) {}

  push(update: Uint8Array, author?: A): void {
    if (this.stopped) return;
    this.pending.push({ update, author });
    this.running ??= this.run();
  }

  /** Resolves when everything pushed so far is written (or dropped after a failure). */
  async drain(): Promise<void> {
    while (this.running) await this.running;
  }

  /** Nothing waiting or being written. */
  get idle(): boolean {
    return this.running === undefined && this.pending.length === 0;
  }

  /** Accepted and not yet applied: the batch being written and those waiting. */
  unwritten(): Uint8Array[] {
    const waiting = this.pending.map(({ update }) => update);
    return this.writing ? [this.writing, ...waiting] : waiting;
  }

  /** Drops what is not yet written: after a failure, nothing more may be acknowledged. */
  stop(): void {
    this.stopped = true;
    this.pending = [];
  }

  private async run(): Promise<void> {
    // Whatever the caller pushes before it returns joins this write.
    await Promise.resolve();
    try {
      while (this.pending.length > 0 && !this.stopped) {
        const batch = this.pending;
        this.pending = [];
        for (const { update, authors } of mergedOrEach(batch)) {
          this.writing = update;
          await this.write(update);
          this.writing = undefined;
          if (!this.stopped) this.onDurable(update, authors);
        }
      }
    } catch (error) {
      this.stop();
      this.onFailure(error);
    } finally {
      this.writing = undefined;
      this.running = undefined;
    }
  }
}

/**
 * One merged update, or, if Yjs cannot merge these (fuzzing found valid-looking updates it chokes
 * on), each on its own: slower, but a write that cannot be merged is not a storage failure.
 */
function mergedOrEach<A>(batch: Pushed<A>[]): { update: Uint8Array; authors: Set<A> }[] {
  const authorsOf = (pushed: Pushed<A>[]) => new Set(pushed.flatMap(({ author }) => (author === undefined ? [] : [author])));
  if (batch.length > 1) {
    try {
      return [{ update: Y.mergeUpdates(batch.map(({ update }) => update)), authors: authorsOf(batch) }];
    } catch {
      // written one by one, below
    }
  }
  return batch.map((pushed) => ({ update: pushed.update, authors: authorsOf([pushed]) }));
}

interface Pushed<A> {
  update: Uint8Array;
  author?: A;
}
