import type { AddressInfo } from 'node:net';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type RawData, WebSocket, WebSocketServer } from 'ws';
import { WebsocketProvider } from 'y-websocket';
import * as Y from 'yjs';
import { generateMap } from '../../bench/generate-map';
import { itemFromFields, stepsOf } from '../../src/collab/doc';
import type { SyncLiveness } from '../../src/collab/liveness';
import { PROVIDER_OPTIONS, watchSync } from '../../src/collab/session';
import { type CreatedMap, connect, createMap, startTestServer, synced, type TestServer, waitFor } from './helpers';

/** Decides, by its index on the connection (0, 1, ...), whether a message is lost on the way. */
type Dropper = (index: number) => boolean;
const keepAll: Dropper = () => false;

/**
 * A proxy that keeps the socket open but loses messages, as the one in the report did: each
 * connection is forwarded to the real server, and a message is dropped when `up` (client to
 * server) or `down` (server to client) says so.
 */
interface DroppingProxy {
  syncUrl: string;
  up: Dropper;
  down: Dropper;
  droppedUp: number;
  droppedDown: number;
  close(): Promise<void>;
}

async function droppingProxy(serverUrl: string): Promise<DroppingProxy> {
  const wss = new WebSocketServer({ host: '127.0.0.1', port: 0 });
  await new Promise((resolve) => wss.once('listening', resolve));
  const sockets = new Set<WebSocket>();
  const proxy: DroppingProxy = {
    syncUrl: `ws://127.0.0.1:${(wss.address() as AddressInfo).port}/sync`,
    up: keepAll,
    down: keepAll,
    droppedUp: 0,
    droppedDown: 0,
    close: async () => {
      for (const socket of sockets) socket.terminate();
      await new Promise((resolve) => wss.close(resolve));
    },
  };
  wss.on('connection', (client, request) => {
    const upstream = new WebSocket(`${serverUrl.replace('http', 'ws')}${request.url}`);
    sockets.add(client).add(upstream);
    const queued: RawData[] = [];
    let sent = 0;
    let received = 0;
    client.on('message', (data) => {
      if (proxy.up(sent++)) proxy.droppedUp += 1;
      else if (upstream.readyState === WebSocket.OPEN) upstream.send(data);
      else queued.push(data);
    });
    upstream.on('open', () => {
      for (const data of queued.splice(0)) upstream.send(data);
    });
    upstream.on('message', (data) => {
      if (proxy.down(received++)) proxy.droppedDown += 1;
      else if (client.readyState === WebSocket.OPEN) client.send(data);
    });
    upstream.on('close', () => client.terminate());
    client.on('close', () => upstream.terminate());
    upstream.on('error', () => client.terminate());
    client.on('error', () => upstream.terminate());
  });
  return proxy;
}

let server: TestServer;
let proxy: DroppingProxy;
let map: CreatedMap;
const cleanup: { destroy(): void }[] = [];

/** A client set up as the page sets up its providers, but connected through the proxy; with every status it reports. */
async function pageThroughProxy() {
  const doc = new Y.Doc();
  const provider = new WebsocketProvider(proxy.syncUrl, map.id, doc, {
    params: { token: map.tokens.edit },
    ...PROVIDER_OPTIONS,
    WebSocketPolyfill: WebSocket as unknown as typeof globalThis.WebSocket,
  });
  const statuses: string[] = [];
  provider.on('status', ({ status }) => statuses.push(status));
  const liveness: SyncLiveness = watchSync(provider);
  cleanup.push(liveness, provider);
  await synced(provider);
  return { doc, provider, liveness, statuses };
}

/** A client straight to the server: what everyone else sees. */
async function observer() {
  const { doc, provider } = connect(server.syncUrl, map.id, map.tokens.edit);
  cleanup.push(provider);
  await synced(provider);
  return doc;
}

const addStep = (doc: Y.Doc, id: string) => stepsOf(doc).set(id, itemFromFields({ kind: 'human', label: id }));
const ids = (count: number, prefix: string) => Array.from({ length: count }, (_, i) => `${prefix}${i}`);
const hasAll = (doc: Y.Doc, wanted: string[]) => wanted.every((id) => stepsOf(doc).has(id));

