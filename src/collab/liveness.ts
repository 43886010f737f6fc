import * as decoding from 'lib0/decoding';
import { messageYjsSyncStep1, messageYjsSyncStep2 } from 'y-protocols/sync';
import { messageSync, type WebsocketProvider } from 'y-websocket';
import * as Y from 'yjs';
import { queuedSendBytes } from './paced-socket';
import { readSyncPayload, syncMessage } from './syncMessage';

export interface LivenessOptions {
  /** A change the server has not confirmed for this long starts a resync, and is shown as waiting. */
  ackWindowMs: number;
  /** While changes stay unconfirmed, resyncs repeat, the wait doubling from ackWindowMs up to this. */
  maxRoundMs: number;
  /** With nothing waiting, ask the server for what we lack this often: heals a dropped relay of someone else's edit. */
  idleResyncMs: number;
  /** How often the clocks above are checked. */
  tickMs: number;
}

export const LIVENESS_DEFAULTS: LivenessOptions = { ackWindowMs: 3000, maxRoundMs: 8000, idleResyncMs: 20_000, tickMs: 500 };


/** Per client, half-open clock ranges [start, end). */
type Ranges = Map<number, [number, number][]>;

/** Local changes the server has not confirmed: the clocks they need the server to reach, and what they deleted. */
interface Unconfirmed {
  at: number;
  /** Usually 1; past MAX_TRACKED, new changes are folded into the last entry (confirmed together, a little later). */
  count: number;
  needs: Map<number, number>;
  deletes: Ranges;
  /** What it changed, as people count changes: one step or join (or comment) per entry, however many keystrokes. */
  elements: Set<string>;
}

/** Bounds memory and the work per message from the server, say after a long day offline: a drag alone is a change per frame. */
const MAX_TRACKED = 1000;

/**
 * A message from the server larger than this is read in a task of its own, after the provider
 * has applied it. Reading an update means decoding every struct in it: for a 5,000-step map's
 * first sync that was a third of the task that applied it, the longest of the page's opening.
 * Nothing waits on the reading but confirmations, which a few milliseconds do not change.
 */
const READ_AT_ONCE_BYTES = 64 * 1024;

/**
 * Knows which of this page's changes the server has confirmed, and resyncs when one stays
 * unconfirmed, so an edit lost on the way (a proxy that drops WebSocket messages while the socket
 * stays open) is sent again within seconds instead of at the next reconnect.
 *
 * The server relays every update it stored to every client, the author included, and answers a
 * sync step 1 with what the asker lacks plus its whole delete set; its own state vector arrives
 * once, on connect. From these, without any change to the server, we keep the server's clock per
 * client and check each local transaction against it: its new structs are confirmed once the
 * server's clock covers them, its deletions once a delete set from the server contains them.
 *
 * A change unconfirmed past `ackWindowMs` starts a round: we send what the server may lack
 * (everything past its known clocks, and our delete set) and a sync step 1 that pretends we only
 * have what the server has confirmed, so the answer shows how far the server really got even when
 * it was our copy of its relay that was lost. The stock `resyncInterval` would not do: it only
 * asks the server for what we lack, and never sends what the server lacks.
 */
export class SyncLiveness {
  private readonly serverClock = new Map<number, number>();
  private unconfirmed: Unconfirmed[] = [];
  private unconfirmedCount = 0;
  /** Per element, how many unconfirmed entries changed it: its size is the changes a person sees waiting. */
  private readonly unconfirmedElements = new Map<string, number>();
  private readonly rootNames = new Map<unknown, string>();
  private roundWait: number;
  private lastRound = Number.NEGATIVE_INFINITY;
  private rounds = 0;
  private lastPull = Date.now();
  private wasStalled = false;
  private readonly timer: ReturnType<typeof setInterval>;
  /** Messages from the server still to be read, in the order they arrived (READ_AT_ONCE_BYTES). */
  private readonly unread: (() => void)[] = [];
  private readTimer: ReturnType<typeof setTimeout> | undefined;
  private readonly originalHandler: WebsocketProvider['messageHandlers'][number];

