import * as Y from 'yjs';
import { errorText, type Logger } from '../log';
import { canWrite, type Role, type RoomKind } from '../maps/roles';
import type { DocStore } from '../storage/store';
import { CLOSE_CODES } from './close-codes';
import { DurableWriter } from './durable-writer';
import { Fanout, type Peer } from './fanout';
import { loadDoc } from './load';
import { type ClientMessage, encodeSyncStep1, encodeSyncStep2, encodeUpdate } from './messages';
import { Presence, type PresenceResult } from './presence';
import { ShadowDoc, type SizeLimits } from './shadow-doc';
import { diffFor } from './validate';

/** The origin of updates applied after they are on disk: only these are relayed. */
const DURABLE = Symbol('durable');

export interface RoomHooks {
  /** The last peer left. */
  onEmpty(room: Room): void;
  /** Storage failed; the room closed its peers and must be forgotten. */
  onFailure(room: Room): void;
}

/** 'dropped': a write from a peer that may not write here; the rest: see PresenceResult. */
export type ReceiveResult = 'dropped' | PresenceResult;

export interface RoomSettings extends SizeLimits {
  /** See settings.ts: the batching windows of updates and of presence, the slow-client limit, the largest presence state. */
  fanoutWindowMs: number;
  awarenessWindowMs: number;
  slowClientBytes: number;
  maxPresenceBytes: number;
}

/**
 * One live document (a map, or a map's review data) and the clients connected to it. The doc only
 * ever holds what is on disk: a client's update is applied to a shadow of the doc first (garbage,
 * limits, shadow-doc.ts), what Yjs integrated there is written, and only then applied, which
 * relays it. Roles are enforced
 * here, per message: an update from a peer that may not write this room is dropped before it
 * touches anything.
 */
export class Room {
  readonly doc = new Y.Doc();
  readonly ready: Promise<void>;
  private isReady = false;
  /** Updates in the room's log on disk: what compaction would merge. */
  private logLength = 0;
  private readonly peers = new Map<Peer, Role>();
  private readonly writer: DurableWriter;
  private readonly shadow: ShadowDoc;
  private readonly updates: Fanout<Uint8Array>;
  private readonly presence: Presence;

  constructor(
    readonly name: string,
    readonly kind: RoomKind,
    store: DocStore,
    settings: RoomSettings,
    private readonly hooks: RoomHooks,
    private readonly log: Logger,
  ) {
    this.writer = new DurableWriter(
      async (update) => {
        await store.appendUpdate(name, update);
        this.logLength += 1;
      },
      (update) => this.applyDurable(update),
      (error) => this.fail('room.write-failed', error),
    );
    this.shadow = new ShadowDoc(settings, () => [Y.encodeStateAsUpdate(this.doc), ...this.writer.unwritten()]);
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
    this.presence = new Presence(this.doc, { peers, onSlowPeer, slowClientBytes, windowMs: settings.awarenessWindowMs }, settings.maxPresenceBytes);
    this.doc.on('update', (update: Uint8Array, origin: unknown) => {
      if (origin === DURABLE) this.updates.add(update);
    });
    // Rejects if the room cannot be loaded (the room then closes its peers and is forgotten).
    this.ready = loadDoc(store, name, this.doc).then(({ updates, skipped }) => {
      this.logLength += updates;
      if (skipped > 0) this.log.error('room.updates-skipped', { room: name, skipped, of: updates });
      this.shadow.reset();
      this.isReady = true;
      for (const [peer, role] of this.peers) this.greet(peer, role);
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

  /** Loaded, nobody connected, nothing being written: can be unloaded at once. */
  get isIdle(): boolean {
    return this.isReady && this.peers.size === 0 && this.writer.idle;
  }

  /** Joins at once (so an idle room is not unloaded under a joining peer); greets once loaded. */
  join(peer: Peer, role: Role): void {
    this.peers.set(peer, role);
    if (this.isReady) this.greet(peer, role);
  }

  leave(peer: Peer): void {
    if (!this.peers.delete(peer)) return;
    this.presence.leave(peer);
    if (this.peers.size === 0) this.hooks.onEmpty(this);
  }

  /** Handles one message of a joined peer, after `ready`. Throws a Refusal (MalformedMessage, a limit) to end the connection. */
  receive(peer: Peer, message: ClientMessage): ReceiveResult {
    const role = this.peers.get(peer);
    if (!role) return 'dropped';
    switch (message.type) {
      case 'sync-step-1':
        peer.send(encodeSyncStep2(diffFor(this.doc, message.stateVector)));
        return 'ok';
      case 'sync-step-2':
      case 'update':
        if (!canWrite(role, this.kind)) return 'dropped';
        for (const integrated of this.shadow.admit(message.update)) this.writer.push(integrated);
        return 'ok';
      case 'awareness':
        return this.presence.receive(peer, message.update);
      case 'query-awareness':
        peer.send(this.presence.everyone());
        return 'ok';
    }
  }

  /** Resolves once every accepted update is on disk. */
  drain(): Promise<void> {
    return this.writer.drain();
  }

  destroy(): void {
    this.updates.stop();
    this.presence.destroy();
    this.shadow.destroy();
    this.doc.destroy();
  }

  private greet(peer: Peer, role: Role): void {
    // Our state vector asks the client for what it has and we lack (offline edits); pointless for read-only peers.
    if (canWrite(role, this.kind)) peer.send(encodeSyncStep1(Y.encodeStateVector(this.doc)));
    if (!this.presence.isEmpty) peer.send(this.presence.everyone());
  }

  private applyDurable(update: Uint8Array): void {
    try {
      Y.applyUpdate(this.doc, update, DURABLE);
    } catch (error) {
      // Integrated by the shadow first, so this means a Yjs bug; it is on disk, and
      // skipped (and counted) at the next load rather than crashing the room now.
      this.log.error('room.apply-failed', { room: this.name, error: errorText(error) });
    }
  }

  private fail(event: string, error: unknown): void {
    this.log.error(event, { room: this.name, error: errorText(error) });
    this.writer.stop();
    for (const peer of [...this.peers.keys()]) peer.close(CLOSE_CODES.SERVER_ERROR, 'storage error');
    this.hooks.onFailure(this);
  }
}