/** Adds `added` while the server's relay back to the page is dropped: the page counts them waiting, then learns the server has them once the relay returns. */
async function confirmsDespiteLostRelay(page: Awaited<ReturnType<typeof pageThroughProxy>>, others: Y.Doc, added: string[]): Promise<void> {
  proxy.down = () => true;
  for (const id of added) addStep(page.doc, id);
  await waitFor(() => hasAll(others, added) && proxy.droppedDown > 0, 5000, 'the server to have the edits');
  expect(page.liveness.waiting).toBe(added.length);
  proxy.down = keepAll;
  await waitFor(() => page.liveness.waiting === 0 && !page.liveness.stalled, 10_000, 'the page to learn the server has them');
}

beforeEach(async () => {
  server = await startTestServer();
  proxy = await droppingProxy(server.url);
  map = await createMap(server.url, {});
});

afterEach(async () => {
  for (const item of cleanup.splice(0)) item.destroy();
  await proxy.close();
  await server.close();
});

describe('edits lost on an open connection', () => {
  it.each([
    ['every message, for a while', () => true],
    ['every other message', (index: number) => index % 2 === 1],
  ] as [string, Dropper][])('dropping %s: the edits reach everyone within 10 s, without a reconnect', async (_, drop) => {
    const page = await pageThroughProxy();
    const others = await observer();
    addStep(page.doc, 'doomed');
    await waitFor(() => stepsOf(others).has('doomed'), 5000, 'the first edit to arrive');

    proxy.up = drop;
    const added = ids(20, 'lost');
    for (const id of added) addStep(page.doc, id);
    stepsOf(page.doc).delete('doomed'); // a deletion only: no new struct, nothing for a clock to show
    await waitFor(() => proxy.droppedUp >= 10, 5000, 'the proxy to drop edits');
    proxy.up = keepAll;

    await waitFor(() => hasAll(others, added) && !stepsOf(others).has('doomed'), 10_000, 'every edit to reach the other client');
    expect(page.provider.wsconnected).toBe(true);
    expect(page.statuses).toEqual(['connected']);
  });

  it('says changes are waiting while they go unconfirmed, and stops once they arrive', async () => {
    const page = await pageThroughProxy();
    const others = await observer();
    proxy.up = () => true;
    const added = ids(5, 'waiting');
    for (const id of added) addStep(page.doc, id);
    // A long drag: a change per frame, each replacing (deleting) the last position. More changes than are tracked one by one.
    const dragged = stepsOf(page.doc).get(added[0]) as Y.Map<unknown>;
    for (let frame = 0; frame < 1200; frame++) dragged.set('position', { x: frame, y: 0 });
    await waitFor(() => page.liveness.stalled, 10_000, 'the page to say its edits are stuck');
    expect(page.liveness.waiting).toBe(added.length + 1200);
    expect(hasAll(others, added)).toBe(false);

    proxy.up = keepAll;
    const landed = () => (stepsOf(others).get(added[0]) as Y.Map<unknown> | undefined)?.get('position');
    await waitFor(() => hasAll(others, added) && page.liveness.waiting === 0 && !page.liveness.stalled, 10_000, 'the edits to be confirmed');
    expect(landed()).toEqual({ x: 1199, y: 0 });
    expect(page.statuses).toEqual(['connected']);
  });

  it('confirms edits whose relay back was lost, without a reconnect', async () => {
    const page = await pageThroughProxy();
    const others = await observer();
    await confirmsDespiteLostRelay(page, others, ids(5, 'echo'));
    expect(page.statuses).toEqual(['connected']);
  });

  it("reads a large map's first sync after applying it, and still confirms the edits made meanwhile and those whose relay back is lost", async () => {
    const large = generateMap(800, 5);
    map = await createMap(server.url, large);
    const page = await pageThroughProxy();
    // Large enough to be read in a task of its own (liveness.ts).
    expect(Y.encodeStateAsUpdate(page.doc).length).toBeGreaterThan(64 * 1024);
    // At once, before that task has run.
    const early = ids(3, 'early');
    for (const id of early) addStep(page.doc, id);
    const others = await observer();
    await waitFor(() => hasAll(others, early) && page.liveness.waiting === 0, 10_000, 'the edits made during the reading to be confirmed');

    const late = ids(3, 'late');
    await confirmsDespiteLostRelay(page, others, late);
    expect(stepsOf(page.doc).size).toBe(large.steps.length + early.length + late.length);
    expect(page.statuses).toEqual(['connected']);
  });
});