  constructor(
    private readonly provider: WebsocketProvider,
    private readonly onChange: () => void = () => undefined,
    private readonly options: LivenessOptions = LIVENESS_DEFAULTS,
  ) {
    this.roundWait = options.ackWindowMs;
    // Each provider has its own copy of the handler table, meant for this: we read what the
    // server sends before the stock handler applies it.
    this.originalHandler = provider.messageHandlers[messageSync];
    provider.messageHandlers[messageSync] = (encoder, decoder, ...rest) => {
      this.heard(decoding.clone(decoder));
      this.originalHandler(encoder, decoder, ...rest);
    };
    provider.doc.on('afterTransaction', this.onTransaction);
    provider.on('status', this.onStatus);
    this.timer = setInterval(() => this.tick(), options.tickMs);
  }

  /** Local changes (transactions) the server has not confirmed yet. */
  get waiting(): number {
    return this.unconfirmedCount;
  }

  /**
   * The same, counted as a person counts changes: the steps, joins and other items they touched
   * ("1 unsynced change" for one step typed into, not one per keystroke or drag frame).
   */
  get changedElements(): number {
    return this.unconfirmedElements.size;
  }

  /** Connected, yet a change has gone unconfirmed past the window: the page must not say all is well. */
  get stalled(): boolean {
    const oldest = this.unconfirmed[0];
    return this.provider.wsconnected && oldest !== undefined && Date.now() - oldest.at >= this.options.ackWindowMs;
  }

  destroy(): void {
    clearInterval(this.timer);
    clearTimeout(this.readTimer);
    this.unread.length = 0;
    this.provider.messageHandlers[messageSync] = this.originalHandler;
    this.provider.doc.off('afterTransaction', this.onTransaction);
    this.provider.off('status', this.onStatus);
  }

  private readonly onTransaction = (transaction: Y.Transaction) => {
    // Remote updates (the provider's, IndexedDB's) come through applyUpdate, which is not local.
    if (!transaction.local || transaction.origin === this.provider) return;
    const needs = new Map<number, number>();
    for (const [client, clock] of transaction.afterState) if (clock > (transaction.beforeState.get(client) ?? 0)) needs.set(client, clock);
    const deletes: Ranges = new Map();
    for (const [client, items] of transaction.deleteSet.clients) {
      if (items.length > 0) deletes.set(client, items.map((item) => [item.clock, item.clock + item.len]));
    }
    if (needs.size === 0 && deletes.size === 0) return;
    this.track({ at: Date.now(), count: 1, needs, deletes, elements: this.elementsOf(transaction) });
    this.onChange();
  };

  /** The top-level items a local transaction touched: "steps:<id>", "joins:<id>", "meta:title", … (never empty). */
  private elementsOf(transaction: Y.Transaction): Set<string> {
    const elements = new Set<string>();
    const rootName = (type: unknown) => {
      if (!this.rootNames.has(type)) for (const [name, root] of this.provider.doc.share) this.rootNames.set(root, name);
      return this.rootNames.get(type) ?? '?';
    };
    for (const [type, keys] of transaction.changed) {
      const item = type._item;
      if (item === null) {
        for (const key of keys) elements.add(`${rootName(type)}:${key ?? 'list'}`);
        continue;
      }
      // Up to the item that is a direct child of a root type: the step, join or comment changed.
      let child = item;
      while (child.parent instanceof Y.AbstractType && child.parent._item !== null) child = child.parent._item;
      const root = child.parent instanceof Y.AbstractType ? rootName(child.parent) : '?';
      elements.add(`${root}:${child.parentSub ?? `${child.id.client}.${child.id.clock}`}`);
    }
    if (elements.size === 0) elements.add(`change:${this.unconfirmedCount}:${Date.now()}`);
    return elements;
  }

