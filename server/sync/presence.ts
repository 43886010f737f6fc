import { createHash } from 'node:crypto';
import { Awareness, applyAwarenessUpdate, encodeAwarenessUpdate, removeAwarenessStates } from 'y-protocols/awareness';
import type * as Y from 'yjs';
import { type AwarenessEntry, freshAwarenessEntries, isAwarenessEcho } from './awareness-filter';
import { Fanout, type FanoutOptions, type Peer } from './fanout';
import { MalformedMessage, encodeAwareness } from './messages';
import type { PresenceAnnouncement, PresenceLink, PresenceListener } from './presence-bus';
import { remoteEntries } from './presence-remote';
import { PresenceBudget } from './presence-budget';
import { PresenceOwners } from './presence-owners';

/** What happened to an awareness message: all applied, or some entries left out (and why). */
export type PresenceResult = 'ok' | 'not-owner' | 'too-large' | 'over-budget';

/** See settings.ts. */
export interface PresenceSettings {
  maxPresenceBytes: number;
  roomPresenceBytes: number;
  maxRoomConnections: number;
  presenceGraceMs: number;
  presenceRemembered: number;
}

/** Logs one line about the room's presence (the room adds its name). */
export type PresenceLog = (event: string, fields: Record<string, string | number>) => void;

/**
 * The people in a room (names, colours, cursors, selections): the room's awareness, who owns
 * which clientID (presence-owners.ts), how many bytes of it the room holds (presence-budget.ts),
 * and the batched relay of changes. Presence never touches the doc or the disk.
 */
export class Presence implements PresenceListener {
  readonly awareness: Awareness;
  /** clientIDs this server's connections announced: what it tells other instances (presence-bus.ts). */
  private readonly own = new Set<number>();
  /** clientIDs other instances announced: which one, and the hash of the tab's presence key, if it sent one. */
  private readonly remote = new Map<number, { instance: string; key?: string }>();
  private link: PresenceLink | undefined;
  /** Own clientIDs changed since the last announcement. */
  private readonly unannounced = new Set<number>();
  private announceTimer: NodeJS.Timeout | undefined;
  private readonly fanoutWindowMs: number;
  private readonly owners: PresenceOwners<Peer>;
  private readonly budget: PresenceBudget;
  private readonly fanout: Fanout<number>;
  private readonly keyHashes = new WeakMap<Peer, string | undefined>();
  private readonly evictedLogged = new WeakSet<Peer>();

  constructor(
    doc: Y.Doc,
    fanout: Omit<FanoutOptions<number>, 'encode'>,
    private readonly settings: PresenceSettings,
    private readonly log: PresenceLog = () => undefined,
  ) {
    this.awareness = new Awareness(doc);
    this.fanoutWindowMs = fanout.windowMs;
    this.awareness.setLocalState(null); // the server is not a person on the map
    this.owners = new PresenceOwners({ reserved: new Set([this.awareness.clientID]), graceMs: settings.presenceGraceMs, remembered: settings.presenceRemembered });
    this.budget = new PresenceBudget(settings.roomPresenceBytes, settings.maxRoomConnections);
    // Encoded at flush time: each person's latest state once, however often it changed in the window.
    // Each presence message costs two against the room's budget: the stock provider echoes it back.
    this.fanout = new Fanout({ costPerSend: 2, ...fanout, encode: (clients) => encodeAwareness(encodeAwarenessUpdate(this.awareness, [...new Set(clients)])) });
    this.awareness.on('update', ({ added, updated, removed }: Record<'added' | 'updated' | 'removed', number[]>, origin: unknown) => {
      for (const client of removed) this.budget.remove(client); // left, removed, evicted, or timed out
      // Together: one update's people go out as one message even when the window is 0.
      this.fanout.addAll([...added, ...updated, ...removed]);
      // A connection's own states (its origin is the peer) are told to other instances, and so is their going; nothing heard from another instance is.
      if (typeof origin === 'object' && origin !== null) for (const client of [...added, ...updated]) this.changedOwn(client);
      for (const client of removed) {
        this.remote.delete(client);
        if (this.own.delete(client)) this.changedOwn(client);
      }
    });
  }

  /** Other instances hear of this room's people from now on (bus.ts; absent on one server). */
  attach(link: PresenceLink): void {
    this.link = link;
  }

