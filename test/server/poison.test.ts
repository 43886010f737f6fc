import { afterEach, beforeEach, expect, it } from 'vitest';
import type { WebSocket } from 'ws';
import type { WebsocketProvider } from 'y-websocket';
import * as Y from 'yjs';
import { metaOf, readMap } from '../../src/collab/doc';
import { encodeUpdate } from '../../server/sync/messages';
import { YJS_CRASHERS } from './fuzz-frames';
import { type CreatedMap, closedWith, connect, createMap, getMap, rawSocket, sleep, startTestServer, stepUpdate, synced, type TestServer, waitFor } from './helpers';

/**
 * Updates that Yjs's applyUpdate takes, but that make Yjs throw later: when they are merged with
 * another update, or when the doc holding them is encoded for the next client's sync. Found by
 * fuzzing (fuzz-frames.ts). Before the server wrote only what Yjs had integrated, the first made
 * every later sync of the room fail, on disk and so for good; the second failed the room (1011
 * for everyone) whenever it arrived in the same tick as another update.
 */
/**
 * An update setting the map's settings to a value nested `depth` arrays deep, built from bytes (Yjs would
 * recurse to encode it): lib0 writes an array of one as 0x75 0x01.
 */
function nestedUpdate(depth: number): Uint8Array {
  const doc = new Y.Doc();
  metaOf(doc).set('settings', [[42]]);
  const text = Buffer.from(Y.encodeStateAsUpdate(doc)).toString('hex');
  return hex(text.replace('750175017d2a', `${'7501'.repeat(depth)}7d2a`));
}
const hex = (text: string) => Uint8Array.from(Buffer.from(text, 'hex'));

const CRASHERS: Record<string, Uint8Array[]> = {
  'cannot be encoded once pending (Integer out of Range)': [YJS_CRASHERS.unencodable],
  'cannot be merged (Unexpected case)': [stepUpdate('fine', 'a valid step in the same tick'), YJS_CRASHERS.unmergeable],
  'merge into an update that cannot be applied (reading id)': YJS_CRASHERS.pair,
};

let server: TestServer;
let map: CreatedMap;
const providers: WebsocketProvider[] = [];
const sockets: WebSocket[] = [];

beforeEach(async () => {
  server = await startTestServer();
  map = await createMap(server.url, { template: 'contract-review' });
});
afterEach(async () => {
  for (const provider of providers.splice(0)) provider.destroy();
  for (const ws of sockets.splice(0)) ws.terminate();
  await server.close();
});

/** A fresh stock client gets the whole map, the same as the server's copy. */
async function roomServesANewClient() {
  const late = connect(server.syncUrl, map.id, map.tokens.view);
  providers.push(late.provider);
  await waitFor(() => late.provider.synced, 5000, 'a new client to sync');
  const { body } = await getMap(server.url, map.id, map.tokens.view);
  expect(readMap(late.doc).map.steps).toEqual(body.steps);
  expect(body.steps.length).toBeGreaterThanOrEqual(4);
}

for (const [name, updates] of Object.entries(CRASHERS)) {
  it(`keeps the room working after updates that ${name}`, async () => {
    const watcher = connect(server.syncUrl, map.id, map.tokens.view);
    providers.push(watcher.provider);
    await synced(watcher.provider);
    const closes: number[] = [];
    watcher.provider.on('connection-close', (event: { code: number } | null) => closes.push(event?.code ?? 0));

    const ws = await rawSocket(server.syncUrl, `${map.id}?token=${map.tokens.edit}`);
    sockets.push(ws);
    for (const update of updates) ws.send(encodeUpdate(update)); // one burst: the same tick on the server
    await sleep(100);
    expect(closes).toEqual([]);
    expect(server.logs.filter((line) => / error /.test(line))).toEqual([]);
    await roomServesANewClient();

    for (const provider of providers.splice(0)) provider.destroy();
    await server.restart();
    await roomServesANewClient();
  });
}

it('refuses a value nested deeper than 32 levels (1003), before it reaches the disk', async () => {
  // Yjs reads nested values by recursion, and how deep it gets before the stack runs out depends
  // on the JIT: 6,000 levels once passed the shadow but overflowed when the room applied them,
  // leaving the update on disk, out of the doc, and failing every compaction.
  for (const depth of [33, 3000, 6000, 12_000]) {
    const ws = await rawSocket(server.syncUrl, `${map.id}?token=${map.tokens.edit}`);
    sockets.push(ws);
    const closed = closedWith(ws);
    ws.send(encodeUpdate(nestedUpdate(depth)));
    expect((await closed).code).toBe(1003);
  }
  expect(server.logs.filter((line) => / error /.test(line))).toEqual([]);
  await roomServesANewClient();
});
