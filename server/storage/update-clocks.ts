import { createEncoder, toUint8Array, writeVarUint, writeVarUint8Array } from 'lib0/encoding';
import { getCurrentUpdateClock, type LeveldbPersistence } from 'y-leveldb';
import * as Y from 'yjs';

type Key = (string | number)[];
interface Level {
  put(key: Key, value: Uint8Array): Promise<void>;
  batch(operations: { type: 'put'; key: Key; value: Uint8Array }[]): Promise<void>;
}

/**
 * Appends a room's updates under y-leveldb's keys (['v1', room, 'update', n]) with each room's
 * last number kept in memory. y-leveldb's own `storeUpdate` reads that number back from the
 * database (a reverse iterator) before every put: about half the cost of a write, and a write
 * is what every edit waits for before it is relayed.
 *
 * The numbers are read and advanced only inside y-leveldb's queue, where every write of the
 * database runs one after another: compaction writes the merged state under the next number
 * too, so a number known outside the queue could be stale by the time the put runs and the put
 * would overwrite the compacted state. A room not yet known (new, or after a start whose scan
 * failed) has its number read from the database once.
 */
export class UpdateClocks {
  private readonly last: Map<string, number>;

  constructor(
    private readonly db: LeveldbPersistence,
    /** Each room's highest update number, as the start's scan found them. */
    found: ReadonlyMap<string, number>,
  ) {
    this.last = new Map(found);
  }

  /**
   * Stores the updates as the room's next, in one LevelDB batch; resolves with the last one's
   * number, or null if the write failed (y-leveldb's way).
   */
  append(room: string, updates: readonly Uint8Array[]): Promise<number | null> {
    return this.db._transact(async (db) => {
      const level = db as Level;
      const last = this.last.get(room) ?? (await getCurrentUpdateClock(db, room));
      // As y-leveldb does for a new room: its state vector is what lists it among the documents.
      if (last === -1) await level.put(['v1_sv', room], asBuffer(stateVectorRecord(updates[0])));
      await level.batch(updates.map((update, i) => ({ type: 'put', key: ['v1', room, 'update', last + 1 + i], value: asBuffer(update) })));
      const clock = last + updates.length;
      this.last.set(room, clock);
      return clock;
    });
  }

  /**
   * y-leveldb's compaction of a room: its updates merged into one, stored under the next number.
   * The room's number is forgotten in the queue right before, so the next append reads it again.
   */
  flush(room: string): Promise<unknown> {
    void this.db._transact(async () => this.last.delete(room));
    return this.db.flushDocument(room);
  }
}

/** y-leveldb stores Buffers (its value encoding passes them through); a view, not a copy. */
function asBuffer(bytes: Uint8Array): Buffer {
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
}

/** y-leveldb's state vector record: the update number it was taken at (0), then the vector. */
function stateVectorRecord(update: Uint8Array): Uint8Array {
  const doc = new Y.Doc();
  Y.applyUpdate(doc, update);
  const encoder = createEncoder();
  writeVarUint(encoder, 0);
  writeVarUint8Array(encoder, Y.encodeStateVector(doc));
  doc.destroy();
  return toUint8Array(encoder);
}
