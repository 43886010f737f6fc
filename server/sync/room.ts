import { Awareness, applyAwarenessUpdate, encodeAwarenessUpdate, removeAwarenessStates } from 'y-protocols/awareness';
import * as Y from 'yjs';
import { errorText, type Logger } from '../log';
import { canWrite, type Role, type RoomKind } from '../maps/roles';
import type { DocStore } from '../storage/store';
import { freshAwarenessEntries } from './awareness-filter';
import { CLOSE_CODES } from './close-codes';
import { DurableWriter } from './durable-writer';
import { Fanout, type Peer } from './fanout';
import { loadDoc } from './load';
import { type ClientMessage, MalformedMessage, encodeAwareness, encodeSyncStep1, encodeSyncStep2, encodeUpdate } from './messages';
import { checkUpdate, diffFor } from './validate';

/** The origin of updates applied after they are on disk: only these are relayed. */
const DURABLE = Symbol('durable');

export interface RoomHooks {
  /** The last peer left. */
  onEmpty(room: Room): void;
  /** Storage failed; the room closed its peers and must be forgotten. */
  onFailure(room: Room): void;
}

export type ReceiveResult = 'ok' | 'dropped';

export interface RoomSettings {
  /** See settings.ts: the batching windows of updates and of presence, and the slow-client limit. */
  fanoutWindowMs: number;
  awarenessWindowMs: number;
  slowClientBytes: number;
}

/**
 * One live document (a map, or a map's review data) and the clients connected to it. The doc only
 * ever holds what is on disk: a client's update is checked, written, and only then applied, which
 * relays it. Roles are enforced here, per message: an update from a peer that may not write this
 * room is dropped before it touches anything.
 */
export class Room {
  readonly doc = new Y.Doc();
  readonly awareness = new Awareness(this.doc);
  readonly ready: Promise<void>;
  private isReady = false;
  /** Updates in the room's log on disk: what compaction would merge. */
  private logLength = 0;
  private readonly peers = new Map<Peer, { role: Role; clients: Set<number> }>();
  private readonly writer: DurableWriter;
  private readonly updates: Fanout<Uint8Array>;
  private readonly presence: Fanout<number>;

  constructor(
    readonly name: string,
    readonly kind: RoomKind,
    store: DocStore,
    settings: RoomSettings,
    private readonly hooks: RoomHooks,
    private readonly log: Logger,
  ) {
    this.awareness.setLocalState(null); // the server is not a person on the map
    this.writer = new DurableWriter(
      async (update) => {
        await store.appendUpdate(name, update);
        this.logLength += 1;
      },
      (update) => this.applyDurable(update),
      (error) => this.fail('room.write-failed', error),
    );
    const peers = () => this.peers.keys();
    const onSlowPeer = (peer: Peer) => {
      this.log.warn('conn.too-slow', { room: this.name, buffered: peer.bufferedAmount });
      peer.close(CLOSE_CODES.TOO_SLOW, 'too slow: reconnect to resync');
    };
    const { slowClientBytes } = settings;
    this.updates = new Fanout({
      peers,
      onSlowPeer,
      slowClientBytes,
      windowMs: settings.fanoutWindowMs,
      encode: (updates) => encodeUpdate(updates.length === 1 ? updates[0] : Y.mergeUpdates(updates)),
    });
    this.presence = new Fanout({
      peers,
      onSlowPeer,
      slowClientBytes,
      windowMs: settings.awarenessWindowMs,
      // Encoded at flush time: each person's latest state once, however often it changed in the window.
      encode: (clients) => encodeAwareness(encodeAwarenessUpdate(this.awareness, [...new Set(clients)])),
    });
    this.doc.on('update', (update: Uint8Array, origin: unknown) => {
      if (origin === DURABLE) this.updates.add(update);
    });
    this.awareness.on('update', this.onAwarenessUpdate);
    // Rejects if the room cannot be loaded (the room then closes its peers and is forgotten).
    this.ready = loadDoc(store, name, this.doc).then(({ updates, skipped }) => {
      this.logLength += updates;
      if (skipped > 0) this.log.error('room.updates-skipped', { room: name, skipped, of: updates });
      this.isReady = true;
      for (const [peer, { role }] of this.peers) this.greet(peer, role);
    });
    this.ready.catch((error) => this.fail('room.load-failed', error));
  }

