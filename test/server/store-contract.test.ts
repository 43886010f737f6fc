import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { stepsOf } from '../../src/collab/doc';
import { openLeveldbStore } from '../../server/storage/leveldb';
import { memoryStore } from '../../server/storage/memory';
import { openRedisStore } from '../../server/storage/redis';
import type { DocStore } from '../../server/storage/store';
import { loadDoc } from '../../server/sync/load';
import { stepUpdate } from './helpers';
import { startRedis, type TestRedis } from './redis-server';

/**
 * What the sync server and the backup commands need of storage (DocStore), held against every
 * engine: memory (tests), LevelDB (the default) and Redis (several servers, real redis-server).
 */
let redis: TestRedis;
beforeAll(async () => {
  redis = await startRedis();
});
afterAll(async () => {
  await redis?.stop();
});

interface Engine {
  name: string;
  open(): Promise<DocStore>;
  /** Closes the store and opens the same storage again (memory: the same store, it lives with the process). */
  reopen(store: DocStore): Promise<DocStore>;
}

const dirs: string[] = [];
const open: DocStore[] = [];
afterEach(async () => {
  for (const store of open.splice(0)) await store.close().catch(() => undefined);
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});
const kept = (store: DocStore) => {
  open.push(store);
  return store;
};

const engines: Engine[] = [
  { name: 'memory', open: async () => kept(memoryStore()), reopen: async (store) => store },
  {
    name: 'LevelDB',
    async open() {
      const dir = mkdtempSync(join(tmpdir(), 'stallmap-contract-'));
      dirs.push(dir);
      return kept(Object.assign(await openLeveldbStore(dir), { dir }));
    },
    async reopen(store) {
      await store.close();
      open.splice(open.indexOf(store), 1);
      return kept(Object.assign(await openLeveldbStore((store as unknown as { dir: string }).dir), { dir: (store as unknown as { dir: string }).dir }));
    },
  },
  {
    name: 'Redis',
    async open() {
      const client = redis.client();
      await client.flushall();
      return kept(await openRedisStore(redis.url));
    },
    async reopen(store) {
      await store.close();
      open.splice(open.indexOf(store), 1);
      return kept(await openRedisStore(redis.url));
    },
  },
];

const stepsOfDoc = (doc: Y.Doc) => stepsOf(doc).keys();
const stepIds = async (store: DocStore, room: string) => {
  const doc = new Y.Doc();
  await loadDoc(store, room, doc);
  return [...stepsOf(doc).keys()].sort();
};

/** A doc's steps written as a client would: one update per step. */
function updatesOf(ids: string[]): { doc: Y.Doc; updates: Uint8Array[] } {
  const doc = new Y.Doc();
  const updates: Uint8Array[] = [];
  doc.on('update', (update: Uint8Array) => updates.push(update));
  for (const id of ids) Y.applyUpdate(doc, stepUpdate(id, id));
  return { doc, updates };
}

