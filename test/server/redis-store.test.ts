import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { stepsOf } from '../../src/collab/doc';
import { openRedisStore, type RedisStore, type StreamPosition } from '../../server/storage/redis';
import { livenessKey, roomKeys } from '../../server/storage/redis-keys';
import { captureLogger, stepUpdate } from './helpers';
import { startRedis, type TestRedis } from './redis-server';
import { exited, spawnServer } from './spawn';

/**
 * What the Redis store adds to the store contract (store-contract.test.ts): it refuses a Redis
 * that would lose edits, compacts through a Y.Doc, trims only what every live instance has
 * applied, and a catch-up that finds itself behind the trim reloads from the snapshot.
 */
let redis: TestRedis;
beforeAll(async () => {
  redis = await startRedis();
});
afterAll(async () => {
  await redis?.stop();
});

const stores: RedisStore[] = [];
afterEach(async () => {
  for (const store of stores.splice(0)) await store.close();
});
async function open(retentionMs = 0): Promise<RedisStore> {
  const store = await openRedisStore(redis.url, { retentionMs });
  stores.push(store);
  return store;
}

/** Appends one step per id and returns where each landed. */
async function appendSteps(store: RedisStore, room: string, ids: string[]): Promise<StreamPosition[]> {
  const positions: StreamPosition[] = [];
  store.onAppend((r, at) => {
    if (r === room) positions.push(at);
  });
  for (const id of ids) await store.appendUpdate(room, stepUpdate(id, id));
  return positions;
}

function docOf(updates: Uint8Array[], into = new Y.Doc()): Y.Doc {
  for (const update of updates) Y.applyUpdate(into, update);
  return into;
}
const idsOf = (doc: Y.Doc) => [...stepsOf(doc).keys()].sort();
const range = (n: number, prefix = 's') => Array.from({ length: n }, (_, i) => `${prefix}${String(i).padStart(3, '0')}`);

describe('at start', () => {
  it('refuses a Redis with persistence off, in one log line, unless told it is on purpose', async () => {
    const volatile = await startRedis({ appendonly: false });
    try {
      await expect(openRedisStore(volatile.url)).rejects.toThrow(/persistence off \(appendonly no\).*STALLMAP_REDIS_ALLOW_NO_PERSISTENCE=1/);
      const refused = await spawnServer('/nonexistent', { STALLMAP_REDIS_URL: volatile.url }).then(
        () => undefined,
        (error: { code: number; output: string }) => error,
      );
      expect(refused?.code).toBe(2);
      const lines = refused?.output.trim().split('\n') ?? [];
      expect(lines).toHaveLength(1);
      expect(lines[0]).toMatch(/ error server\.start-failed .*persistence off/);

      const allowed = await spawnServer('/nonexistent', { STALLMAP_REDIS_URL: volatile.url, STALLMAP_REDIS_ALLOW_NO_PERSISTENCE: '1' });
      // On Redis no data directory is used, so the start-up line names none.
      expect(allowed.output()).toMatch(/server\.listening /);
      expect(allowed.output()).not.toContain('data=/nonexistent');
      allowed.child.kill('SIGTERM');
      expect(await exited(allowed.child)).toBe(0);
    } finally {
      await volatile.stop();
    }
  }, 120_000);

  it('warns of a Redis that writes its AOF everysec (it can answer before writing), and not of one that writes it first', async () => {
    const lax = await startRedis({ appendfsync: 'everysec' });
    try {
      const log = captureLogger();
      await (await openRedisStore(lax.url, { log })).close();
      expect(log.lines).toHaveLength(1);
      expect(log.lines[0]).toMatch(/redis\.appendfsync-everysec/);
      expect(log.lines[0]).toMatch(/could lose up to about two seconds of edits people saw.*appendfsync always/);
    } finally {
      await lax.stop();
    }
    const log = captureLogger();
    stores.push(await openRedisStore(redis.url, { log }));
    expect(log.lines).toEqual([]);
  }, 60_000);

  it('warns of a Redis that evicts keys when full (maps, or the servers’ liveness keys), and not of one that refuses writes instead', async () => {
    const admin = redis.client();
    try {
      await admin.config('SET', 'maxmemory', '512mb');
      for (const [policy, words] of [
        ['allkeys-lru', /evicts any key, maps included, when it reaches its maxmemory \(maxmemory-policy allkeys-lru\)\. Set maxmemory-policy noeviction/],
        ['volatile-ttl', /evicts keys that expire, the servers’ liveness keys among them/],
      ] as const) {
        await admin.config('SET', 'maxmemory-policy', policy);
        const log = captureLogger();
        stores.push(await openRedisStore(redis.url, { log }));
        expect(log.lines.filter((line) => line.includes('redis.evicts-keys')), policy).toEqual([expect.stringMatching(words)]);
      }
      await admin.config('SET', 'maxmemory-policy', 'noeviction');
      const log = captureLogger();
      stores.push(await openRedisStore(redis.url, { log }));
      expect(log.lines).toEqual([]);
    } finally {
      await admin.config('SET', 'maxmemory', '0');
      await admin.config('SET', 'maxmemory-policy', 'noeviction');
    }
  }, 60_000);

  it('refuses a Redis it cannot reach, saying which and why', async () => {
    await expect(openRedisStore('redis://127.0.0.1:1')).rejects.toThrow(/cannot connect to Redis at redis:\/\/127\.0\.0\.1:1: .*ECONNREFUSED/);
  });
});

