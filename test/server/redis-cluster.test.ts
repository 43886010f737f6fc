import { afterAll, beforeAll, expect, it } from 'vitest';
import type * as Y from 'yjs';
import { itemFromFields, stepsOf } from '../../src/collab/doc';
import { createMap, synced, waitFor } from './helpers';
import { type Cluster, seenSteps, servedStepIds, startCluster, stepIds, storedStepIds } from './redis-cluster';
import { exited } from './spawn';

/**
 * Two server processes on one Redis, stock y-websocket clients: edits made on either instance
 * reach everyone, the servers' copies end equal, clients may land on any instance (round-robin,
 * no affinity), and an instance killed with `kill -9` mid-burst loses nothing anyone saw.
 */
let cluster: Cluster;
beforeAll(async () => {
  cluster = await startCluster();
});
afterAll(async () => {
  await cluster?.close();
});

const addStep = (doc: Y.Doc, id: string) => stepsOf(doc).set(id, itemFromFields({ kind: 'human', label: id }));
const ids = (prefix: string, n: number) => Array.from({ length: n }, (_, i) => `${prefix}${i}`);

it('converges across instances: every client and both servers end with the same map', async () => {
  const [one, two] = cluster.servers;
  const map = await createMap(one.url, {});
  const a = cluster.connect(one, map.id, map.tokens.edit);
  const b = cluster.connect(two, map.id, map.tokens.edit);
  const watcher = cluster.connect(two, map.id, map.tokens.view);
  await Promise.all([a, b, watcher].map((c) => synced(c.provider)));

  // Both write at once, in small bursts, so their updates interleave in the log and race on the bus.
  for (let i = 0; i < 100; i += 1) {
    addStep(a.doc, `a${i}`);
    addStep(b.doc, `b${i}`);
    if (i % 10 === 9) await new Promise((resolve) => setTimeout(resolve, 5));
  }
  const all = [...ids('a', 100), ...ids('b', 100)].sort();
  for (const client of [a, b, watcher]) await waitFor(() => stepsOf(client.doc).size === 200, 15_000, 'every client to have every step');
  for (const client of [a, b, watcher]) expect(stepIds(client.doc)).toEqual(all);
  await waitFor(async () => (await servedStepIds(one, map.id, map.tokens.view)).length === 200, 10_000, 'server one to have every step');
  await waitFor(async () => (await servedStepIds(two, map.id, map.tokens.view)).length === 200, 10_000, 'server two to have every step');
  expect(await servedStepIds(one, map.id, map.tokens.view)).toEqual(all);
  expect(await servedStepIds(two, map.id, map.tokens.view)).toEqual(all);
  expect([...(await storedStepIds(cluster.redis, map.id))].sort()).toEqual(all);
}, 120_000);

it('converges with clients of one room alternating instances (round-robin, no affinity)', async () => {
  const { servers } = cluster;
  const map = await createMap(servers[0].url, {});
  const editors = [0, 1, 2, 3].map((i) => cluster.connect(servers[i % 2], map.id, map.tokens.edit));
  await Promise.all(editors.map((e) => synced(e.provider)));
  for (const [i, editor] of editors.entries()) for (const id of ids(`e${i}-first-`, 25)) addStep(editor.doc, id);
  // Each moves to the other instance (a reconnect the balancer sends elsewhere) and writes on.
  const moved = editors.map((editor, i) => {
    editor.provider.destroy();
    return cluster.connect(servers[(i + 1) % 2], map.id, map.tokens.edit, editor.doc);
  });
  await Promise.all(moved.map((e) => synced(e.provider)));
  for (const [i, editor] of moved.entries()) for (const id of ids(`e${i}-then-`, 25)) addStep(editor.doc, id);

  const all = [0, 1, 2, 3].flatMap((i) => [...ids(`e${i}-first-`, 25), ...ids(`e${i}-then-`, 25)]).sort();
  for (const editor of moved) await waitFor(() => stepsOf(editor.doc).size === 200, 15_000, 'every editor to have every step');
  for (const editor of moved) expect(stepIds(editor.doc)).toEqual(all);
  for (const server of servers) {
    await waitFor(async () => (await servedStepIds(server, map.id, map.tokens.view)).length === 200, 10_000, 'each server to have every step');
    expect(await servedStepIds(server, map.id, map.tokens.view)).toEqual(all);
  }
}, 120_000);

// Last: it kills one of the file's two instances.
it('loses nothing an observer on the other instance saw when an instance is killed with kill -9 mid-burst', async () => {
  const [one, two] = cluster.servers;
  const map = await createMap(one.url, {});
  const writer = cluster.connect(one, map.id, map.tokens.edit);
  const observer = cluster.connect(two, map.id, map.tokens.view);
  await Promise.all([synced(writer.provider), synced(observer.provider)]);
  const seen = seenSteps(observer.doc);

  for (const id of ids('s', 2000)) addStep(writer.doc, id);
  await waitFor(() => seen.size >= 50, 15_000, 'the observer to see edits');
  writer.provider.destroy();
  one.child.kill('SIGKILL');
  await exited(one.child);
  const acknowledged = [...seen];
  const stored = await storedStepIds(cluster.redis, map.id);
  expect(acknowledged.length).toBeGreaterThanOrEqual(50);
  expect(acknowledged.filter((id) => !stored.has(id))).toEqual([]);

  // The writer's page reconnects to the instance left, and what it wrote that was never stored it resends.
  const back = cluster.connect(two, map.id, map.tokens.edit, writer.doc);
  await synced(back.provider);
  await waitFor(() => stepsOf(observer.doc).size === 2000, 20_000, 'the observer to get every edit');
  expect(await servedStepIds(two, map.id, map.tokens.view)).toEqual(ids('s', 2000).sort());
  expect((await storedStepIds(cluster.redis, map.id)).size).toBe(2000);
}, 120_000);
