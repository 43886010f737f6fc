import type { StorageHealth } from './integrity';

/**
 * What the sync server needs from storage, so rooms and the API can be tested against any of it
 * (storage is passed in, so each part is tested on its own). A room is a Yjs document kept as a log of updates; records are small
 * values (a map's access hashes) stored next to it.
 */
export interface DocStore {
  /** Every stored update of a room, oldest first; none for a room never written. */
  loadUpdates(room: string): Promise<Uint8Array[]>;
  /** Resolves once the update survives `kill -9` of this process: in the database, or in a journal the database is brought up to at the next start. */
  appendUpdate(room: string, update: Uint8Array): Promise<void>;
  /**
   * Replaces a room's log with one update (done when a room goes idle): `state`, the room's
   * document as it was loaded and served, when the caller has it (so what the load healed is
   * healed on disk too, and the log is not replayed); else the log merged.
   */
  compact(room: string, state?: Uint8Array): Promise<void>;
  getRecord(room: string, key: string): Promise<unknown>;
  setRecord(room: string, key: string, value: unknown): Promise<void>;
  /**
   * Sets a record only if it still is `expected` (as getRecord returned it; undefined: none), and
   * says whether it did: two servers changing one record at once (a map's links replaced from
   * both) must not undo each other's change, which would bring a replaced link back.
   */
  swapRecord(room: string, key: string, expected: unknown, value: unknown): Promise<boolean>;
  /** Every room with stored updates or records (backups walk it); a full scan, not for requests. */
  listRooms(): Promise<string[]>;
  /** One cheap probe, so /healthz answers from the storage and not from memory: a read, or a write where the storage can refuse writes while it reads (Redis); throws if it fails. */
  ping(): Promise<void>;
  /** What is known to be wrong with the stored data: damage found at start, reads that failed since. */
  readonly health: StorageHealth;
  close(): Promise<void>;
}
