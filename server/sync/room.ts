import * as Y from 'yjs';
import { errorText, type Logger } from '../log';
import { canWrite, type Role, type RoomKind } from '../maps/roles';
import type { DocStore } from '../storage/store';
import { type Bus, localBus, type RoomLink } from './bus';
import { CLOSE_CODES } from './close-codes';
import type { RoomConnections } from './cluster-limits';
import { DurableWriter } from './durable-writer';
import { Fanout, type Peer } from './fanout';
import { shapeOfRoom } from './doc-shape';
import { loadDoc } from './load';
import { connectionOutboundBudget, type OutboundBudget, type OutboundSettings, roomOutboundBudget, serverOutboundBudget } from './outbound-budget';
import { type ClientMessage, decodeClientMessage, encodeSyncStep1, encodeSyncStep2, encodeUpdate } from './messages';
import { Presence, type PresenceResult, type PresenceSettings } from './presence';
import { Refusal } from './refusal';
import { ReviewRules, type ReviewWriter } from './review-rules';
import { ShadowDoc, type SizeLimits } from './shadow-doc';
import { StateCache } from './state-cache';
import { encodeStateInParts, PART_BYTES } from './state-in-parts';
import { diffFor } from './validate';

/** A whole doc as the messages that answer a client with none of it: its parts as updates, the last as the sync step 2. */
function wholeInParts(doc: Y.Doc): Uint8Array[] {
  const parts = encodeStateInParts(doc, PART_BYTES);
  const last = parts.length - 1;
  return parts.map((part, i) => (i < last ? encodeUpdate(part) : encodeSyncStep2(part)));
}

export interface RoomHooks {
  /** The last peer left. */
  onEmpty(room: Room): void;
  /** Storage failed; the room closed its peers and must be forgotten. */
  onFailure(room: Room): void;
}

/** 'dropped': a write from a peer that may not write here; the rest: see PresenceResult. */
export type ReceiveResult = 'dropped' | PresenceResult;

export interface RoomSettings extends SizeLimits, PresenceSettings, OutboundSettings {
  /** See settings.ts: the batching windows of updates and of presence (the longest; adaptive-window.ts), the sends a second before they batch, the slow-client limit, the largest presence state. */
  fanoutWindowMs: number;
  awarenessWindowMs: number;
  fanoutSendsPerSecond: number;
  slowClientBytes: number;
  maxPresenceBytes: number;
  /** A connection's byte rate: also what undoing its refused review changes may cost (review-rules.ts). */
  bytesPerSecond: number;
}

/**
 * One live document (a map, or a map's review data) and the clients connected to it. The doc only
 * ever holds what is on disk: a client's update is applied to a shadow of the doc first (garbage,
 * limits, shadow-doc.ts), what Yjs integrated there is written, and only then applied, which
 * relays it. Roles are enforced
 * here, per message: an update from a peer that may not write this room is dropped before it
 * touches anything.
 */
/** Each room object's own number: a room unloaded and loaded again is another room, whose versions start again. */
let roomsMade = 0;

export class Room {
  readonly doc = new Y.Doc();
  readonly serial = ++roomsMade;
  readonly ready: Promise<void>;
  private isReady = false;
  /** Updates in the room's log on disk: what compaction would merge. */
  private logLength = 0;
  /** The load dropped or skipped something of the log (load.ts): the log should be rewritten even if short. */
  private healed = false;
  private readonly peers = new Map<Peer, Role>();
  private readonly writer: DurableWriter<Peer>;
  private readonly shadow: ShadowDoc;
  /** In a review room, who may change which comment or waiver (review-rules.ts). */
  private readonly reviewRules: ReviewRules | undefined;
  private readonly updates: Fanout<Uint8Array>;
  private readonly presence: Presence;
  /** The whole doc, encoded once per version: most answers to a sync step 1 (state-cache.ts). */
  private readonly state: StateCache;
  /** What each peer may still be sent in answers; each is charged to the room's and the server's budgets too (outbound-budget.ts). */
  private readonly outbound = new Map<Peer, OutboundBudget>();
  private readonly outboundBudget: () => OutboundBudget;
  private readonly slowClientBytes: number;
  /** Where the room hears what other instances wrote (bus.ts; one server: nothing). */
  private readonly link: RoomLink;
  private failed = false;
  /** Where this room's connection count is reported to the other instances (cluster-limits.ts; one server: nowhere). */
  private readonly connections: RoomConnections | undefined;

