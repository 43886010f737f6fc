import type { Redis } from 'ioredis';
import { errorText, type Logger } from '../log';
import { connectRedis } from '../storage/redis-connection';
import { inWords, redisErrorText } from '../storage/redis-errors';
import { compareIds, livenessKey, NO_ID, newerId, type RoomKeys, roomKeys } from '../storage/redis-keys';
import { redisLabel } from '../storage/redis-label';
import type { RedisStore, StreamPosition } from '../storage/redis';
import type { Bus, RoomLink, RoomListener } from './bus';
import type { PresenceLink, PresenceListener } from './presence-bus';
import { RedisPresenceHub } from './presence-bus-redis';
import { RedisRoomConnections } from './cluster-limits-redis';
import { RedisLinkChanges } from './link-changes-redis';

export interface RedisBusSettings {
  /** STALLMAP_REDIS_COMPACT_ENTRIES: appends since the snapshot that make the appending instance compact the room. */
  redisCompactEntries: number;
  /** STALLMAP_REDIS_LIVENESS_MS: how long this instance's liveness key lives; renewed every third of it. */
  redisLivenessMs: number;
}

/**
 * The bus between instances on Redis. Each loaded room subscribes to its channel, where the
 * append script (storage/redis-scripts.ts) publishes `instance|prevId|id|update` in the same step
 * as it stores the update; a room relays its own writes once the script has answered, and
 * others' once their message arrives, so whatever any client sees is in Redis first.
 *
 * Pub/sub loses messages (while a subscriber reconnects, or when Redis drops a slow one) and two
 * connections do not keep order between them (a script's answer and another instance's message
 * race), so every room keeps the id of the log it has applied up to. A message that follows it is
 * applied; one it has is dropped; one that arrives before the entry it follows is held until that
 * entry arrives, which in a room written from two instances is most of the time a moment later.
 * A gap that stays open past GAP_WAIT_MS (a lost message), or a room just loaded or resubscribed,
 * is filled from the log with XRANGE, which is the truth; applying an update twice changes
 * nothing in Yjs.
 *
 * What each room has applied is acknowledged in the room's hash, and the instance's liveness key
 * is renewed, every third of STALLMAP_REDIS_LIVENESS_MS: compaction trims only what every live
 * instance has applied (storage/redis.ts). Losing either connection to Redis fails every room
 * (clients closed 1011; they reconnect and resend), rather than letting a room drift unheard.
 */
export async function openRedisBus(store: RedisStore, settings: RedisBusSettings, log: Logger): Promise<Bus> {
  if (settings.redisLivenessMs < 300) throw new Error(`STALLMAP_REDIS_LIVENESS_MS must be at least 300 (it is renewed every third of it), not ${settings.redisLivenessMs}`);
  const subscriber = await connectRedis(store.url, `stallmap-${store.instance}-bus`, log);
  const bus = new RedisBus(store, subscriber, settings, log);
  await bus.linkChanges.start();
  await bus.beat();
  return bus;
}

class RedisBus implements Bus {
  private readonly links = new Map<string, RedisLink>();
  private readonly byChannel = new Map<string, RedisLink>();
  private readonly heartbeat: NodeJS.Timeout;
  private closing = false;
  private beatFailing = false;
  /** Who is on each map, relayed between instances beside the edits (presence-bus-redis.ts). */
  private readonly presenceHub: RedisPresenceHub;
  /** Each room's connections here, for the cluster-wide room limit (cluster-limits-redis.ts). */
  readonly connections: RedisRoomConnections;
  /** Links replaced on any instance, so each closes its own sockets on them (link-changes.ts). */
  readonly linkChanges: RedisLinkChanges;

  constructor(
    readonly store: RedisStore,
    readonly subscriber: Redis,
    readonly settings: RedisBusSettings,
    readonly log: Logger,
  ) {
    subscriber.on('messageBuffer', (channel: Buffer, message: Buffer) => this.byChannel.get(channel.toString())?.receive(message));
    const lost = () => {
      if (!this.closing) this.loseAll(new Error(`the connection to Redis at ${redisLabel(store.url)} was lost`));
    };
    subscriber.on('close', lost);
    store.redis.on('close', lost);
    store.onAppend((room, at) => this.links.get(room)?.appended(at));
    this.heartbeat = setInterval(() => void this.beat(), Math.max(100, Math.floor(settings.redisLivenessMs / 3)));
    this.heartbeat.unref();
    this.presenceHub = new RedisPresenceHub(store.redis, subscriber, store.instance, settings.redisLivenessMs, log, store.url);
    this.connections = new RedisRoomConnections(store.redis, store.instance, settings.redisLivenessMs);
    this.linkChanges = new RedisLinkChanges(store.redis, subscriber, store.instance, log, store.url);
  }

