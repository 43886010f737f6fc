import type { DocStore } from '../storage/store';
import type { RoomConnections } from './cluster-limits';
import type { LinkChanges } from './link-changes';
import type { PresenceLink, PresenceListener } from './presence-bus';

/** What a room hands the bus: where to put updates other instances stored, and what to do when the bus is lost. */
export interface RoomListener {
  /** Updates other instances stored, in log order, each already stored: apply (and relay) them. One may repeat what the room has (harmless in Yjs). */
  deliver(updates: Uint8Array[]): void;
  /** The bus can no longer keep the room up to date (Redis lost): the room must close its clients (1011). */
  fail(error: unknown): void;
}

/** A room's place on the bus. */
export interface RoomLink {
  /** The room's stored updates, oldest first, read so that nothing stored after them is missed. */
  load(): Promise<Uint8Array[]>;
  /** The room is unloaded: nothing more is delivered. */
  close(): void;
}

/**
 * How the instances serving one map hear of each other's writes. A room's own writes go to the
 * store as before (DocStore.appendUpdate, written before relayed); the bus brings in what other
 * instances wrote. Local (one server, LevelDB or memory) there is nobody else: a room loads from
 * the store and nothing is ever delivered. Redis: sync/bus-redis.ts.
 */
export interface Bus {
  join(room: string, listener: RoomListener): RoomLink;
  /** Presence between instances (presence-bus.ts); absent on one server, where there is nobody to tell. */
  presence?(room: string, listener: PresenceListener): PresenceLink;
  /** Each room's connections on every instance (cluster-limits.ts); absent on one server. */
  readonly connections?: RoomConnections;
  /** Replaced links, told between instances (link-changes.ts); absent on one server. */
  readonly linkChanges?: LinkChanges;
  close(): Promise<void>;
}

/** One server: nothing to hear. */
export function localBus(store: DocStore): Bus {
  return {
    join: (room) => ({ load: () => store.loadUpdates(room), close() {} }),
    async close() {},
  };
}