describe('compaction', () => {
  it('folds the log through a Y.Doc, so deleted content is gone from the snapshot', async () => {
    const store = await open();
    const doc = new Y.Doc();
    doc.on('update', (update: Uint8Array) => void store.appendUpdate('gc', update));
    const text = doc.getText('scratch');
    for (let i = 0; i < 20; i += 1) text.insert(0, 'x'.repeat(1000));
    text.delete(0, text.length);
    await new Promise((resolve) => setTimeout(resolve, 50));
    const log = await store.loadUpdates('gc');
    const merged = Y.mergeUpdates(log).length;
    await store.compact('gc');
    const [snapshot] = await store.loadUpdates('gc');
    // Y.mergeUpdates keeps the 20,000 deleted characters; a doc collects them.
    expect(merged).toBeGreaterThan(20_000);
    expect(snapshot.length).toBeLessThan(1000);
  });

  it('trims only what every live instance has applied; a dead instance holds nothing back and is forgotten', async () => {
    const store = await open();
    const room = 'acked';
    const keys = roomKeys(room);
    const at = await appendSteps(store, room, range(10));
    const client = redis.client();
    // A live instance has applied the first 3 updates; a dead one (no liveness key) only the first.
    await client.set(livenessKey('live-one'), '1', 'PX', 60_000);
    await client.hset(keys.acks, 'live-one', at[2].id, 'dead-one', at[0].id);
    await store.compact(room);
    const kept = await client.xrange(keys.log, '-', '+');
    expect(kept.map(([id]) => id)).toEqual(at.slice(3).map((p) => p.id));
    expect(await client.hkeys(keys.acks)).toEqual(['live-one']);
    // The live instance catches up from the log, not from the snapshot.
    const caughtUp = await store.read(room, at[2].id);
    expect(caughtUp.updates).toHaveLength(7);
    expect(caughtUp.last).toBe(at[9].id);
  });

  it('keeps the retention window in the log', async () => {
    const store = await open(60_000);
    const keys = roomKeys('young');
    await appendSteps(store, 'young', range(5));
    await store.compact('young');
    expect(await redis.client().xlen(keys.log)).toBe(5);
    expect(await store.loadUpdates('young')).toHaveLength(1);
  });

  it('a catch-up behind the trim point reloads from the snapshot and misses nothing', async () => {
    const store = await open();
    const room = 'behind';
    const at = await appendSteps(store, room, range(50));
    // An instance that applied the first 5 and then stopped (paused past its liveness): nothing holds the log back.
    const behind = docOf((await store.loadUpdates(room)).slice(0, 5));
    expect(idsOf(behind)).toEqual(range(5));
    await store.compact(room);
    await appendSteps(store, room, range(10, 'after'));
    expect(await redis.client().xlen(roomKeys(room).log)).toBe(10);
    const caughtUp = await store.read(room, at[4].id);
    docOf(caughtUp.updates, behind);
    expect(idsOf(behind)).toEqual([...range(10, 'after'), ...range(50)].sort());
    expect(behind.store.pendingStructs).toBeNull();
  });

  it('two compactions at once: one writes, neither loses an update', async () => {
    const [first, second] = [await open(), await open()];
    await appendSteps(first, 'race', range(30));
    await Promise.all([first.compact('race'), second.compact('race'), appendSteps(second, 'race', range(5, 'late'))]);
    expect(idsOf(docOf(await first.loadUpdates('race')))).toEqual([...range(5, 'late'), ...range(30)].sort());
  });
});