  private track(change: Unconfirmed): void {
    this.unconfirmedCount += change.count;
    const last = this.unconfirmed.at(-1);
    if (this.unconfirmed.length < MAX_TRACKED || !last) {
      for (const element of change.elements) this.unconfirmedElements.set(element, (this.unconfirmedElements.get(element) ?? 0) + 1);
      this.unconfirmed.push(change);
      return;
    }
    for (const element of change.elements) {
      if (last.elements.has(element)) continue;
      last.elements.add(element);
      this.unconfirmedElements.set(element, (this.unconfirmedElements.get(element) ?? 0) + 1);
    }
    last.count += change.count;
    for (const [client, clock] of change.needs) last.needs.set(client, Math.max(clock, last.needs.get(client) ?? 0));
    for (const [client, ranges] of change.deletes) last.deletes.set(client, union([...(last.deletes.get(client) ?? []), ...ranges]));
  }

  private readonly onStatus = ({ status }: { status: string }) => {
    if (status !== 'connected') return;
    // A new connection syncs both ways on its own; give it a full window before resyncing.
    this.roundWait = this.options.ackWindowMs;
    this.lastRound = Number.NEGATIVE_INFINITY;
    this.lastPull = Date.now();
    for (const change of this.unconfirmed) change.at = Math.max(change.at, Date.now());
  };

  /**
   * A sync message from the server, read from a copy of the decoder: at once, or after the
   * provider has applied it when it is large or others wait to be read before it. Never throws
   * into the provider: the stock handler meets the same bytes and deals with what is wrong.
   */
  private heard(decoder: decoding.Decoder): void {
    const message = readSyncPayload(decoder);
    if (!message) return;
    const { type, payload } = message;
    // Updates before the provider has synced are parts of the answer (the server sends a large
    // map in parts, the last as the sync step 2), or relays that came before it: read as answers.
    const answer = type === messageYjsSyncStep2 || !this.provider.synced;
    const read = () => {
      try {
        if (type === messageYjsSyncStep1) this.heardStateVector(Y.decodeStateVector(payload));
        else this.heardUpdate(payload, answer);
      } catch {
        return;
      }
      this.settle();
    };
    if (this.unread.length === 0 && payload.length <= READ_AT_ONCE_BYTES) {
      read();
      return;
    }
    this.unread.push(read);
    this.readTimer ??= setTimeout(this.readUnread, 0);
  }

  private readonly readUnread = () => {
    this.readTimer = undefined;
    for (const read of this.unread.splice(0)) read();
  };

  /** The server's state vector, sent on connect. What we hold beyond it (edits from before this connection, perhaps from IndexedDB) the stock client sends now: wait for it like a local change. */
  private heardStateVector(serverVector: Map<number, number>): void {
    this.raise(serverVector);
    const needs = new Map<number, number>();
    for (const [client, clock] of Y.decodeStateVector(Y.encodeStateVector(this.provider.doc))) {
      const awaited = Math.max(this.serverClock.get(client) ?? 0, ...this.unconfirmed.map((change) => change.needs.get(client) ?? 0));
      if (clock > awaited) needs.set(client, clock);
    }
    if (needs.size > 0) this.track({ at: Date.now(), count: 1, needs, deletes: new Map(), elements: new Set(['earlier edits']) });
  }

  /** An update the server stored (a relay, ours included) or (a part of) its answer to a sync step 1. */
  private heardUpdate(update: Uint8Array, answer: boolean): void {
    if (answer) this.lastPull = Date.now();
    // An answer to a sync step 1 holds what this page lacked: only structs of others, unless it
    // answers a round (resync), which is sent while changes wait. With none waiting, its clocks
    // confirm nothing: local changes wait for this page's own client, which the server's relays
    // of them raise. Not read then: reading a large map's first answer cost a task of its own.
    // A relay that came before the answer is read alike: with no change waiting, it has none of ours.
    if (answer && this.unconfirmed.length === 0) return;
    // The server only relays what it integrated, so it holds every struct of a client below the highest it sent.
    this.raise(Y.parseUpdateMeta(update).to);
    if (!this.unconfirmed.some((change) => change.deletes.size > 0)) return;
    const { ds } = Y.decodeUpdate(update);
    for (const change of this.unconfirmed) {
      for (const [client, ranges] of change.deletes) {
        const left = subtract(ranges, ds.clients.get(client) ?? []);
        if (left.length > 0) change.deletes.set(client, left);
        else change.deletes.delete(client);
      }
    }
  }

