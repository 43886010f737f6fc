import { afterEach, describe, expect, it } from 'vitest';
import { WebSocket } from 'ws';
import { itemFromFields, stepsOf } from '../../src/collab/doc';
import { memoryStore } from '../../server/storage/memory';
import { encodeAwareness, encodeSyncStep1, encodeUpdate } from '../../server/sync/messages';
import {
  type CreatedMap,
  closedWith as closed,
  connect,
  createMap,
  getMap,
  rawSocket as openRaw,
  startTestServer,
  stepUpdate,
  synced,
  type TestServer,
  waitFor,
} from './helpers';

async function rawSocket(server: TestServer, path: string): Promise<WebSocket> {
  const ws = await openRaw(server.syncUrl, path);
  sockets.push(ws);
  return ws;
}

let server: TestServer;
let map: CreatedMap;
const sockets: WebSocket[] = [];
const cleanups: (() => void)[] = [];

async function setUp(options = {}) {
  server = await startTestServer(options);
  map = await createMap(server.url, {});
}

afterEach(async () => {
  for (const ws of sockets.splice(0)) ws.terminate();
  for (const cleanup of cleanups.splice(0)) cleanup();
  await server.close();
});

describe('the wire', () => {
  it('closes a connection on its first malformed message (1003), and the room carries on', async () => {
    await setUp();
    const good = connect(server.syncUrl, map.id, map.tokens.edit);
    cleanups.push(() => good.provider.destroy());
    await synced(good.provider);
    const cases: (string | Uint8Array)[] = [
      new Uint8Array([9, 9, 9]), // unknown message type
      new Uint8Array([0, 2, 200]), // a truncated update
      encodeUpdate(stepUpdate('x', 'ok').map((b, i) => (i > 2 ? 255 - b : b))), // a malformed Yjs update
      encodeAwareness(new Uint8Array([1, 5, 1, 3, 123, 123, 123])), // awareness with broken JSON
      'hello', // text
    ];
    for (const data of cases) {
      const ws = await rawSocket(server, `${map.id}?token=${map.tokens.edit}`);
      const done = closed(ws);
      ws.send(data);
      expect((await done).code).toBe(1003);
    }
    stepsOf(good.doc).set('after', itemFromFields({ kind: 'human', label: 'still works' }));
    const witness = connect(server.syncUrl, map.id, map.tokens.view);
    cleanups.push(() => witness.provider.destroy());
    await waitFor(() => stepsOf(witness.doc).has('after'), 5000, 'the edit after the garbage');
    expect((await fetch(`${server.url}/healthz`)).status).toBe(200);
    expect((await getMap(server.url, map.id, map.tokens.view)).body.steps.map((s) => s.id)).toEqual(['after']);
  });

  it('closes a connection whose message is over the size limit (1009)', async () => {
    await setUp({ maxMessageBytes: 16 * 1024 });
    const watcher = connect(server.syncUrl, map.id, map.tokens.view);
    cleanups.push(() => watcher.provider.destroy());
    await synced(watcher.provider);
    const ws = await rawSocket(server, `${map.id}?token=${map.tokens.edit}`);
    const done = closed(ws);
    ws.send(encodeUpdate(stepUpdate('big', 'x'.repeat(20 * 1024))));
    expect((await done).code).toBe(1009);
    expect(server.logs.some((l) => l.includes('conn.error') && l.includes('Max payload size exceeded'))).toBe(true);
    // The room and its other clients carry on.
    const next = await rawSocket(server, `${map.id}?token=${map.tokens.edit}`);
    next.send(encodeUpdate(stepUpdate('small', 'fits')));
    await waitFor(() => stepsOf(watcher.doc).has('small'), 5000, 'the next edit');
    expect(stepsOf(watcher.doc).has('big')).toBe(false);
  });

  it('drops a raw update from a view token at the protocol level, and keeps the connection', async () => {
    await setUp();
    const ws = await rawSocket(server, `${map.id}?token=${map.tokens.view}`);
    const replies: Buffer[] = [];
    ws.on('message', (data: Buffer) => replies.push(data));
    ws.send(encodeUpdate(stepUpdate('sneaky', 'not allowed')));
    ws.send(encodeSyncStep1(new Uint8Array([0])));
    await waitFor(() => replies.length > 0, 5000, 'the sync answer');
    expect(ws.readyState).toBe(WebSocket.OPEN);
    expect((await getMap(server.url, map.id, map.tokens.view)).body.steps).toEqual([]);
  });

  it('drops a client that stops answering pings', async () => {
    await setUp({ pingIntervalMs: 50 });
    const ws = new WebSocket(`${server.syncUrl}/${map.id}?token=${map.tokens.view}`, { autoPong: false });
    sockets.push(ws); // not awaited open: the server may drop it first
    const done = closed(ws);
    expect((await done).code).toBe(1006);
    expect(server.logs.some((l) => l.includes('conn.timeout'))).toBe(true);
  });

  it('refuses upgrades outside the sync rooms', async () => {
    await setUp();
    for (const path of [`${map.id}/other?token=${map.tokens.edit}`, `../x?token=${map.tokens.edit}`]) {
      await expect(rawSocket(server, path)).rejects.toThrow(/404/);
    }
  });
});

