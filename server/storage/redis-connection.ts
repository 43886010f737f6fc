import { Redis, type RedisOptions } from 'ioredis';
import { errorText, type Logger } from '../log';
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
    throw new Error(`cannot connect to Redis at ${redisLabel(url)}: ${errorText(lastError ?? error)}`);
  }
  connected = true;
  return redis;
}

/**
 * Refuses a Redis that would lose acknowledged edits when it restarts: AOF off (RDB snapshots
 * alone lose everything since the last one). `allow` (STALLMAP_REDIS_ALLOW_NO_PERSISTENCE=1)
 * says it is on purpose. CONFIG may be disabled on a managed Redis: INFO persistence then says.
 */
export async function checkPersistence(redis: Redis, url: string, allow: boolean): Promise<void> {
  let aof: boolean;
  try {
    const [, value] = (await redis.config('GET', 'appendonly')) as string[];
    aof = value === 'yes';
  } catch {
    aof = /^aof_enabled:1\b/m.test(await redis.info('persistence'));
  }
  if (aof || allow) return;
  throw new Error(
    `Redis at ${redisLabel(url)} has persistence off (appendonly no): a restart of Redis would lose edits people have already seen. Turn AOF on (appendonly yes), or set STALLMAP_REDIS_ALLOW_NO_PERSISTENCE=1 if losing them is acceptable`,
  );
}
