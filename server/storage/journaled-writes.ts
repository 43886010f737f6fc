import type { Journal, JournalRecord } from './journal';

/**
 * Past this many updates queued for the database or being written, an append waits for a write
 * to finish before it is journaled: the journal may run ahead of the database, not away from it
 * (in memory, and in what a crash would leave to replay).
 */
export const MAX_WRITES_BEHIND = 1024;

/**
 * How long journaled updates wait before they are handed to the database. Each handing over costs
 * the main thread one LevelDB batch per room (starting one wakes a thread of libuv's pool: about
 * 200 µs on a 2-core machine, BENCHMARKS.md), one update mark and, once the database has it all,
 * one truncation of the journal; handed over one edit at a time, a room of 10 people dragging
 * spent 7% of the server's time there. The journal already holds each update durably, so the
 * database may trail it: by this much, or until a read or compaction needs it.
 */
export const HAND_OVER_MS = 20;

/**
 * A room's updates written through a journal (journal.ts): `append` resolves once the update is
 * journaled, and the database writes follow in batches (HAND_OVER_MS), one per room, in order.
 *
 * The database runs its operations in order (y-leveldb's queue): a read or compaction calls
 * `ahead()` first, which hands the database every queued write at once, so it sees them.
 *
 * A database write that fails after its updates were journaled (and acknowledged) is kept and
 * retried, in order, before the next append, read or compaction; until it succeeds those are
 * refused (the room closes its clients, 1011), and the journal keeps the updates for the next
 * start. The journal is emptied whenever the database holds all it has.
 */
export class JournaledWrites {
  /** Journaled, not yet handed to the database. */
  private queued: JournalRecord[] = [];
  private handing: NodeJS.Timeout | undefined;
  /** Each database write in flight, and how many updates it carries. */
  private readonly inFlight = new Map<Promise<void>, number>();
  private readonly failed: RoomUpdates[] = [];
  private retrying: Promise<void> | undefined;
  private closed = false;

  constructor(
    private readonly journal: Journal,
    /** Writes a room's updates to the database, in this order, as one. */
    private readonly write: (room: string, updates: Uint8Array[]) => Promise<void>,
    /** Told of a database write that failed (the store logs it); its updates are kept for a retry. */
    private readonly onWriteFailed: (error: unknown) => void,
    /** Told when the journal cannot be emptied: it keeps records the database has, written again at the next start (harmless). */
    private readonly onEmptyFailed: (error: unknown) => void,
  ) {}

  /** Journals the update (throws if it cannot be: nothing is acknowledged); the database write follows. */
  async append(room: string, update: Uint8Array): Promise<void> {
    if (this.closed) throw new Error('storage: write failed: the store is closed');
    if (this.failed.length) await this.retryFailed();
    while (this.queued.length + this.updatesInFlight() >= MAX_WRITES_BEHIND) {
      this.handOver();
      await Promise.race(this.inFlight.keys());
    }
    this.journal.append({ room, update });
    this.queued.push({ room, update });
    // Not holding the process open: a clean close hands everything over, and a crash leaves it to the journal.
    this.handing ??= setTimeout(() => this.handOver(), HAND_OVER_MS).unref();
  }

  /**
   * Before a read or a compaction: every queued write goes to the database now, ahead of it.
   * Returns a promise only while a failed write waits for its retry (the caller awaits it, and
   * fails with it); otherwise the caller's operation must reach the database at once.
   */
  ahead(): Promise<void> | undefined {
    this.handOver();
    return this.failed.length ? this.retryFailed() : undefined;
  }

  /** Writes again what failed, oldest first; throws while the database still refuses. One retry at a time, however many callers ask. */
  private retryFailed(): Promise<void> {
    this.retrying ??= this.retry().finally(() => {
      this.retrying = undefined;
    });
    return this.retrying;
  }

  /** Writes what is queued and waits for every write; the journal is emptied if the database took everything, and kept for the next start if not. */
  async close(): Promise<void> {
    this.closed = true;
    this.handOver();
    while (this.inFlight.size) await Promise.all(this.inFlight.keys());
    this.emptyIfStored();
    this.journal.close();
  }

  private handOver(): void {
    clearTimeout(this.handing);
    this.handing = undefined;
    const records = this.queued;
    this.queued = [];
    for (const batch of byRoom(records)) {
      const written: Promise<void> = this.write(batch.room, batch.updates).then(
        () => this.settled(written),
        (error) => {
          this.failed.push(batch);
          this.onWriteFailed(error);
          this.settled(written);
        },
      );
      this.inFlight.set(written, batch.updates.length);
    }
  }

  private async retry(): Promise<void> {
    while (this.failed.length) {
      const [{ room, updates }] = this.failed;
      await this.write(room, updates);
      this.failed.shift();
    }
    this.emptyIfStored();
  }

  /** Updates in the database writes not yet finished (a handful of batches at most: one per room per hand-over). */
  private updatesInFlight(): number {
    let updates = 0;
    for (const count of this.inFlight.values()) updates += count;
    return updates;
  }

  private settled(written: Promise<void>): void {
    this.inFlight.delete(written);
    this.emptyIfStored();
  }

  private emptyIfStored(): void {
    if (this.queued.length || this.inFlight.size || this.failed.length || this.journal.isEmpty) return;
    try {
      this.journal.empty();
    } catch (error) {
      this.onEmptyFailed(error);
    }
  }
}

interface RoomUpdates {
  room: string;
  updates: Uint8Array[];
}

/** Records by room, each room's in the order they came (rooms are stored apart: no order between them to keep). */
export function byRoom(records: readonly JournalRecord[]): RoomUpdates[] {
  const rooms = new Map<string, Uint8Array[]>();
  for (const { room, update } of records) {
    const updates = rooms.get(room);
    if (updates) updates.push(update);
    else rooms.set(room, [update]);
  }
  return [...rooms].map(([room, updates]) => ({ room, updates }));
}
