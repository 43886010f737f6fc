import { afterAll, beforeAll, expect, it } from 'vitest';
import { WebSocket } from 'ws';
import { WebsocketProvider } from 'y-websocket';
import * as Y from 'yjs';
import { commentsOf, writersOf } from '../../src/collab/doc';
import { CLOSE_CODES } from '../../server/sync/close-codes';
import { createMap, refused, synced, waitFor } from './helpers';
import { type Cluster, startCluster, syncUrlOf } from './redis-cluster';
import type { SpawnedServer } from './spawn';

/**
 * A writer's Yjs client id in the review room (server/sync/writer-ids.ts) is bound in the doc, so
 * the binding one instance made holds on every instance: nobody on another server can write at
 * that writer's next clocks.
 */
let cluster: Cluster;
const providers: WebsocketProvider[] = [];
beforeAll(async () => {
  cluster = await startCluster();
});
afterAll(async () => {
  for (const provider of providers) provider.destroy();
  await cluster?.close();
});

function openReview(server: SpawnedServer, mapId: string, token: string, writer: string) {
  const doc = new Y.Doc();
  const provider = new WebsocketProvider(syncUrlOf(server), `${mapId}/review`, doc, {
    WebSocketPolyfill: WebSocket as unknown as typeof globalThis.WebSocket,
    params: { token, writer },
    disableBc: true,
    maxBackoffTime: 200,
  });
  providers.push(provider);
  return { doc, provider };
}

it("refuses, on one instance, a change under the client id a writer on another instance is bound to", async () => {
  const [one, two] = cluster.servers;
  const map = await createMap(one.url, {});
  const ann = openReview(one, map.id, map.tokens.edit, 'ann-writer-key-0000000000000');
  await synced(ann.provider);
  commentsOf(ann.doc).set('c-ann', { id: 'c-ann', target: 'map', author: 'Ann', text: 'first', at: '2026-12-03T10:00:00Z' });

  const mallory = openReview(two, map.id, map.tokens.edit, 'mallory-writer-key-000000000');
  await synced(mallory.provider);
  await waitFor(() => writersOf(mallory.doc).has(String(ann.doc.clientID)), 5000, "Ann's binding to reach the other instance");
  const closed = refused(mallory.provider);
  const own = mallory.doc.clientID;
  mallory.doc.clientID = ann.doc.clientID;
  commentsOf(mallory.doc).set('c-forged', { id: 'c-forged', target: 'map', author: 'Mallory', text: 'at her clock', at: '2026-12-03T10:01:00Z' });
  mallory.doc.clientID = own;
  expect((await closed).code).toBe(CLOSE_CODES.WRITER_ID_TAKEN);

  commentsOf(ann.doc).set('c-ann-2', { id: 'c-ann-2', target: 'map', author: 'Ann', text: 'second', at: '2026-12-03T10:02:00Z' });
  const watcher = openReview(two, map.id, map.tokens.view, 'watcher-writer-key-000000000');
  await waitFor(() => commentsOf(watcher.doc).has('c-ann-2'), 5000, "Ann's second comment on the other instance");
  expect(commentsOf(watcher.doc).has('c-forged')).toBe(false);
}, 60_000);