  /**
   * People another instance announced. Only entries for clientIDs nobody here speaks for are
   * taken (a tab that moved here owns its clientID here now), within the per-state limit, and at
   * most as many people as a room may have connections.
   */
  receiveRemote(instance: string, { update, keys }: PresenceAnnouncement): void {
    const entries = remoteEntries(update, (client, state) => {
      if (client === this.awareness.clientID || this.own.has(client) || this.owners.owner(client) !== undefined) return false;
      if (state === 'null') return true;
      if (Buffer.byteLength(state) > this.settings.maxPresenceBytes) return false;
      if (!this.remote.has(client) && this.remote.size >= this.settings.maxRoomConnections) return false;
      this.remote.set(client, { instance, key: keys[client] });
      return true;
    });
    if (!entries) return;
    try {
      applyAwarenessUpdate(this.awareness, entries.update, 'remote');
    } catch {
      // Another instance's states were checked where they came from; one that cannot be applied is left out.
    }
    // An entry older than what is known was not applied: it stays nobody's.
    for (const client of entries.clients) if (!this.awareness.states.has(client)) this.remote.delete(client);
  }

  ownStates(): PresenceAnnouncement | undefined {
    const clients = [...this.own].filter((client) => this.awareness.states.has(client));
    return clients.length > 0 ? this.announcement(clients) : undefined;
  }

  instanceGone(instance: string): void {
    const gone = [...this.remote].filter(([, held]) => held.instance === instance).map(([client]) => client);
    if (gone.length > 0) removeAwarenessStates(this.awareness, gone, 'instance-gone');
  }

  /** Applies the entries of an awareness update that `peer` may make. Throws MalformedMessage for garbage. */
  receive(peer: Peer, update: Uint8Array): PresenceResult {
    let result: PresenceResult = 'ok';
    const fresh = freshAwarenessEntries(this.awareness, update, (entry, revival) => {
      const admitted = this.admit(peer, entry, revival);
      if (typeof admitted === 'string') {
        result = admitted;
        return undefined;
      }
      return admitted;
    });
    try {
      if (fresh) applyAwarenessUpdate(this.awareness, fresh, peer);
    } catch {
      throw new MalformedMessage('malformed awareness update');
    }
    return result;
  }

  /** Whether an awareness update only echoes states the room already has (awareness-filter.ts): it would change nothing. */
  isEcho(update: Uint8Array): boolean {
    return isAwarenessEcho(this.awareness, update);
  }

  /** Everyone present, as one awareness message (possibly of no one); never more than the room's budget. */
  everyone(): Uint8Array {
    return encodeAwareness(encodeAwarenessUpdate(this.awareness, [...this.awareness.getStates().keys()]));
  }

  get isEmpty(): boolean {
    return this.awareness.getStates().size === 0;
  }

  /** `peer` left: its person leaves with it. */
  leave(peer: Peer): void {
    const client = this.owners.release(peer);
    if (client !== undefined && this.awareness.states.has(client)) removeAwarenessStates(this.awareness, [client], 'left');
  }

  destroy(): void {
    // Whoever left just before (a shutdown closes every connection first) is told now, not never.
    this.announce();
    this.link?.close();
    this.link = undefined;
    this.fanout.stop();
    this.awareness.destroy();
  }

  /** Batched like the relay to this server's clients: one announcement per window however often a state changes. */
  private changedOwn(client: number): void {
    this.own.add(client);
    if (!this.awareness.states.has(client)) this.own.delete(client);
    if (!this.link) return;
    this.unannounced.add(client);
    this.announceTimer ??= setTimeout(() => this.announce(), this.fanoutWindowMs);
  }

  private announce(): void {
    clearTimeout(this.announceTimer);
    this.announceTimer = undefined;
    if (!this.link || this.unannounced.size === 0) return;
    const clients = [...this.unannounced];
    this.unannounced.clear();
    this.link.announce(this.announcement(clients));
  }