  constructor(
    readonly name: string,
    readonly kind: RoomKind,
    store: DocStore,
    settings: RoomSettings,
    private readonly hooks: RoomHooks,
    private readonly log: Logger,
    /** What all rooms together may send in answers (one per server); a room of its own if not given (tests). */
    serverBudget: OutboundBudget = serverOutboundBudget(settings),
    /** The bus between instances (Redis); a local one, which hears nothing, if not given. */
    bus: Bus = localBus(store),
  ) {
    this.state = new StateCache(this.doc);
    const roomBudget = roomOutboundBudget(serverBudget, settings);
    this.outboundBudget = () => connectionOutboundBudget(roomBudget, settings);
    this.slowClientBytes = settings.slowClientBytes;
    this.writer = new DurableWriter(
      async (update) => {
        await store.appendUpdate(name, update);
        this.logLength += 1;
      },
      (update, authors) => this.applyDurable(update, authors),
      (error) => this.fail('room.write-failed', error),
    );
    // A page announces its clientID in the room's presence before it writes under it (writer-ids.ts).
    this.reviewRules = kind === 'review' ? new ReviewRules(name, settings.bytesPerSecond, (peer, client) => this.presence.holdOn(peer, client)) : undefined;
    // Built by the first update that needs it, dropped after a quiet spell (shadow-doc.ts).
    this.shadow = new ShadowDoc(settings, () => [Y.encodeStateAsUpdate(this.doc), ...this.writer.unwritten()], shapeOfRoom(name), this.reviewRules, (event, fields) =>
      this.log.info(event, { room: this.name, ...fields }),
    );
    const peers = () => this.peers.keys();
    const peerCount = () => this.peers.size;
    const sendsPerSecond = settings.fanoutSendsPerSecond;
    const onSlowPeer = (peer: Peer) => {
      this.log.warn('conn.too-slow', { room: this.name, buffered: peer.bufferedAmount });
      peer.close(CLOSE_CODES.TOO_SLOW, 'too slow: reconnect to resync');
    };
    const { slowClientBytes } = settings;
    this.updates = new Fanout({
      peers,
      peerCount,
      sendsPerSecond,
      onSlowPeer,
      slowClientBytes,
      windowMs: settings.fanoutWindowMs,
      encode: (updates) => encodeUpdate(updates.length === 1 ? updates[0] : Y.mergeUpdates(updates)),
    });
    this.presence = new Presence(this.doc, { peers, peerCount, sendsPerSecond, onSlowPeer, slowClientBytes, windowMs: settings.awarenessWindowMs }, settings, (event, fields) =>
      this.log.warn(event, { room: this.name, ...fields }),
    );
    this.link = bus.join(name, { deliver: (updates) => this.applyRemote(updates), fail: (error) => this.fail('room.bus-failed', error) });
    // Who is on the map on other instances (presence-bus.ts); one server has no presence bus.
    this.connections = bus.connections;
    const presenceLink = bus.presence?.(name, this.presence);
    if (presenceLink) this.presence.attach(presenceLink);
    // Rejects if the room cannot be loaded (the room then closes its peers and is forgotten).
    this.ready = loadDoc({ loadUpdates: () => this.link.load() }, name, this.doc, log).then(({ updates, skipped, dropped }) => {
      this.logLength += updates;
      // What the load dropped is gone from the doc but not from the log: compacting writes it down.
      this.healed = dropped > 0 || skipped > 0;
      if (skipped > 0) this.log.error('room.updates-skipped', { room: name, skipped, of: updates });
      // No shadow yet: the first update builds it, so the map reaches its first client sooner.
      this.isReady = true;
      for (const [peer, role] of this.peers) this.greet(peer, role);
    });
    this.ready.catch((error) => this.fail('room.load-failed', error));
  }