describe('idle rooms', () => {
  it('unloads a room with no connections and compacts its log; it loads again intact', async () => {
    const store = memoryStore();
    await setUp({ store, roomIdleMs: 50 });
    const client = connect(server.syncUrl, map.id, map.tokens.edit);
    cleanups.push(() => client.provider.destroy());
    await synced(client.provider);
    for (let i = 0; i < 20; i += 1) {
      stepsOf(client.doc).set(`s${i}`, itemFromFields({ kind: 'human', label: `step ${i}` }));
      await new Promise((resolve) => setTimeout(resolve, 2));
    }
    await waitFor(() => (store.updates.get(map.id)?.length ?? 0) > 2, 5000, 'several writes');
    client.provider.destroy();
    await waitFor(() => server.logs.some((l) => l.includes('room.unload') && l.includes(`room=${map.id} `)), 5000, 'the unload');
    expect(store.updates.get(map.id)).toHaveLength(1);
    const again = connect(server.syncUrl, map.id, map.tokens.view);
    cleanups.push(() => again.provider.destroy());
    await synced(again.provider);
    expect(stepsOf(again.doc).size).toBe(20);
  });
});

describe('storage failures', () => {
  it('relays nothing it could not write; the clients reconnect and the edit arrives once storage works', async () => {
    const store = memoryStore();
    let failWrites = false;
    const flaky = {
      ...store,
      appendUpdate: (room: string, update: Uint8Array) => (failWrites ? Promise.reject(new Error('disk full')) : store.appendUpdate(room, update)),
    };
    await setUp({ store: flaky });
    const one = connect(server.syncUrl, map.id, map.tokens.edit);
    const two = connect(server.syncUrl, map.id, map.tokens.edit);
    cleanups.push(() => one.provider.destroy(), () => two.provider.destroy());
    await Promise.all([synced(one.provider), synced(two.provider)]);
    const closes: number[] = [];
    two.provider.on('connection-close', (event: { code: number } | null) => closes.push(event?.code ?? 0));
    failWrites = true;
    stepsOf(one.doc).set('kept', itemFromFields({ kind: 'human', label: 'written later' }));
    await waitFor(() => closes.includes(1011), 5000, 'the room to close its clients');
    expect(stepsOf(two.doc).has('kept')).toBe(false);
    expect(server.logs.some((l) => l.includes('room.write-failed') && l.includes('disk full'))).toBe(true);
    failWrites = false;
    await waitFor(() => stepsOf(two.doc).has('kept'), 10_000, 'the edit after recovery');
    expect((await getMap(server.url, map.id, map.tokens.view)).body.steps.map((s) => s.id)).toEqual(['kept']);
  });
});
