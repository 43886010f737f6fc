import { afterAll, beforeAll, expect, it } from 'vitest';
import type { WebSocket } from 'ws';
import { Awareness, encodeAwarenessUpdate } from 'y-protocols/awareness';
import type { WebsocketProvider } from 'y-websocket';
import * as Y from 'yjs';
import { encodeAwareness } from '../../server/sync/messages';
import { createMap, rawSocket, sleep, synced, waitFor } from './helpers';
import { type Cluster, startCluster, syncUrlOf } from './redis-cluster';
import { exited } from './spawn';

/**
 * Presence across instances (server/sync/presence-bus-redis.ts), with stock y-websocket clients
 * on two real server processes and one real redis-server: a person on one instance appears on the
 * other, goes when they leave or when their instance is killed, a newcomer on an instance that
 * loads the map late sees who is already there, and nobody on one instance can take over the
 * cursor of a person on another.
 */
let cluster: Cluster;
const sockets: WebSocket[] = [];
beforeAll(async () => {
  cluster = await startCluster();
});
afterAll(async () => {
  for (const ws of sockets) ws.terminate();
  await cluster?.close();
});

const nameSeenBy = (watcher: WebsocketProvider, clientID: number) =>
  (watcher.awareness.getStates().get(clientID) as { user?: { name: string } } | undefined)?.user?.name;

const present = (provider: WebsocketProvider, name: string) => provider.awareness.setLocalStateField('user', { name });

it('shows a person on one instance to the people on the other, and their going', async () => {
  const [one, two] = cluster.servers;
  const map = await createMap(one.url, {});
  const ann = cluster.connect(one, map.id, map.tokens.edit);
  const bob = cluster.connect(two, map.id, map.tokens.view);
  await Promise.all([synced(ann.provider), synced(bob.provider)]);
  present(ann.provider, 'Ann');
  const annId = ann.provider.awareness.clientID;
  // Well under the 15 s in which the stock provider renews its state: only a relay gets it there in time.
  await waitFor(() => nameSeenBy(bob.provider, annId) === 'Ann', 5000, 'Bob, on the other instance, to see Ann');
  present(ann.provider, 'Ann (moved)');
  await waitFor(() => nameSeenBy(bob.provider, annId) === 'Ann (moved)', 5000, 'Bob to see Ann change');
  ann.provider.destroy();
  await waitFor(() => !bob.provider.awareness.getStates().has(annId), 5000, 'Ann to be gone for Bob once she left');
}, 60_000);

it('shows a newcomer on an instance that loads the map late the people already there', async () => {
  const [one, two] = cluster.servers;
  const map = await createMap(one.url, {});
  const ann = cluster.connect(one, map.id, map.tokens.edit);
  await synced(ann.provider);
  present(ann.provider, 'Ann');
  // Past Ann's first announcement: instance two had not loaded the map then, so it heard nothing.
  await sleep(500);
  const dave = cluster.connect(two, map.id, map.tokens.view);
  await synced(dave.provider);
  await waitFor(() => nameSeenBy(dave.provider, ann.provider.awareness.clientID) === 'Ann', 5000, 'Dave, arriving on instance two, to see Ann');
}, 60_000);

it("removes a killed instance's people from the other instances", async () => {
  const [one] = cluster.servers;
  const doomed = await cluster.spawn();
  const map = await createMap(one.url, {});
  const carl = cluster.connect(doomed, map.id, map.tokens.edit);
  const bob = cluster.connect(one, map.id, map.tokens.view);
  await Promise.all([synced(carl.provider), synced(bob.provider)]);
  present(carl.provider, 'Carl');
  const carlId = carl.provider.awareness.clientID;
  await waitFor(() => nameSeenBy(bob.provider, carlId) === 'Carl', 5000, 'Bob to see Carl');

  doomed.child.kill('SIGKILL');
  await exited(doomed.child);
  carl.provider.destroy(); // its socket is dead: it tells nobody anything
  // Yjs alone would keep Carl for 30 s; the dead instance's liveness key expires in 3 s.
  await waitFor(() => !bob.provider.awareness.getStates().has(carlId), 8000, 'Carl to be gone for Bob after his instance died');
}, 60_000);

it("refuses a connection on one instance that announces a person present on another", async () => {
  const [one, two] = cluster.servers;
  const map = await createMap(one.url, {});
  const ann = cluster.connect(one, map.id, map.tokens.edit);
  const bob = cluster.connect(two, map.id, map.tokens.view);
  await Promise.all([synced(ann.provider), synced(bob.provider)]);
  present(ann.provider, 'Ann');
  const annId = ann.provider.awareness.clientID;
  await waitFor(() => nameSeenBy(bob.provider, annId) === 'Ann', 5000, 'Bob to see Ann');

  // A view link on instance two forges Ann's clientID, with a clock far ahead of hers.
  const doc = new Y.Doc();
  doc.clientID = annId;
  const forger = new Awareness(doc);
  for (let i = 0; i < 50; i += 1) forger.setLocalState({ filler: i });
  forger.setLocalState({ user: { name: 'Mallory' } });
  const ws = await rawSocket(syncUrlOf(two), `${map.id}?token=${map.tokens.view}`);
  sockets.push(ws);
  ws.send(encodeAwareness(encodeAwarenessUpdate(forger, [annId])));
  forger.destroy();
  // Ann's own next move still reaches Bob, and Mallory's name never does.
  present(ann.provider, 'Ann again');
  await waitFor(() => nameSeenBy(bob.provider, annId) === 'Ann again', 5000, "Bob to see Ann's own change");
  await sleep(300);
  expect(nameSeenBy(bob.provider, annId)).toBe('Ann again');
}, 60_000);
