import { randomBytes } from 'node:crypto';
import type { Redis } from 'ioredis';
import { decodeAny, encodeAny } from 'lib0/buffer';
import * as Y from 'yjs';
import { type Logger, silentLogger } from '../log';
import { StorageHealth } from './integrity';
import { checkPersistence, connectRedis, everysecWarning, evictionWarning, noPersistenceText } from './redis-connection';
import { inWords } from './redis-errors';
import { SharedAnswer } from './shared-answer';
import { epochOf, watchRedisReturn } from './redis-return';
import { HEALTH_PROBE_KEY, livenessKey, NO_ID, nextId, olderId, ROOM_KEY_PATTERN, roomKeys, roomOfKey } from './redis-keys';
import { APPEND, COMPACT, READ, SWAP_RECORD } from './redis-scripts';
import type { DocStore } from './store';

/** Where an append landed in its room's log: after `prev`, at `id`; `pending` appends since the snapshot. */
export interface StreamPosition {
  prev: string;
  id: string;
  pending: number;
}

/** What a read of a room gave: updates to apply (the snapshot first, if it was read), and the id of the log they reach. */
export interface RoomRead {
  updates: Uint8Array[];
  last: string;
  /** The snapshot was read: the log after the id asked for had been trimmed. */
  fromSnapshot: boolean;
}

/** The Redis store, with what the bus between instances needs of it besides DocStore. */
export interface RedisStore extends DocStore {
  readonly redis: Redis;
  readonly url: string;
  /** This process, as the rooms' acknowledgements and published messages name it. */
  readonly instance: string;
  /** A room's updates after `after` (a catch-up); or, when `after` is '' or older than what was trimmed, the snapshot and the log after it. */
  read(room: string, after: string): Promise<RoomRead>;
  /** Told, as each append's answer arrives and before it resolves, where it landed (the bus keeps its rooms in order by it). */
  onAppend(listener: (room: string, at: StreamPosition) => void): void;
}

export interface RedisStoreOptions {
  log?: Logger;
  /**
   * A Redis whose AOF is off: refused (the default), opened (`allow`: STALLMAP_REDIS_ALLOW_NO_PERSISTENCE),
   * or opened with a warning (`warn`: for a backup, which writes nothing there and is most needed then).
   */
  noPersistence?: 'refuse' | 'allow' | 'warn';
  /** STALLMAP_REDIS_RETENTION_MS: log entries younger than this survive a compaction. */
  retentionMs?: number;
}

interface Scripts {
  smAppendBuffer(log: string, meta: string, update: Buffer, instance: string, channel: string): Promise<[Buffer, Buffer, number]>;
  smReadBuffer(meta: string, log: string, after: string): Promise<[Buffer, [Buffer, Buffer[]][], Buffer]>;
  smCompact(meta: string, log: string, acks: string, ...args: (string | Buffer | number)[]): Promise<number>;
  smSwapRecord(records: string, field: string, expecting: string, expected: Buffer, value: Buffer): Promise<number>;
}

const bytes = (buffer: Buffer) => new Uint8Array(buffer.buffer, buffer.byteOffset, buffer.byteLength);

/** How long one answer of the write probe serves /healthz: at most one probe write a second per server. */
const PROBE_REUSE_MS = 1000;

/**
 * Rooms and records in Redis (STALLMAP_REDIS_URL), shared by every instance. A room is a stream
 * of updates (its log) beside a snapshot: appending is one script that also publishes the update
 * to the other instances (sync/bus-redis.ts), loading reads the snapshot and the log after it in
 * one script. Compaction folds the log into the snapshot through a Y.Doc (Y.mergeUpdates would
 * keep deleted content), and trims only what every live instance has applied, what the snapshot
 * holds, and what is older than the retention window; an instance that finds itself behind the
 * trim anyway (paused past its liveness) reloads from the snapshot, never skips.
 *
 * Opening connects (failing with the reason if it cannot) and refuses a Redis without AOF
 * (redis-connection.ts), so a wrong URL or an unsafe Redis fails at start, not on the first edit;
 * an AOF written `everysec` is warned about, since it can answer before it has written.
 */