describe.each(engines)('the $name store', (engine) => {
  it('has nothing for a room never written, and answers a ping', async () => {
    const store = await engine.open();
    expect(await store.loadUpdates('never')).toEqual([]);
    expect(await store.getRecord('never', 'access')).toBeUndefined();
    await store.ping();
    expect(store.health.healthy).toBe(true);
  });

  it('gives back every appended update, in order, after a reopen', async () => {
    let store = await engine.open();
    const { updates } = updatesOf(['a', 'b', 'c']);
    for (const update of updates) await store.appendUpdate('map1', update);
    store = await engine.reopen(store);
    const loaded = await store.loadUpdates('map1');
    expect(loaded.map((u) => [...u])).toEqual(updates.map((u) => [...u]));
    expect(await stepIds(store, 'map1')).toEqual(['a', 'b', 'c']);
  });

  it('keeps records beside a room, the last value set', async () => {
    let store = await engine.open();
    const record = { created: '2026-01-01T00:00:00.000Z', hashes: { edit: 'e'.repeat(64), review: 'r'.repeat(64), view: 'v'.repeat(64) } };
    await store.setRecord('map1', 'access', { old: true });
    await store.setRecord('map1', 'access', record);
    await store.setRecord('map1/review', 'other', [1, 'two', null]);
    store = await engine.reopen(store);
    expect(await store.getRecord('map1', 'access')).toEqual(record);
    expect(await store.getRecord('map1/review', 'other')).toEqual([1, 'two', null]);
    expect(await store.getRecord('map1', 'missing')).toBeUndefined();
  });

  it('swaps a record only while it is as read: a change in between is never undone', async () => {
    let store = await engine.open();
    const first = { created: '2026-01-01T00:00:00.000Z', hashes: { edit: 'e'.repeat(64), review: 'r'.repeat(64), view: 'v'.repeat(64) }, links: { iv: 'aa', data: 'bb', tag: 'cc' } };
    expect(await store.swapRecord('map1', 'access', undefined, first)).toBe(true);
    expect(await store.swapRecord('map1', 'access', undefined, { other: true })).toBe(false);
    store = await engine.reopen(store);
    // Two servers read the same record; each replaces another link of it.
    const read = await store.getRecord('map1', 'access');
    const mine = { ...first, hashes: { ...first.hashes, review: '1'.repeat(64) } };
    const theirs = { ...first, hashes: { ...first.hashes, view: '2'.repeat(64) } };
    expect(await store.swapRecord('map1', 'access', read, mine)).toBe(true);
    expect(await store.swapRecord('map1', 'access', read, theirs)).toBe(false);
    expect(await store.getRecord('map1', 'access')).toEqual(mine);
    // Read again, the second one goes through on top of the first.
    const again = await store.getRecord('map1', 'access');
    expect(await store.swapRecord('map1', 'access', again, { ...mine, hashes: { ...mine.hashes, view: '2'.repeat(64) } })).toBe(true);
    expect(((await store.getRecord('map1', 'access')) as typeof first).hashes).toEqual({ edit: 'e'.repeat(64), review: '1'.repeat(64), view: '2'.repeat(64) });
  });

  it('lists every room with updates or records, sorted', async () => {
    const store = await engine.open();
    await store.appendUpdate('b-map', stepUpdate('s', 's'));
    await store.appendUpdate('b-map/review', stepUpdate('s', 's'));
    await store.setRecord('a-map', 'access', { x: 1 });
    expect(await store.listRooms()).toEqual(['a-map', 'b-map', 'b-map/review']);
  });

  it('compacts a log into one update holding the same document, given its state or not, and appends after it', async () => {
    let store = await engine.open();
    const { doc, updates } = updatesOf(['a', 'b', 'c', 'd']);
    for (const update of updates) {
      await store.appendUpdate('given', update);
      await store.appendUpdate('merged', update);
    }
    await store.compact('given', Y.encodeStateAsUpdate(doc));
    await store.compact('merged');
    store = await engine.reopen(store);
    for (const room of ['given', 'merged']) {
      expect(await store.loadUpdates(room), room).toHaveLength(1);
      expect(await stepIds(store, room), room).toEqual(['a', 'b', 'c', 'd']);
    }
    await store.appendUpdate('given', stepUpdate('e', 'e'));
    expect(await stepIds(store, 'given')).toEqual(['a', 'b', 'c', 'd', 'e']);
  });

  it('numbers a room\'s updates on after a reopen, never over one already stored', async () => {
    let store = await engine.open();
    const { updates } = updatesOf(['a', 'b', 'c']);
    await store.appendUpdate('map1', updates[0]);
    await store.appendUpdate('map1', updates[1]);
    store = await engine.reopen(store);
    await store.appendUpdate('map1', updates[2]);
    await store.appendUpdate('new-room', stepUpdate('n', 'n'));
    store = await engine.reopen(store);
    expect(await store.loadUpdates('map1')).toHaveLength(3);
    expect(await stepIds(store, 'map1')).toEqual(['a', 'b', 'c']);
    expect(await store.listRooms()).toEqual(['map1', 'new-room']);
  });

  it('keeps every update appended while a compaction runs, in either mode', async () => {
    let store = await engine.open();
    const ids = ['a', 'b', 'c', 'd', 'e', 'f', 'g', 'h'];
    const { doc, updates } = updatesOf(ids);
    for (const room of ['given', 'merged']) {
      await store.appendUpdate(room, updates[0]);
      await store.appendUpdate(room, updates[1]);
    }
    // Nothing awaited in between: the appends are queued before, between and after the
    // compactions. A given state holds what was appended before it, as a room's doc does.
    const early = new Y.Doc();
    for (const update of updates.slice(0, 3)) Y.applyUpdate(early, update);
    const writes: Promise<void>[] = [];
    for (const room of ['given', 'merged']) {
      writes.push(store.appendUpdate(room, updates[2]));
      writes.push(room === 'given' ? store.compact(room, Y.encodeStateAsUpdate(early)) : store.compact(room));
      for (const update of updates.slice(3)) writes.push(store.appendUpdate(room, update));
    }
    await Promise.all(writes);
    store = await engine.reopen(store);
    for (const room of ['given', 'merged']) expect(await stepIds(store, room), room).toEqual([...stepsOfDoc(doc)].sort());
  });
});