  /**
   * What compaction writes in place of the log: the document as loaded and served (what the load
   * healed, healed on disk too). Read it before destroy.
   */
  snapshot(): Uint8Array {
    return Y.encodeStateAsUpdate(this.doc);
  }

  /**
   * The whole doc as Yjs updates, for reading it elsewhere (the answer threads), and the version
   * they are of, taken together. They are the parts a new client is sent (encoded once per
   * version, and shared with the sync), unwrapped from their messages without a copy. Once ready.
   */
  wholeState(): { updates: Uint8Array[]; version: string | undefined } {
    const updates = this.state.stateAs(wholeInParts).map((message) => {
      const decoded = decodeClientMessage(message);
      if (decoded.type === 'update' || decoded.type === 'sync-step-2') return decoded.update;
      throw new Error(`a part of the whole doc is a ${decoded.type} message`);
    });
    return { updates, version: this.version };
  }

  /** This room's doc as it is now, in a word: equal versions, equal docs (once loaded; undefined before). */
  get version(): string | undefined {
    return this.isReady ? `${this.serial}.${this.state.version}` : undefined;
  }

  /** Worth compacting when unloaded: more than one update in its log. */
  get needsCompaction(): boolean {
    return this.logLength > 1 || this.healed;
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
    this.outbound.set(peer, this.outboundBudget());
    this.connections?.report(this.name, this.peers.size);
    if (this.isReady) this.greet(peer, role);
  }

  leave(peer: Peer): void {
    if (!this.peers.delete(peer)) return;
    this.connections?.report(this.name, this.peers.size);
    this.outbound.delete(peer);
    this.reviewRules?.leave(peer);
    this.presence.leave(peer);
    if (this.peers.size === 0) this.hooks.onEmpty(this);
  }

  /** Handles one message of a joined peer, after `ready`. Throws a Refusal (MalformedMessage, a limit) to end the connection. */
  receive(peer: Peer, message: ClientMessage): ReceiveResult {
    const role = this.peers.get(peer);
    if (!role) return 'dropped';
    switch (message.type) {
      case 'sync-step-1':
        this.answer(peer, ...this.whatItLacks(message.stateVector));
        return 'ok';
      case 'sync-step-2':
      case 'update':
        if (!canWrite(role, this.kind)) return 'dropped';
        return this.admit(peer, message.update, this.reviewRules?.writerOf(peer, role));
      case 'awareness':
        return this.presence.receive(peer, message.update);
      case 'query-awareness':
        this.answer(peer, this.presence.everyone());
        return 'ok';
    }
  }

  /**
   * Whether a message is an awareness update that only echoes what the room already has (the
   * stock provider sends back every presence message it receives): it would change nothing, and
   * the connection drops it without charging it (connection.ts).
   */
  isPresenceEcho(message: ClientMessage): boolean {
    return this.isReady && message.type === 'awareness' && this.presence.isEcho(message.update);
  }

  /** Resolves once every accepted update is on disk. */
  drain(): Promise<void> {
    return this.writer.drain();
  }

  destroy(): void {
    this.link.close();
    this.updates.stop();
    this.presence.destroy();
    this.shadow.destroy();
    this.state.destroy();
    this.doc.destroy();
  }

  private greet(peer: Peer, role: Role): void {
    // Our state vector asks the client for what it has and we lack (offline edits); pointless for read-only peers.
    if (canWrite(role, this.kind)) peer.send(encodeSyncStep1(Y.encodeStateVector(this.doc)));
    if (this.presence.isEmpty) return;
    // Charged like an answer, but a joiner over budget (a socket reconnecting without pause) is
    // left out rather than closed: the stock provider renews its presence every 15 s, so a person
    // shows up then all the same.
    const everyone = this.presence.everyone();
    if (!this.outbound.get(peer)?.spend(everyone.byteLength)) peer.send(everyone);
  }