  /**
   * How `client`, a page's clientID (announced here before the page writes under it,
   * writer-ids.ts), stands for `peer` in this room's presence: see PresenceOwners.holdOn; one
   * another instance announced is 'bound' to its tab's key, or 'contested' without one. The
   * holder of a contested one is asked to prove it is alive, as when its presence is contested.
   */
  holdOn(peer: Peer, client: number): 'free' | 'bound' | 'contested' {
    const key = this.keyHash(peer);
    const held = this.remote.get(client);
    if (held) return held.key === undefined ? 'contested' : held.key === key ? 'free' : 'bound';
    const hold = this.owners.holdOn(peer, client, key);
    if (hold === 'contested') this.owners.owner(client)?.probe?.();
    return hold;
  }

  /** The clients' states (null for the gone) and the key hash each is bound to. */
  private announcement(clients: number[]): PresenceAnnouncement {
    const keys: Record<string, string> = {};
    for (const client of clients) {
      const owner = this.owners.owner(client);
      const key = owner && this.keyHash(owner);
      if (key) keys[client] = key;
    }
    return { update: encodeAwarenessUpdate(this.awareness, clients), keys };
  }

  /** The entry to apply (its state re-serialized, as it will be relayed), or why it is left out. */
  private admit(peer: Peer, entry: AwarenessEntry, revival: boolean): AwarenessEntry | Exclude<PresenceResult, 'ok'> | undefined {
    const { client, state } = entry;
    const key = this.keyHash(peer);
    // A revival is only believed from the tab that holds the clientID's key: anyone else's could
    // be an echo of a state they saw before its owner left.
    if (revival && (key === undefined || !this.owners.isBound(client, key))) return undefined;
    // Announced by another instance: only the same tab (its presence key) takes it over here, as when it reconnects to one server.
    const held = this.remote.get(client);
    if (held && (key === undefined || held.key !== key)) return 'not-owner';
    const claim = this.owners.claim(peer, client, key);
    if (held && claim === 'own') this.remote.delete(client);
    if (claim !== 'own') {
      // 'contested': most often a person whose laptop lost its wifi, their provider reconnected on
      // a new socket while the server still holds the old one. Ask the old one to prove it is
      // alive, so a dead one is dropped in seconds (and the clientID freed) rather than at the
      // next ping. A clientID bound to another key is not contested: its owner's tab is elsewhere.
      if (claim === 'contested' && state !== 'null') this.owners.owner(client)?.probe?.();
      return 'not-owner';
    }
    if (state === 'null') return entry;
    const normalized = normalizedState(state);
    // Measured as relayed: y-protocols re-serializes every state, and `1e9` comes back as `1000000000`.
    const bytes = Buffer.byteLength(normalized);
    if (bytes > this.settings.maxPresenceBytes) return 'too-large';
    const admission = this.budget.admit(client, bytes);
    if (admission === 'refused') return 'over-budget';
    for (const victim of admission.evict) this.evict(victim);
    const clock = revival ? (this.awareness.meta.get(client)?.clock ?? 0) + 1 : entry.clock;
    return { client, clock, state: normalized };
  }

  /** Removes a large state to make room for a small one; its owner stays connected. */
  private evict(client: number): void {
    const owner = this.owners.owner(client);
    const bytes = this.budget.sizeOf(client);
    removeAwarenessStates(this.awareness, [client], 'over-budget');
    this.budget.remove(client);
    if (owner && !this.evictedLogged.has(owner)) {
      this.evictedLogged.add(owner);
      this.log('presence.evicted', { bytes, roomBytes: this.budget.total, budget: this.settings.roomPresenceBytes });
    }
  }

  private keyHash(peer: Peer): string | undefined {
    if (!this.keyHashes.has(peer)) {
      const key = peer.presenceKey;
      this.keyHashes.set(peer, key ? createHash('sha256').update(key).digest('base64') : undefined);
    }
    return this.keyHashes.get(peer);
  }
}

/**
 * A presence state as the server will store and relay it: parsed and serialized again. Throws
 * MalformedMessage for anything but a JSON object, and for one nested too deeply to serialize
 * (which would otherwise throw later, in the relay's timer, where nobody catches it).
 */
function normalizedState(state: string): string {
  let parsed: unknown;
  try {
    parsed = JSON.parse(state);
  } catch {
    throw new MalformedMessage('a presence state must be JSON');
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) throw new MalformedMessage('a presence state must be a JSON object or null');
  try {
    return JSON.stringify(parsed);
  } catch {
    throw new MalformedMessage('a presence state nested too deeply');
  }
}