  presence(room: string, listener: PresenceListener): PresenceLink {
    return this.presenceHub.join(room, listener);
  }

  join(room: string, listener: RoomListener): RoomLink {
    const link = new RedisLink(this, room, roomKeys(room), listener);
    this.links.get(room)?.lose(new Error('replaced'));
    this.links.set(room, link);
    this.byChannel.set(link.keys.channel, link);
    return link;
  }

  /** This instance is alive, and each room has applied up to its id (absolute values: a resent command counts nothing twice). */
  async beat(): Promise<void> {
    const pipeline = this.store.redis.pipeline().set(livenessKey(this.store.instance), '1', 'PX', this.settings.redisLivenessMs);
    for (const link of this.links.values()) if (link.ready) pipeline.hset(link.keys.acks, this.store.instance, link.lastId);
    try {
      const results = (await pipeline.exec()) ?? [];
      const failed = results.find(([error]) => error)?.[0];
      if (failed) throw failed;
      this.beatFailing = false;
    } catch (error) {
      // Once per outage: while it lasts, other instances stop counting this one (its rooms have failed anyway).
      if (!this.closing && !this.beatFailing) this.log.warn('redis.heartbeat-failed', { error: redisErrorText(error, this.store.url) });
      this.beatFailing = true;
    }
  }

  /** The room's link is closed: nothing more for it, and its acknowledgement goes (it no longer holds back trimming). */
  forget(link: RedisLink): void {
    if (this.links.get(link.room) !== link) return;
    this.links.delete(link.room);
    this.byChannel.delete(link.keys.channel);
    this.subscriber.unsubscribe(link.keys.channel).catch(() => undefined);
    this.store.redis.hdel(link.keys.acks, this.store.instance).catch(() => undefined);
  }

  async close(): Promise<void> {
    this.closing = true;
    clearInterval(this.heartbeat);
    for (const link of [...this.links.values()]) link.close();
    this.presenceHub.close();
    this.connections.close();
    await this.store.redis.del(livenessKey(this.store.instance)).catch(() => undefined);
    await this.subscriber.quit().catch(() => this.subscriber.disconnect());
  }

  private loseAll(error: Error): void {
    if (this.links.size > 0) this.log.error('redis.lost', { rooms: this.links.size, error: error.message, note: 'every room closes its clients (1011); they reconnect once Redis answers' });
    for (const link of [...this.links.values()]) link.lose(error);
  }
}

/** `instance|prevId|id|update`, as the append script publishes it. */
function parseMessage(message: Buffer): { instance: string; prev: string; id: string; update: Uint8Array } | undefined {
  const bar = 0x7c;
  const first = message.indexOf(bar);
  const second = message.indexOf(bar, first + 1);
  const third = message.indexOf(bar, second + 1);
  if (first < 0 || second < 0 || third < 0) return undefined;
  const update = message.subarray(third + 1);
  return {
    instance: message.subarray(0, first).toString(),
    prev: message.subarray(first + 1, second).toString(),
    id: message.subarray(second + 1, third).toString(),
    update: new Uint8Array(update.buffer, update.byteOffset, update.byteLength),
  };
}

/**
 * How long an entry that arrived ahead of the one it follows waits for it before the gap is read
 * from the log. Measured on two instances writing one room, half the appends raced the other
 * instance's message and each paid an XRANGE; the missing entry nearly always arrives within a
 * millisecond or two, while a lost one (rare: a reconnect) costs this wait once.
 */
const GAP_WAIT_MS = 20;

/** An entry of the room's log as it reached this instance: its own append (no update: the room has it) or another's message. */
interface Entry {
  id: string;
  update?: Uint8Array;
}

class RedisLink implements RoomLink {
  /** Every entry of the log up to this id is applied to the room. */
  lastId = NO_ID;
  /** Loaded: messages are taken from now on. */
  ready = false;
  private closed = false;
  private catching: Promise<void> | undefined;
  private compacting = false;
  /** Entries that arrived before the entry they follow, by the id they follow. */
  private readonly ahead = new Map<string, Entry>();
  private gapTimer: NodeJS.Timeout | undefined;

  constructor(
    private readonly bus: RedisBus,
    readonly room: string,
    readonly keys: RoomKeys,
    private readonly listener: RoomListener,
  ) {}

