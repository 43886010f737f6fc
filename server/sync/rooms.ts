import { errorText, type Logger } from '../log';
import type { RoomKind } from '../maps/roles';
import type { DocStore } from '../storage/store';
import { type Bus, localBus } from './bus';
import { type OutboundBudget, serverOutboundBudget } from './outbound-budget';
import { Room, type RoomSettings } from './room';

export interface RoomsSettings extends RoomSettings {
  roomIdleMs: number;
  maxRooms: number;
}

/**
 * The rooms loaded in memory. A room loads on its first connection; when its last connection has
 * been gone for `roomIdleMs`, it is unloaded and its update log compacted into one update. At
 * most `maxRooms` are loaded: to load one more, the room idle the longest is unloaded at once;
 * with none idle, the new one is refused.
 */
export class Rooms {
  private readonly rooms = new Map<string, Room>();
  private readonly idleTimers = new Map<Room, NodeJS.Timeout>();
  /** What all rooms together may send in answers (outbound-budget.ts). */
  private readonly outbound: OutboundBudget;

  constructor(
    private readonly store: DocStore,
    private readonly settings: RoomsSettings,
    private readonly log: Logger,
    /** The bus between instances (Redis); one server: a local one, which hears nothing. */
    private readonly bus: Bus = localBus(store),
  ) {
    this.outbound = serverOutboundBudget(settings);
  }

  get loaded(): number {
    return this.rooms.size;
  }

  /** The room, loading it if needed; undefined if `maxRooms` are loaded and busy. Join it in the same tick, or it may be unloaded as idle. */
  open(name: string, kind: RoomKind): Room | undefined {
    const existing = this.rooms.get(name);
    if (existing) {
      this.cancelIdle(existing);
      return existing;
    }
    if (this.rooms.size >= this.settings.maxRooms && !this.evictIdle()) return undefined;
    const room = new Room(name, kind, this.store, this.settings, {
      onEmpty: (r) => this.scheduleIdle(r),
      onFailure: (r) => this.forget(r),
    }, this.log, this.outbound, this.bus);
    this.rooms.set(name, room);
    return room;
  }

  /**
   * Connections to the room on other instances (cluster-limits.ts), added to the room's own for
   * its limit; 0 on one server, and 0 if Redis cannot say (its rooms are failing then anyway).
   */
  async connectionsElsewhere(name: string): Promise<number> {
    if (!this.bus.connections) return 0;
    try {
      return await this.bus.connections.elsewhere(name);
    } catch {
      return 0;
    }
  }

  /** The version of a loaded room's doc (Room.version); undefined if it is not loaded, or not yet. */
  versionOf(name: string): string | undefined {
    return this.rooms.get(name)?.version;
  }

  /**
   * A room's doc as Yjs updates, to be read elsewhere (an answer thread): a loaded room's whole
   * state and its version, taken together (Room.wholeState), else its stored log as it is on disk
   * (no version: it may change on another instance). No doc is built here.
   */
  async readState(name: string): Promise<{ updates: Uint8Array[]; version: string | undefined }> {
    const room = this.rooms.get(name);
    if (room) {
      await room.ready;
      return room.wholeState();
    }
    return { updates: await this.store.loadUpdates(name), version: undefined };
  }

  /** Writes what is pending, then unloads and compacts every room. */
  async closeAll(): Promise<void> {
    await Promise.all([...this.rooms.values()].map((room) => this.unload(room, true)));
  }

  private scheduleIdle(room: Room): void {
    this.cancelIdle(room);
    const timer = setTimeout(() => {
      this.idleTimers.delete(room);
      void this.unload(room, false);
    }, this.settings.roomIdleMs);
    timer.unref();
    this.idleTimers.set(room, timer);
  }

  private cancelIdle(room: Room): void {
    clearTimeout(this.idleTimers.get(room));
    this.idleTimers.delete(room);
  }

  /** Unloads the room that has been idle the longest (timers are kept in the order rooms went idle). */
  private evictIdle(): boolean {
    for (const room of this.idleTimers.keys()) {
      if (!room.isIdle) continue;
      this.log.info('room.evict', { room: room.name, loaded: this.rooms.size, max: this.settings.maxRooms });
      const state = room.needsCompaction ? room.snapshot() : undefined;
      this.forget(room);
      void this.compact(room, state);
      return true;
    }
    return false;
  }

  private async unload(room: Room, force: boolean): Promise<void> {
    await room.ready.catch(() => undefined);
    await room.drain();
    // Someone may have joined while the last writes drained.
    if (this.rooms.get(room.name) !== room || (room.peerCount > 0 && !force)) return;
    const state = room.needsCompaction ? room.snapshot() : undefined;
    this.forget(room);
    await this.compact(room, state);
  }

  /** `state`: the room's document taken before it was destroyed, written in place of its log. */
  private async compact(room: Room, state: Uint8Array | undefined): Promise<void> {
    if (state) {
      try {
        await this.store.compact(room.name, state);
      } catch (error) {
        this.log.error('room.compact-failed', { room: room.name, error: errorText(error) });
      }
    }
    this.log.info('room.unload', { room: room.name, compacted: room.needsCompaction });
  }

  private forget(room: Room): void {
    this.cancelIdle(room);
    if (this.rooms.get(room.name) === room) this.rooms.delete(room.name);
    room.destroy();
  }
}