  private raise(clocks: Map<number, number>): void {
    for (const [client, clock] of clocks) if (clock > (this.serverClock.get(client) ?? 0)) this.serverClock.set(client, clock);
  }

  /** Drops what the server has confirmed; any progress shortens the wait before the next round again. */
  private settle(): void {
    const before = this.unconfirmedCount;
    this.unconfirmed = this.unconfirmed.filter((change) => {
      const waiting = change.deletes.size > 0 || [...change.needs].some(([client, clock]) => clock > (this.serverClock.get(client) ?? 0));
      if (!waiting) {
        this.unconfirmedCount -= change.count;
        for (const element of change.elements) {
          const left = (this.unconfirmedElements.get(element) ?? 1) - 1;
          if (left > 0) this.unconfirmedElements.set(element, left);
          else this.unconfirmedElements.delete(element);
        }
      }
      return waiting;
    });
    if (this.unconfirmedCount === before) return;
    this.roundWait = this.options.ackWindowMs;
    this.onChange();
  }

  private tick(): void {
    const ws = this.provider.ws;
    const open = this.provider.wsconnected && this.provider.synced && ws !== null && ws.readyState === ws.OPEN;
    const now = Date.now();
    // A large change still going out in parts (paced-socket.ts) is not lost: its wait for the
    // server starts once it is all sent, or every round would queue the whole change again.
    if (open && queuedSendBytes(ws) > 0) {
      for (const change of this.unconfirmed) change.at = now;
      this.lastPull = now;
    }
    if (open && this.stalled && now - this.lastRound >= this.roundWait) {
      this.lastRound = now;
      this.roundWait = Math.min(2 * this.roundWait, this.options.maxRoundMs);
      this.resync(ws);
    } else if (open && now - this.lastPull >= this.options.idleResyncMs) {
      this.lastPull = now;
      ws.send(syncMessage(messageYjsSyncStep1, Y.encodeStateVector(this.provider.doc)));
    }
    if (this.stalled !== this.wasStalled) {
      this.wasStalled = this.stalled;
      this.onChange();
    }
  }

  /**
   * Sends what the server may lack and asks how far it got. Both use our state vector with each
   * awaited client's clock lowered to the server's known one: the update then carries only the
   * unconfirmed structs (and, as every Yjs update does, our whole delete set), and the answer
   * re-sends any of them the server does have, which confirms them.
   */
  private resync(ws: WebSocket): void {
    const confirmed = Y.decodeStateVector(Y.encodeStateVector(this.provider.doc));
    for (const change of this.unconfirmed) {
      for (const client of change.needs.keys()) confirmed.set(client, Math.min(confirmed.get(client) ?? 0, this.serverClock.get(client) ?? 0));
    }
    const vector = Y.encodeStateVector(confirmed);
    const messages = [syncMessage(messageYjsSyncStep2, Y.encodeStateAsUpdate(this.provider.doc, vector)), syncMessage(messageYjsSyncStep1, vector)];
    // Alternate the order, so a path that drops every other message cannot lose the update every round.
    if (this.rounds++ % 2 === 1) messages.reverse();
    for (const message of messages) ws.send(message);
  }
}

/** The same ranges, sorted, overlapping and touching ones joined: a drag deletes each position it replaces, one after another. */
function union(ranges: [number, number][]): [number, number][] {
  const joined: [number, number][] = [];
  for (const [start, end] of [...ranges].sort((a, b) => a[0] - b[0])) {
    const last = joined.at(-1);
    if (last && start <= last[1]) last[1] = Math.max(last[1], end);
    else joined.push([start, end]);
  }
  return joined;
}

/** `ranges` less what the delete items cover. */
function subtract(ranges: [number, number][], items: readonly { clock: number; len: number }[]): [number, number][] {
  let left = ranges;
  for (const { clock, len } of items) {
    const end = clock + len;
    left = left.flatMap(([start, stop]): [number, number][] => {
      if (end <= start || clock >= stop) return [[start, stop]];
      const parts: [number, number][] = [];
      if (start < clock) parts.push([start, clock]);
      if (end < stop) parts.push([end, stop]);
      return parts;
    });
    if (left.length === 0) break;
  }
  return left;
}