export async function openRedisStore(url: string, options: RedisStoreOptions = {}): Promise<RedisStore> {
  const log = options.log ?? silentLogger;
  const instance = `${process.pid}-${randomBytes(4).toString('hex')}`;
  const redis = await connectRedis(url, `stallmap-${instance}`, log);
  const health = new StorageHealth();
  try {
    const noPersistence = options.noPersistence ?? 'refuse';
    const persistence = await checkPersistence(redis, url, noPersistence !== 'refuse');
    if (!persistence.aof && noPersistence === 'warn') log.warn('redis.no-persistence', { note: noPersistenceText(url) });
    const warning = everysecWarning(url, persistence);
    if (warning) log.warn('redis.appendfsync-everysec', { note: warning });
    const evicting = await evictionWarning(redis, url);
    if (evicting) log.warn('redis.evicts-keys', { note: evicting });
    const epoch = await epochOf(redis);
    watchRedisReturn(redis, url, epoch, { allowNoPersistence: noPersistence !== 'refuse', health, log });
  } catch (error) {
    redis.disconnect();
    throw error;
  }
  redis.defineCommand('smAppend', APPEND);
  redis.defineCommand('smRead', READ);
  redis.defineCommand('smCompact', COMPACT);
  redis.defineCommand('smSwapRecord', SWAP_RECORD);
  const scripts = redis as unknown as Scripts;
  const retentionMs = options.retentionMs ?? 60_000;
  const listeners: ((room: string, at: StreamPosition) => void)[] = [];
  // Every failure leaves here in words naming this Redis (redis-errors.ts): it reaches the log, the rooms and /healthz.
  const said = <T>(command: () => Promise<T>) => inWords(url, command);
  // /healthz is open to anyone, and each probe is a write Redis may fsync: one per PROBE_REUSE_MS, however many ask.
  const writeProbe = new SharedAnswer(PROBE_REUSE_MS, () => said(async () => void (await redis.set(HEALTH_PROBE_KEY, instance, 'PX', 60_000))));

  const readRaw = async (room: string, after: string) => {
    const keys = roomKeys(room);
    const [snap, entries, last] = await scripts.smReadBuffer(keys.meta, keys.log, after);
    const updates = entries.map(([, fields]) => bytes(fields[fields.findIndex((f, i) => i % 2 === 0 && f.toString() === 'u') + 1]));
    return { snap: snap.length > 0 ? bytes(snap) : undefined, updates, last: last.toString() };
  };

  /** The lowest id any live instance still needs, and the instances that are dead (their acknowledgements go). */
  const acknowledged = async (acksKey: string) => {
    const acks = await redis.hgetall(acksKey);
    const instances = Object.keys(acks);
    const alive = instances.length ? ((await redis.pipeline(instances.map((i) => ['exists', livenessKey(i)])).exec()) ?? []) : [];
    let floor: string | undefined;
    const dead: string[] = [];
    instances.forEach((i, n) => {
      const [error, exists] = alive[n] ?? [];
      if (error) throw error;
      if (exists) floor = floor === undefined ? acks[i] : olderId(floor, acks[i]);
      else dead.push(i);
    });
    return { floor, dead };
  };

  return {
    redis,
    url,
    instance,
    health,
    read: (room, after) =>
      said(async () => {
        const { snap, updates, last } = await readRaw(room, after);
        return { updates: snap ? [snap, ...updates] : updates, last, fromSnapshot: snap !== undefined };
      }),
    onAppend(listener) {
      listeners.push(listener);
    },
    loadUpdates: (room) =>
      said(async () => {
        const { snap, updates } = await readRaw(room, '');
        return snap ? [snap, ...updates] : updates;
      }),
    async appendUpdate(room, update) {
      const keys = roomKeys(room);
      const [prev, id, pending] = await said(() => scripts.smAppendBuffer(keys.log, keys.meta, Buffer.from(update), instance, keys.channel));
      const at = { prev: prev.toString(), id: id.toString(), pending: Number(pending) };
      for (const listener of listeners) listener(room, at);
    },
    compact: (room, state) => said(() => compact(room, state)),
    getRecord: (room, key) =>
      said(async () => {
        const value = await redis.hgetBuffer(roomKeys(room).records, key);
        return value === null ? undefined : decodeAny(bytes(value));
      }),
    setRecord: (room, key, value) => said(async () => void (await redis.hset(roomKeys(room).records, key, Buffer.from(encodeAny(value))))),
    swapRecord: (room, key, expected, value) =>
      said(async () => {
        const before = expected === undefined ? Buffer.alloc(0) : Buffer.from(encodeAny(expected));
        return (await scripts.smSwapRecord(roomKeys(room).records, key, expected === undefined ? '' : '1', before, Buffer.from(encodeAny(value)))) === 1;
      }),
    listRooms: () => said(listRooms),
    // A write, not a read: a Redis that answers but refuses writes (out of memory, a replica after a failover) serves nobody's edits.
    ping: () => writeProbe.run(),
    async close() {
      await redis.quit().catch(() => redis.disconnect());
    },
  };

  async function compact(room: string, state?: Uint8Array): Promise<void> {
    const keys = roomKeys(room);
    const snapId = (await redis.hget(keys.meta, 'snapId')) ?? '';
    const { snap, updates, last } = await readRaw(room, '');
    if (last === NO_ID || (updates.length === 0 && !state)) return;
    // Through a Y.Doc: applying deletions there collects what they deleted; merged updates keep it.
    const doc = new Y.Doc();
    doc.transact(() => {
      for (const update of [...(state ? [state] : []), ...(snap ? [snap] : []), ...updates]) {
        try {
          Y.applyUpdate(doc, update);
        } catch {
          // An update that cannot be applied (a load skips it too, load.ts) is not folded in: it stays unreadable either way.
        }
      }
    });
    const folded = Buffer.from(Y.encodeStateAsUpdate(doc));
    doc.destroy();
    const { floor, dead } = await acknowledged(keys.acks);
    const [seconds, micros] = await redis.time();
    const cutoff = Math.max(0, Number(seconds) * 1000 + Math.floor(Number(micros) / 1000) - retentionMs);
    let trimBelow = olderId(nextId(last), `${cutoff}-0`);
    if (floor !== undefined) trimBelow = olderId(trimBelow, nextId(floor));
    // The snapshot id is read before the log: if someone compacted in between, the script sees a newer one and writes nothing.
    await scripts.smCompact(keys.meta, keys.log, keys.acks, snapId, folded, last, updates.length, trimBelow, ...dead);
  }

  async function listRooms(): Promise<string[]> {
    const rooms = new Set<string>();
    let cursor = '0';
    do {
      const [next, keys] = await redis.scan(cursor, 'MATCH', ROOM_KEY_PATTERN, 'COUNT', 1000);
      cursor = next;
      for (const key of keys) {
        const room = roomOfKey(key);
        if (room !== undefined) rooms.add(room);
      }
    } while (cursor !== '0');
    return [...rooms].sort();
  }
}
