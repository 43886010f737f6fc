import { afterAll, afterEach, beforeAll, expect, it } from 'vitest';
import * as Y from 'yjs';
import { stepsOf } from '../../src/collab/doc';
import { openRedisStore, type RedisStore } from '../../server/storage/redis';
import { livenessKey, roomKeys } from '../../server/storage/redis-keys';
import type { Bus } from '../../server/sync/bus';
import { openRedisBus } from '../../server/sync/bus-redis';
import { captureLogger, stepUpdate, waitFor } from './helpers';
import { startRedis, type TestRedis } from './redis-server';

/**
 * The bus between instances, two of them in this process on a real Redis. Pub/sub is at most
 * once, so a lost message is made here the way it looks to an instance: an entry in the room's
 * log whose message never came. The next message then does not follow what the instance has, and
 * it must read the gap from the log, or, when the log was trimmed under it meanwhile (it was
 * counted dead), reload from the snapshot; never skip.
 */
let redis: TestRedis;
beforeAll(async () => {
  redis = await startRedis();
});
afterAll(async () => {
  await redis?.stop();
});

const opened: { store: RedisStore; bus: Bus }[] = [];
afterEach(async () => {
  for (const { store, bus } of opened.splice(0)) {
    await bus.close();
    await store.close();
  }
});

/** An instance: its store and bus, liveness renewed only every 20 s (so the test can declare it dead). */
async function instance(log = captureLogger()) {
  const store = await openRedisStore(redis.url, { retentionMs: 0 });
  const bus = await openRedisBus(store, { redisCompactEntries: 10_000, redisLivenessMs: 60_000 }, log);
  opened.push({ store, bus });
  return { store, bus, log };
}

/** A room on `bus` whose doc takes what the bus delivers, as a Room's does. */
async function roomOn(bus: Bus, name: string) {
  const doc = new Y.Doc();
  const failures: unknown[] = [];
  const deliver = (updates: Uint8Array[]) => {
    for (const update of updates) Y.applyUpdate(doc, update);
  };
  const link = bus.join(name, { deliver, fail: (error) => failures.push(error) });
  for (const update of await link.load()) Y.applyUpdate(doc, update);
  return { doc, failures, link };
}

/** An update stored whose message was lost: in the log, never published. */
async function storedUnheard(room: string, update: Uint8Array): Promise<void> {
  const keys = roomKeys(room);
  const client = redis.client();
  const id = await client.xadd(keys.log, '*', 'u', Buffer.from(update));
  await client.hset(keys.meta, 'last', id as string);
}

const ids = (doc: Y.Doc) => [...stepsOf(doc).keys()].sort();

it('reads a gap from the log when a message was lost', async () => {
  const a = await instance();
  const b = await instance();
  const room = await roomOn(b.bus, 'gap');
  await a.store.appendUpdate('gap', stepUpdate('first', 'first'));
  await waitFor(() => stepsOf(room.doc).has('first'), 5000, 'the first update to arrive');
  for (let i = 0; i < 5; i += 1) await storedUnheard('gap', stepUpdate(`lost${i}`, 'lost'));
  await a.store.appendUpdate('gap', stepUpdate('next', 'next'));
  await waitFor(() => stepsOf(room.doc).has('next'), 5000, 'the next update to arrive');
  expect(ids(room.doc)).toEqual(['first', 'lost0', 'lost1', 'lost2', 'lost3', 'lost4', 'next']);
  expect(room.failures).toEqual([]);
});

/** Calls Redis has served of `command` so far (INFO commandstats). */
async function callsOf(command: string): Promise<number> {
  const stats = await redis.client().info('commandstats');
  return Number(new RegExp(`cmdstat_${command}:calls=(\\d+)`).exec(stats)?.[1] ?? 0);
}

/** Stores an update as another instance's append would, and returns what that append would publish, unpublished. */
async function storedByAnother(room: string, update: Uint8Array): Promise<Buffer> {
  const keys = roomKeys(room);
  const client = redis.client();
  const prev = (await client.hget(keys.meta, 'last')) ?? '0-0';
  const id = (await client.xadd(keys.log, '*', 'u', Buffer.from(update))) as string;
  await client.hset(keys.meta, 'last', id);
  return Buffer.concat([Buffer.from(`another|${prev}|${id}|`), Buffer.from(update)]);
}

it('applies messages that arrive out of order once the missing one comes, without reading the log', async () => {
  const b = await instance();
  const room = await roomOn(b.bus, 'reorder');
  const first = await storedByAnother('reorder', stepUpdate('one', 'one'));
  const second = await storedByAnother('reorder', stepUpdate('two', 'two'));
  const before = await callsOf('xrange');
  // The second entry's message comes first (two connections race), the first a moment later.
  const publisher = redis.client();
  await publisher.publish(roomKeys('reorder').channel, second);
  await publisher.publish(roomKeys('reorder').channel, first);
  await waitFor(() => stepsOf(room.doc).has('two'), 5000, 'both updates to arrive');
  expect(ids(room.doc)).toEqual(['one', 'two']);
  expect(await callsOf('xrange')).toBe(before);
  expect(room.failures).toEqual([]);
});

it('reloads from the snapshot when the log was trimmed under it while it counted as dead, and misses nothing', async () => {
  const a = await instance();
  const b = await instance();
  const room = await roomOn(b.bus, 'trimmed');
  await a.store.appendUpdate('trimmed', stepUpdate('first', 'first'));
  await waitFor(() => stepsOf(room.doc).has('first'), 5000, 'the first update to arrive');
  // B stops being heard (paused past its liveness), and misses what A writes meanwhile; A compacts and trims it all.
  await redis.client().del(livenessKey(b.store.instance));
  for (let i = 0; i < 20; i += 1) await storedUnheard('trimmed', stepUpdate(`missed${i}`, 'missed'));
  await a.store.compact('trimmed');
  expect(await redis.client().xlen(roomKeys('trimmed').log)).toBe(0);
  await a.store.appendUpdate('trimmed', stepUpdate('next', 'next'));

  await waitFor(() => stepsOf(room.doc).has('next') && stepsOf(room.doc).size === 22, 5000, 'B to have every update');
  expect(ids(room.doc)).toEqual(['first', ...Array.from({ length: 20 }, (_, i) => `missed${i}`), 'next'].sort());
  expect(room.doc.store.pendingStructs).toBeNull();
  expect(b.log.lines.some((line) => line.includes('room.behind-trim') && line.includes('room=trimmed'))).toBe(true);
  expect(room.failures).toEqual([]);
});
