import { Redis, type RedisOptions } from 'ioredis';
import { errorText, type Logger } from '../log';
import { SetupError } from '../start-failure';
import { redisLabel } from './redis-label';

/**
 * How every connection to Redis is made: fail fast. ioredis would otherwise queue commands while
 * Redis is down and resend the ones in flight when it returns, so an edit could sit unstored and
 * unrelayed with no error, then land later behind the client's back. Here a command while the
 * connection is down fails at once, and one in flight when it drops fails too; the room closes
 * its clients 1011, and the stock client reconnects and resends (nothing is queued silently).
 */
export const FAIL_FAST: RedisOptions = {
  enableOfflineQueue: false,
  maxRetriesPerRequest: 0,
  autoResendUnfulfilledCommands: false,
  // The bus subscribes room by room and catches up from the log on every subscribe: never replay old subscriptions.
  autoResubscribe: false,
  lazyConnect: true,
  connectTimeout: 5000,
  // Reconnects keep trying (quickly at first) for as long as the server runs; the rooms meanwhile refuse.
  retryStrategy: (times) => Math.min(100 * times, 2000),
};

/**
 * A connected client, or an error saying why not (the reason ioredis only gives its 'error'
 * event). `name` tells the connections apart in CLIENT LIST and in the log.
 */
export async function connectRedis(url: string, name: string, log: Logger): Promise<Redis> {
  let lastError: unknown;
  let connected = false;
  let down = false;
  const redis = new Redis(url, { ...FAIL_FAST, connectionName: name });
  // Once running, an outage is said once (ioredis reports each failed reconnect), and so is its end.
  redis.on('error', (error) => {
    lastError = error;
    if (!connected || down) return;
    down = true;
    log.warn('redis.connection-lost', { connection: name, error: errorText(error), note: 'reconnecting; meanwhile every write fails at once' });
  });
  redis.on('ready', () => {
    if (!down) return;
    down = false;
    log.info('redis.connection-back', { connection: name });
  });
  try {
    await redis.connect();
  } catch (error) {
    redis.disconnect();
    throw new SetupError(`cannot connect to Redis at ${redisLabel(url)}: ${errorText(lastError ?? error)}`);
  }
  connected = true;
  return redis;
}

/** What a server needs to know of Redis's persistence: whether its AOF is on, and how it is written (unknown where CONFIG is disabled). */
export interface Persistence {
  aof: boolean;
  appendfsync?: string;
}

/**
 * Refuses a Redis that would lose acknowledged edits when it restarts: AOF off (RDB snapshots
 * alone lose everything since the last one). `allow` (STALLMAP_REDIS_ALLOW_NO_PERSISTENCE=1)
 * says it is on purpose. CONFIG may be disabled on a managed Redis: INFO persistence then says
 * whether the AOF is on, though not how it is written.
 */
export async function checkPersistence(redis: Redis, url: string, allow: boolean): Promise<Persistence> {
  let persistence: Persistence;
  try {
    const config = (await redis.config('GET', 'appendonly')) as string[];
    const [, fsync] = (await redis.config('GET', 'appendfsync')) as string[];
    persistence = { aof: config[1] === 'yes', appendfsync: fsync };
  } catch {
    persistence = { aof: /^aof_enabled:1\b/m.test(await redis.info('persistence')) };
  }
  if (persistence.aof || allow) return persistence;
  throw new SetupError(noPersistenceText(url));
}

export const noPersistenceText = (url: string) =>
  `Redis at ${redisLabel(url)} has persistence off (appendonly no): a restart of Redis would lose edits people have already seen. Turn AOF on (appendonly yes), or set STALLMAP_REDIS_ALLOW_NO_PERSISTENCE=1 if losing them is acceptable`;

/**
 * Why `appendfsync everysec` is worth a warning, not only a power loss away from losing a second:
 * while the once-a-second fsync runs slow (a busy disk), Redis holds its AOF writes back for up to
 * two seconds but answers and publishes at once, so a crash of Redis alone can lose edits people
 * already saw (reproduced here with `kill -9` under disk load). `always` and `no` both write the
 * AOF before answering; `always` also survives a power loss.
 */
export function everysecWarning(url: string, persistence: Persistence): string | undefined {
  if (!persistence.aof || persistence.appendfsync !== 'everysec') return undefined;
  return `Redis at ${redisLabel(url)} writes its AOF with appendfsync everysec: while its disk is slow it answers edits before they are in the AOF, so a crash of Redis could lose up to about two seconds of edits people saw. Set appendfsync always (survives a power loss too) or no (survives a crash of Redis, not of the machine)`;
}

/**
 * Why a Redis with a memory limit must not evict: a full Redis under `allkeys-*` deletes the
 * least used keys, whole maps among them, and under `volatile-*` the servers' liveness keys, so the
 * others count a running server as gone. With `noeviction` (Redis's default) it refuses writes
 * instead, which the pages and /healthz say. Read from INFO, which managed Redis services answer
 * where they refuse CONFIG.
 */
export async function evictionWarning(redis: Redis, url: string): Promise<string | undefined> {
  const info = await redis.info('memory');
  const limit = Number(/^maxmemory:(\d+)/m.exec(info)?.[1] ?? 0);
  const policy = /^maxmemory_policy:(\S+)/m.exec(info)?.[1] ?? 'noeviction';
  if (limit === 0 || policy === 'noeviction') return undefined;
  const evicts = policy.startsWith('allkeys') ? 'any key, maps included' : 'keys that expire, the servers’ liveness keys among them';
  return `Redis at ${redisLabel(url)} evicts ${evicts}, when it reaches its maxmemory (maxmemory-policy ${policy}). Set maxmemory-policy noeviction: a full Redis then refuses writes, which the pages and /healthz say, and deletes nothing`;
}