  /** Worth compacting when unloaded: more than one update in its log. */
  get needsCompaction(): boolean {
    return this.logLength > 1;
  }

  get peerCount(): number {
    return this.peers.size;
  }

  /** Joins at once (so an idle room is not unloaded under a joining peer); greets once loaded. */
  join(peer: Peer, role: Role): void {
    this.peers.set(peer, { role, clients: new Set() });
    if (this.isReady) this.greet(peer, role);
  }

  leave(peer: Peer): void {
    const entry = this.peers.get(peer);
    if (!entry) return;
    this.peers.delete(peer);
    if (entry.clients.size > 0) removeAwarenessStates(this.awareness, [...entry.clients], 'left');
    if (this.peers.size === 0) this.hooks.onEmpty(this);
  }

  /** Handles one message of a joined peer, after `ready`. Throws MalformedMessage for garbage. */
  receive(peer: Peer, message: ClientMessage): ReceiveResult {
    const entry = this.peers.get(peer);
    if (!entry) return 'dropped';
    switch (message.type) {
      case 'sync-step-1':
        peer.send(encodeSyncStep2(diffFor(this.doc, message.stateVector)));
        return 'ok';
      case 'sync-step-2':
      case 'update':
        if (!canWrite(entry.role, this.kind)) return 'dropped';
        checkUpdate(message.update);
        this.writer.push(message.update);
        return 'ok';
      case 'awareness': {
        const fresh = freshAwarenessEntries(this.awareness, message.update);
        try {
          if (fresh) applyAwarenessUpdate(this.awareness, fresh, peer);
        } catch {
          throw new MalformedMessage('malformed awareness update');
        }
        return 'ok';
      }
      case 'query-awareness':
        peer.send(encodeAwareness(encodeAwarenessUpdate(this.awareness, [...this.awareness.getStates().keys()])));
        return 'ok';
    }
  }

  /** Resolves once every accepted update is on disk. */
  drain(): Promise<void> {
    return this.writer.drain();
  }

  destroy(): void {
    this.updates.stop();
    this.presence.stop();
    this.awareness.destroy();
    this.doc.destroy();
  }

  private greet(peer: Peer, role: Role): void {
    // Our state vector asks the client for what it has and we lack (offline edits); pointless for read-only peers.
    if (canWrite(role, this.kind)) peer.send(encodeSyncStep1(Y.encodeStateVector(this.doc)));
    const present = [...this.awareness.getStates().keys()];
    if (present.length > 0) peer.send(encodeAwareness(encodeAwarenessUpdate(this.awareness, present)));
  }

  private applyDurable(update: Uint8Array): void {
    try {
      Y.applyUpdate(this.doc, update, DURABLE);
    } catch (error) {
      // Checked on a scratch doc first, so this means a Yjs integration bug; it is on disk, and
      // skipped (and counted) at the next load rather than crashing the room now.
      this.log.error('room.apply-failed', { room: this.name, error: errorText(error) });
    }
  }

  private readonly onAwarenessUpdate = (
    { added, updated, removed }: { added: number[]; updated: number[]; removed: number[] },
    origin: unknown,
  ) => {
    const entry = this.peers.get(origin as Peer);
    if (entry) {
      for (const client of added) entry.clients.add(client);
      for (const client of removed) entry.clients.delete(client);
    }
    for (const client of [...added, ...updated, ...removed]) this.presence.add(client);
  };

  private fail(event: string, error: unknown): void {
    this.log.error(event, { room: this.name, error: errorText(error) });
    this.writer.stop();
    for (const peer of [...this.peers.keys()]) peer.close(CLOSE_CODES.SERVER_ERROR, 'storage error');
    this.hooks.onFailure(this);
  }
}
