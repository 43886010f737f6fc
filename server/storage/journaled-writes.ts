import type { Journal, JournalRecord } from './journal';

/**
 * Past this many database writes queued or in flight, an append waits for one to finish before
 * it is journaled: the journal may run ahead of the database, not away from it (in memory, and
 * in what a crash would leave to replay).
 */
export const MAX_WRITES_BEHIND = 1024;

/**
 * A room's updates written through a journal (journal.ts): `append` resolves once the update is
 * journaled, and the database write follows once the event loop has finished what it is doing
 * (a `setImmediate`): starting a LevelDB put costs the main thread some 60 µs, which the room's
 * relay of the update, right after `append`, would otherwise wait for.
 *
 * The database runs its operations in order (y-leveldb's queue): a read or compaction calls
 * `ahead()` first, which hands the database every queued write at once, so it sees them.
 *
 * A database write that fails after its update was journaled (and acknowledged) is kept and
 * retried, in order, before the next append, read or compaction; until it succeeds those are
 * refused (the room closes its clients, 1011), and the journal keeps the update for the next
 * start. The journal is emptied whenever the database holds all it has.
 */
export class JournaledWrites {
  /** Journaled, not yet handed to the database. */
  private queued: JournalRecord[] = [];
  private handing: NodeJS.Immediate | undefined;
  private readonly inFlight = new Set<Promise<void>>();
  private readonly failed: JournalRecord[] = [];
  private retrying: Promise<void> | undefined;
  private closed = false;

  constructor(
    private readonly journal: Journal,
    private readonly write: (room: string, update: Uint8Array) => Promise<void>,
    /** Told of a database write that failed (the store logs it); its update is kept for a retry. */
    private readonly onWriteFailed: (error: unknown) => void,
    /** Told when the journal cannot be emptied: it keeps records the database has, written again at the next start (harmless). */
    private readonly onEmptyFailed: (error: unknown) => void,
  ) {}

  /** Journals the update (throws if it cannot be: nothing is acknowledged); the database write follows. */
  async append(room: string, update: Uint8Array): Promise<void> {
    if (this.closed) throw new Error('storage: write failed: the store is closed');
    if (this.failed.length) await this.retryFailed();
    while (this.queued.length + this.inFlight.size >= MAX_WRITES_BEHIND) {
      this.handOver();
      await Promise.race(this.inFlight);
    }
    this.journal.append({ room, update });
    this.queued.push({ room, update });
    this.handing ??= setImmediate(() => this.handOver());
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
    while (this.inFlight.size) await Promise.all(this.inFlight);
    this.emptyIfStored();
    this.journal.close();
  }

  private handOver(): void {
    clearImmediate(this.handing);
    this.handing = undefined;
    const records = this.queued;
    this.queued = [];
    for (const record of records) {
      const written: Promise<void> = this.write(record.room, record.update).then(
        () => this.settled(written),
        (error) => {
          this.failed.push(record);
          this.onWriteFailed(error);
          this.settled(written);
        },
      );
      this.inFlight.add(written);
    }
  }

  private async retry(): Promise<void> {
    while (this.failed.length) {
      const [{ room, update }] = this.failed;
      await this.write(room, update);
      this.failed.shift();
    }
    this.emptyIfStored();
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
