/**
 * What the sync server needs from storage, so rooms and the API can be tested against any of it
 * (ARCHITECTURE.md, habit 7). A room is a Yjs document kept as a log of updates; records are small
 * values (a map's access hashes) stored next to it.
 */
export interface DocStore {
  /** Every stored update of a room, oldest first; none for a room never written. */
  loadUpdates(room: string): Promise<Uint8Array[]>;
  /** Resolves once the update is in the database, so it survives `kill -9` of this process. */
  appendUpdate(room: string, update: Uint8Array): Promise<void>;
  /** Replaces a room's log with one merged update (done when a room goes idle). */
  compact(room: string): Promise<void>;
  getRecord(room: string, key: string): Promise<unknown>;
  setRecord(room: string, key: string, value: unknown): Promise<void>;
  close(): Promise<void>;
}
