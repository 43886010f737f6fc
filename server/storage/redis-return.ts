import { randomBytes } from 'node:crypto';
import type { Redis } from 'ioredis';
import { errorText, type Logger } from '../log';
import type { StorageHealth } from './integrity';
import { checkPersistence, noPersistenceText } from './redis-connection';
import { EPOCH_KEY } from './redis-keys';
import { redisLabel } from './redis-label';

/**
 * The mark every server finds in Redis at start: set by the first, read by the others. A Redis
 * that comes back from an outage without it has lost what it held (restarted without its AOF,
 * flushed, or another Redis behind the same address).
 */
export async function epochOf(redis: Redis): Promise<string | undefined> {
  const found = await redis.get(EPOCH_KEY);
  if (found !== null) return found;
  try {
    await redis.set(EPOCH_KEY, randomBytes(8).toString('hex'), 'NX');
  } catch {
    // A replica nobody wrote to yet (export-all may back one up): there is no mark to watch.
    return undefined;
  }
  return (await redis.get(EPOCH_KEY)) ?? undefined;
}

/**
 * Checks Redis each time its connection comes back, as the start checked it: a Redis restarted
 * empty or with persistence off is otherwise served from as if nothing happened (rooms reload
 * empty, and /healthz says ok while people's maps are gone). Each finding is one error line and
 * makes /healthz 503 until the servers are restarted on a Redis that has its data.
 */
export function watchRedisReturn(redis: Redis, url: string, epoch: string | undefined, options: { allowNoPersistence: boolean; health: StorageHealth; log: Logger }): void {
  const { health, log } = options;
  const where = `Redis at ${redisLabel(url)}`;
  const said = new Set<string>();
  const report = (event: string, message: string) => {
    if (said.has(event)) return;
    said.add(event);
    health.report({ kind: 'redis-changed', message });
    log.error(event, { redis: redisLabel(url), note: message });
  };
  // Registered once connected: every ready from now on is a reconnect.
  redis.on('ready', () => {
    void (async () => {
      try {
        if (epoch !== undefined && (await redis.get(EPOCH_KEY)) !== epoch)
          report(
            'redis.data-lost',
            `${where} came back without the data it held (restarted without its AOF, flushed, or another Redis): maps opened now are empty or refused. Start it again on its AOF, or restore a backup with import-all, then restart the servers`,
          );
        await checkPersistence(redis, url, options.allowNoPersistence).catch(() => report('redis.no-persistence', noPersistenceText(url)));
      } catch (error) {
        // Lost again at once: the next ready checks again.
        log.warn('redis.return-check-failed', { redis: redisLabel(url), error: errorText(error) });
      }
    })();
  });
}
