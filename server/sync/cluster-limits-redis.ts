import type { Redis } from 'ioredis';
import { mapOfRoom } from '../storage/integrity';
import { livenessKey } from '../storage/redis-keys';
import type { RoomConnections } from './cluster-limits';

/** A hash per room: instance → its connections to the room. The map id is the hash tag, like every key of the room. */
export const connectionsKey = (room: string) => `sm:{${mapOfRoom(room)}}:conns:${room}`;

/**
 * Per-room connection counts in Redis. Each instance HSETs its absolute count when it changes and
 * again every third of STALLMAP_REDIS_LIVENESS_MS (so a report lost to an outage is made good),
 * and the key expires once nobody renews it. An admission reads the hash and adds the counts of
 * instances whose liveness key still exists: a killed instance's connections stop counting once
 * its liveness expires (a few seconds), and its stale field is removed then. The liveness keys
 * are read outside any script (a room's script may touch only the room's slot, Redis Cluster).
 *
 * Two instances admitting at the same moment can each see the other's count before it changes,
 * so a room can go over the limit by the number of instances admitting at once, briefly; the
 * limit is a bound on load, not a security boundary, and each instance also holds its own count.
 */
export class RedisRoomConnections implements RoomConnections {
  private readonly mine = new Map<string, number>();
  private readonly timer: NodeJS.Timeout;
  private readonly ttlMs: number;

  constructor(
    private readonly redis: Redis,
    private readonly instance: string,
    livenessMs: number,
  ) {
    this.ttlMs = livenessMs * 10;
    this.timer = setInterval(() => {
      for (const [room, count] of this.mine) this.write(room, count);
    }, Math.max(100, Math.floor(livenessMs / 3)));
    this.timer.unref();
  }

  report(room: string, count: number): void {
    if (count > 0) this.mine.set(room, count);
    else this.mine.delete(room);
    this.write(room, count);
  }

  async elsewhere(room: string): Promise<number> {
    const key = connectionsKey(room);
    const counts = Object.entries(await this.redis.hgetall(key)).filter(([instance]) => instance !== this.instance);
    if (counts.length === 0) return 0;
    const alive = (await this.redis.pipeline(counts.map(([instance]) => ['exists', livenessKey(instance)])).exec()) ?? [];
    let total = 0;
    const dead: string[] = [];
    counts.forEach(([instance, count], n) => {
      const [error, exists] = alive[n] ?? [];
      if (error) throw error;
      if (exists) total += Number(count) || 0;
      else dead.push(instance);
    });
    if (dead.length > 0) this.redis.hdel(key, ...dead).catch(() => undefined);
    return total;
  }

  close(): void {
    clearInterval(this.timer);
  }

  private write(room: string, count: number): void {
    const key = connectionsKey(room);
    // Redis down: the rooms fail on their own (bus-redis.ts); the next renewal reports again.
    const done = count > 0 ? this.redis.multi().hset(key, this.instance, count).pexpire(key, this.ttlMs).exec() : this.redis.hdel(key, this.instance);
    done.catch(() => undefined);
  }
}