  async load(): Promise<Uint8Array[]> {
    // Subscribed before reading: nothing published after the read can be missed.
    await inWords(this.bus.store.url, () => this.bus.subscriber.subscribe(this.keys.channel));
    const { updates, last } = await this.bus.store.read(this.room, '');
    if (this.closed) return updates;
    this.lastId = last;
    this.ready = true;
    // Messages that came between the subscribe and the read's answer were not taken: the log has them.
    this.catchUp();
    return updates;
  }

  /** This instance's own append landed at `at`: in order, the room is now there; past a gap, the gap is read. */
  /** This instance's own append landed at `at`: the room has the update; only its place in the log is new. */
  appended(at: StreamPosition): void {
    if (this.closed || !this.ready) return;
    this.take(at.prev, { id: at.id });
    if (at.pending >= this.bus.settings.redisCompactEntries) this.compact();
  }

  receive(message: Buffer): void {
    if (this.closed || !this.ready) return;
    const parsed = parseMessage(message);
    if (!parsed || parsed.instance === this.bus.store.instance) return;
    this.take(parsed.prev, { id: parsed.id, update: parsed.update });
  }

  close(): void {
    if (this.closed) return;
    this.closed = true;
    clearTimeout(this.gapTimer);
    this.ahead.clear();
    this.bus.forget(this);
  }

  /** An entry that follows `prev`: applied if the room is there, else held until it is (or the gap is read). */
  private take(prev: string, entry: Entry): void {
    if (compareIds(entry.id, this.lastId) <= 0) return;
    if (prev !== this.lastId || this.catching) {
      this.ahead.set(prev, entry);
      this.watchGap();
      return;
    }
    this.apply([entry]);
    this.drainAhead();
  }

  private apply(entries: Entry[]): void {
    this.lastId = entries[entries.length - 1].id;
    const updates = entries.flatMap((entry) => (entry.update ? [entry.update] : []));
    if (updates.length > 0) this.listener.deliver(updates);
  }

  /** Applies the held entries that now follow on; forgets those the room has; watches for what is still missing. */
  private drainAhead(): void {
    const next: Entry[] = [];
    let at = this.lastId;
    for (let entry = this.ahead.get(at); entry; entry = this.ahead.get(at)) {
      this.ahead.delete(at);
      next.push(entry);
      at = entry.id;
    }
    if (next.length > 0) this.apply(next);
    for (const [prev, entry] of this.ahead) if (compareIds(entry.id, this.lastId) <= 0) this.ahead.delete(prev);
    if (this.ahead.size === 0) {
      clearTimeout(this.gapTimer);
      this.gapTimer = undefined;
    } else this.watchGap();
  }

  /** Reads the log if the entries held are still waiting GAP_WAIT_MS from now (one timer at a time). */
  private watchGap(): void {
    if (this.gapTimer || this.catching) return;
    this.gapTimer = setTimeout(() => {
      this.gapTimer = undefined;
      if (this.ahead.size > 0) this.catchUp();
    }, GAP_WAIT_MS);
    this.gapTimer.unref();
  }

  /** Redis is lost: the room fails (it closes its clients and is unloaded, which closes this link). */
  lose(error: Error): void {
    if (this.closed) return;
    this.listener.fail(error);
    this.close();
  }

  /**
   * Reads the log after `lastId` (or the snapshot, if that was trimmed); then applies what arrived
   * meanwhile and follows on, and watches for what still does not.
   */
  private catchUp(): void {
    if (this.catching) return;
    clearTimeout(this.gapTimer);
    this.gapTimer = undefined;
    this.catching = (async () => {
      try {
        const { updates, last, fromSnapshot } = await this.bus.store.read(this.room, this.lastId);
        if (this.closed) return;
        // This instance was counted dead (paused, cut off) while the others trimmed the log: it reloads, it does not skip.
        if (fromSnapshot) this.bus.log.warn('room.behind-trim', { room: this.room, from: this.lastId, note: 'caught up from the snapshot' });
        this.lastId = newerId(this.lastId, last);
        if (updates.length > 0) this.listener.deliver(updates);
      } catch (error) {
        this.lose(error instanceof Error ? error : new Error(errorText(error)));
      } finally {
        this.catching = undefined;
      }
      if (!this.closed) this.drainAhead();
    })();
  }

  /** Folds the log into the snapshot, once at a time per room here; racing another instance's is safe (the script compares and sets). */
  private compact(): void {
    if (this.compacting) return;
    this.compacting = true;
    this.bus.store
      .compact(this.room)
      .catch((error) => this.bus.log.warn('room.compact-failed', { room: this.room, error: errorText(error) }))
      .finally(() => {
        this.compacting = false;
      });
  }
}