  /** Writes what the shadow takes of `update`; 'dropped' if the review rules had to correct some of it (it is written corrected). */
  private admit(author: Peer, update: Uint8Array, writer: ReviewWriter | undefined): ReceiveResult {
    for (const integrated of this.shadow.admit(update, writer)) this.writer.push(integrated, author);
    return writer?.refusedLast ? 'dropped' : 'ok';
  }

  /**
   * The answer to a sync step 1: what the client lacks, in one sync step 2. A client that has none
   * of the doc (a page opening the map) gets it in parts (state-in-parts.ts), encoded once per
   * version: updates, then a sync step 2 with the last, so that a page applies a large map in
   * several short tasks and the stock provider says it is synced only once it has all of it.
   */
  private whatItLacks(stateVector: Uint8Array): Uint8Array[] {
    if (this.state.lacksAll(stateVector)) return this.state.stateAs(wholeInParts);
    return [encodeSyncStep2(diffFor(this.doc, stateVector))];
  }

  /**
   * Sends what `peer` asked for, charged what it sends to the peer's, the room's and the server's
   * outbound budgets: a 4-byte request may ask for the whole map, so requests are metered by their
   * answers. A peer over a budget, or with more than slowClientBytes of earlier answers still
   * unsent (it asks without reading), is refused (closed 4529 or 1013, logged by the connection).
   */
  private answer(peer: Peer, ...messages: Uint8Array[]): void {
    const buffered = peer.bufferedAmount;
    if (buffered > this.slowClientBytes) {
      throw new Refusal(CLOSE_CODES.TOO_SLOW, 'too slow: reconnect to resync', 'conn.too-slow', { buffered });
    }
    const bytes = messages.reduce((sum, message) => sum + message.byteLength, 0);
    const short = this.outbound.get(peer)?.spend(bytes);
    if (short) {
      throw new Refusal(CLOSE_CODES.RATE_LIMITED, 'asking for more than the server sends: reconnect later', 'conn.over-budget', {
        limit: `outbound-${short.scope}`,
        perSecond: short.perSecond,
        answer: bytes,
      });
    }
    for (const message of messages) peer.send(message);
  }

  /**
   * An update on disk: relayed, then applied to the room's doc. The bytes are what the shadow
   * integrated, which is what this doc integrates from them, so they are relayed as they are,
   * before the doc spends its own time on them (and the doc has no update listener, which would
   * make Yjs encode every change again).
   */
  private applyDurable(update: Uint8Array, authors?: ReadonlySet<Peer>): void {
    this.updates.addAndSend(update, authors);
    try {
      Y.applyUpdate(this.doc, update);
    } catch (error) {
      // Integrated by the shadow first, so this means a Yjs bug; it is on disk (and relayed), and
      // skipped (and counted) at the next load rather than crashing the room now.
      this.log.error('room.apply-failed', { room: this.name, error: errorText(error) });
    }
  }

  /**
   * Updates another instance stored: applied as durable (so relayed to this room's peers) and
   * taken into the shadow, which must hold whatever the doc holds. Anything of this room's own
   * that waited in the shadow for them is written now.
   */
  private applyRemote(updates: Uint8Array[]): void {
    for (const update of updates) {
      this.applyDurable(update);
      // Before ready, the load's shadow reset takes the doc as it then is.
      if (this.isReady) for (const completed of this.shadow.absorb(update)) this.writer.push(completed);
    }
  }

  private fail(event: string, error: unknown): void {
    if (this.failed) return;
    this.failed = true;
    this.log.error(event, { room: this.name, error: errorText(error) });
    this.writer.stop();
    for (const peer of [...this.peers.keys()]) peer.close(CLOSE_CODES.SERVER_ERROR, 'storage error');
    this.hooks.onFailure(this);
  }
}
