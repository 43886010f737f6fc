import { afterAll, beforeAll, expect, it } from 'vitest';
import type * as Y from 'yjs';
import { itemFromFields, stepsOf } from '../../src/collab/doc';
import { compareIds, roomKeys } from '../../server/storage/redis-keys';
import { createMap, synced, waitFor } from './helpers';
import { type Cluster, seenSteps, servedStepIds, startCluster, stepIds, storedStepIds } from './redis-cluster';

/**
 * Two server processes on one Redis when something fails: Redis killed with `kill -9` (rooms stop
 * relaying and close their clients 1011; nothing anyone saw is lost; once Redis is back every room
 * converges), and an instance paused (SIGSTOP) past its liveness while the other writes and
 * compacts the room under it, then resumed.
 */
let cluster: Cluster;
beforeAll(async () => {
  // Compact every 10 appends, keep no retention, and count an instance dead 600 ms after it went quiet.
  cluster = await startCluster(2, { STALLMAP_REDIS_COMPACT_ENTRIES: '10', STALLMAP_REDIS_RETENTION_MS: '0', STALLMAP_REDIS_LIVENESS_MS: '600' });
});
afterAll(async () => {
  await cluster?.close();
});

const addStep = (doc: Y.Doc, id: string) => stepsOf(doc).set(id, itemFromFields({ kind: 'human', label: id }));

it('loses nothing anyone saw when Redis is killed with kill -9 mid-edit, and converges once it is back', async () => {
  const [one, two] = cluster.servers;
  const map = await createMap(one.url, {});
  const writer = cluster.connect(one, map.id, map.tokens.edit);
  const observers = [cluster.connect(one, map.id, map.tokens.view), cluster.connect(two, map.id, map.tokens.view)];
  await Promise.all([writer, ...observers].map((c) => synced(c.provider)));
  const seen = observers.map((o) => seenSteps(o.doc));
  const closes: number[] = [];
  observers[1].provider.on('connection-close', (event: { code: number } | null) => {
    if (event) closes.push(event.code);
  });

  let written = 0;
  const editing = setInterval(() => {
    addStep(writer.doc, `s${written}`);
    written += 1;
  }, 4);
  try {
    await waitFor(() => seen[1].size >= 60, 20_000, 'the observer on the other instance to see edits');
    await cluster.redis.kill();
  } finally {
    clearInterval(editing);
  }
  // The writer's page goes away with what it wrote but nobody saw; it comes back later.
  writer.provider.destroy();
  await waitFor(() => closes.includes(1011), 10_000, 'the rooms to tell their clients (1011)');
  const acknowledged = new Set([...seen[0], ...seen[1]]);
  await cluster.redis.start();
  const stored = await storedStepIds(cluster.redis, map.id);
  expect(acknowledged.size).toBeGreaterThanOrEqual(60);
  expect([...acknowledged].filter((id) => !stored.has(id))).toEqual([]);

  // Back: the writer reconnects and resends; every client and both servers converge on all of it.
  const back = cluster.connect(two, map.id, map.tokens.edit, writer.doc);
  await synced(back.provider);
  const all = stepIds(writer.doc);
  expect(all.length).toBe(written);
  for (const observer of observers) await waitFor(() => stepsOf(observer.doc).size === written, 20_000, 'each observer to get every edit');
  for (const server of [one, two]) {
    await waitFor(async () => (await servedStepIds(server, map.id, map.tokens.view)).length === written, 10_000, 'each server to serve every edit');
    expect(await servedStepIds(server, map.id, map.tokens.view)).toEqual(all);
  }
  expect([...(await storedStepIds(cluster.redis, map.id))].sort()).toEqual(all);
  for (const server of [one, two]) expect(server.child.exitCode).toBeNull();
}, 120_000);

it('converges after one instance is paused (SIGSTOP) past its liveness while the other writes and compacts, then resumed', async () => {
  const [one, two] = cluster.servers;
  const map = await createMap(one.url, {});
  const writerOne = cluster.connect(one, map.id, map.tokens.edit);
  const writerTwo = cluster.connect(two, map.id, map.tokens.edit);
  const watcherTwo = cluster.connect(two, map.id, map.tokens.view);
  await Promise.all([writerOne, writerTwo, watcherTwo].map((c) => synced(c.provider)));
  for (let i = 0; i < 20; i += 1) addStep(writerTwo.doc, `before${i}`);
  await waitFor(() => stepsOf(writerOne.doc).size === 20, 15_000, 'both instances to be in step');

  const redis = cluster.redis.client();
  const keys = roomKeys(map.id);
  two.child.kill('SIGSTOP');
  try {
    await waitFor(async () => (await redis.keys('sm:live:*')).length === 1, 10_000, 'the paused instance to count as dead');
    // Where each instance stood (the paused one's is the oldest).
    const paused = (await redis.hgetall(keys.acks)) as Record<string, string>;
    // Written a few at a time on instance one (each few its own append), which compacts and trims under instance two's last acknowledgement.
    for (let i = 0; i < 200; i += 1) {
      addStep(writerOne.doc, `during${i}`);
      if (i % 4 === 3) await new Promise((resolve) => setTimeout(resolve, 10));
    }
    // A person on the paused instance edits too: it waits in the socket.
    for (let i = 0; i < 10; i += 1) addStep(writerTwo.doc, `paused${i}`);
    await waitFor(async () => (await redis.xlen(keys.log)) < 40 && (await redis.hget(keys.meta, 'trimmedBelow')) !== null, 20_000, 'the log to be compacted and trimmed');
    // Trimmed past where the paused instance stood: what it missed is only in the snapshot now.
    const [first] = await redis.xrange(keys.log, '-', '+', 'COUNT', 1);
    expect(Object.values(paused).some((id) => compareIds(id, first?.[0] ?? '9-9') < 0)).toBe(true);
    await waitFor(async () => (await storedStepIds(cluster.redis, map.id)).size === 220, 20_000, 'instance one to store every edit of its writer');
  } finally {
    two.child.kill('SIGCONT');
  }

  const all = [...Array.from({ length: 20 }, (_, i) => `before${i}`), ...Array.from({ length: 200 }, (_, i) => `during${i}`), ...Array.from({ length: 10 }, (_, i) => `paused${i}`)].sort();
  for (const client of [writerOne, writerTwo, watcherTwo]) await waitFor(() => stepsOf(client.doc).size === all.length, 20_000, 'every client to converge');
  for (const client of [writerOne, writerTwo, watcherTwo]) expect(stepIds(client.doc)).toEqual(all);
  for (const server of [one, two]) {
    await waitFor(async () => (await servedStepIds(server, map.id, map.tokens.view)).length === all.length, 10_000, 'each server to serve every edit');
    expect(await servedStepIds(server, map.id, map.tokens.view)).toEqual(all);
  }
  expect([...(await storedStepIds(cluster.redis, map.id))].sort()).toEqual(all);
}, 120_000);
