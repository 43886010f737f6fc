import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { WebSocket as WS, type WebSocket } from 'ws';
import { Awareness, encodeAwarenessUpdate } from 'y-protocols/awareness';
import { WebsocketProvider } from 'y-websocket';
import * as Y from 'yjs';
import { encodeAwareness } from '../../server/sync/messages';
import { type CreatedMap, closedWith, createMap, rawSocket, sleep, startTestServer, synced, type TestServer, waitFor } from './helpers';

/**
 * A person's presence clientID stays theirs while they reconnect (issue 17, item 4): when their
 * socket drops, someone who saw the clientID announces it first. A tab that sent a presence key
 * (`?presence=`) keeps it: only the same key claims it again (server/sync/presence-owners.ts).
 */

const ANN_KEY = 'ann-tab-key-0123456789abcdef';
const DEE_KEY = 'dee-tab-key-0123456789abcdef';

/** An awareness message for any clientID, with a clock far ahead, as a hostile client forges it. */
function forged(clientID: number, state: Record<string, unknown> | null, clockAhead = 50): Uint8Array {
  const doc = new Y.Doc();
  doc.clientID = clientID;
  const awareness = new Awareness(doc);
  for (let i = 0; i < clockAhead; i += 1) awareness.setLocalState({ filler: i });
  awareness.setLocalState(state);
  const message = encodeAwareness(encodeAwarenessUpdate(awareness, [clientID]));
  awareness.destroy();
  return message;
}

let server: TestServer;
let map: CreatedMap;
const providers: WebsocketProvider[] = [];
const sockets: WebSocket[] = [];

/** The stock provider; with `presence`, it sends the key on every connection, as the page does. */
function open(token: string, presence?: string) {
  const doc = new Y.Doc();
  const provider = new WebsocketProvider(server.syncUrl, map.id, doc, {
    WebSocketPolyfill: WS as unknown as typeof globalThis.WebSocket,
    params: presence ? { token, presence } : { token },
    disableBc: true,
    maxBackoffTime: 200,
  });
  providers.push(provider);
  return { doc, provider };
}

async function raw(token: string, options: { presence?: string; autoPong?: boolean } = {}) {
  const presence = options.presence ? `&presence=${options.presence}` : '';
  const ws = await rawSocket(server.syncUrl, `${map.id}?token=${token}${presence}`, { autoPong: options.autoPong });
  sockets.push(ws);
  return ws;
}

type Seen = { user?: { name?: string }; cursor?: { x: number } } | undefined;
const seenBy = (watcher: WebsocketProvider, clientID: number) => watcher.awareness.getStates().get(clientID) as Seen;

/** Ann (editing, with her tab's key, cursor at x=1) and Bob (viewing), once Bob sees her. */
async function annWatchedByBob() {
  const ann = open(map.tokens.edit, ANN_KEY);
  const bob = open(map.tokens.view);
  await Promise.all([synced(ann.provider), synced(bob.provider)]);
  ann.provider.awareness.setLocalState({ user: { name: 'Ann' }, cursor: { x: 1, y: 1 } });
  await waitFor(() => seenBy(bob.provider, ann.doc.clientID)?.cursor?.x === 1, 5000, 'Ann');
  return { ann, bob };
}

/** Ann's socket drops; Mallory, on a view link, announces Ann's clientID before Ann is back. */
async function mallorySeizesAnnWhileSheIsAway(ann: { provider: WebsocketProvider; doc: Y.Doc }, bob: WebsocketProvider, malloryKey?: string) {
  ann.provider.disconnect();
  await waitFor(() => seenBy(bob, ann.doc.clientID) === undefined, 5000, 'Ann to leave');
  const mallory = await raw(map.tokens.view, { presence: malloryKey });
  mallory.send(forged(ann.doc.clientID, { user: { name: 'Ann' }, cursor: { x: 666, y: 666 } }));
  await sleep(200); // several presence windows: time for the forgery to spread, were it let through
  return mallory;
}

beforeEach(async () => {
  server = await startTestServer({ probeMs: 300 });
  map = await createMap(server.url, {});
});

afterEach(async () => {
  for (const provider of providers.splice(0)) provider.destroy();
  for (const ws of sockets.splice(0)) ws.terminate();
  await server.close();
});

describe('presence hijack', () => {
  it("keeps a dropped person's clientID from a view link that announces it, and gives it back to them", async () => {
    const { ann, bob } = await annWatchedByBob();
    const mallory = await mallorySeizesAnnWhileSheIsAway(ann, bob.provider);
    ann.provider.connect();
    await synced(ann.provider);
    ann.provider.awareness.setLocalStateField('cursor', { x: 2, y: 2 });
    await waitFor(() => seenBy(bob.provider, ann.doc.clientID)?.cursor?.x === 2, 5000, "Ann's own cursor");
    await sleep(200);
    expect(seenBy(bob.provider, ann.doc.clientID)?.cursor?.x).toBe(2);
    expect(mallory.readyState).toBe(mallory.OPEN); // refused, not disconnected: she may have her own cursor
    expect(server.logs.some((l) => l.includes('presence.not-owner'))).toBe(true);
  });

  it('gives a reconnecting tab its presence back at once, without waiting for it to move', async () => {
    const { ann, bob } = await annWatchedByBob();
    await mallorySeizesAnnWhileSheIsAway(ann, bob.provider, 'mallorys-own-key-0123456789');
    ann.provider.connect();
    // No cursor move: the provider resends its state with the clock it had, which the server had
    // passed when it removed her; the key shows it is her tab, so the server lets it through.
    await waitFor(() => seenBy(bob.provider, ann.doc.clientID)?.cursor?.x === 1, 5000, 'Ann back as she was');
    expect(seenBy(bob.provider, ann.doc.clientID)?.user?.name).toBe('Ann');
  });

  it("does not take a keyed person's clientID from them while they are connected, nor probe them", async () => {
    const { ann, bob } = await annWatchedByBob();
    const mallory = await raw(map.tokens.view);
    mallory.send(forged(ann.doc.clientID, { user: { name: 'Ann' }, cursor: { x: 666, y: 666 } }));
    await sleep(600); // past a probe's deadline
    expect(seenBy(bob.provider, ann.doc.clientID)?.cursor?.x).toBe(1);
    expect(server.logs.some((l) => l.includes('conn.timeout'))).toBe(false);
  });

  it('hands a tab its presence on a new socket at once, while the server still holds its old one', async () => {
    const bob = open(map.tokens.view);
    await synced(bob.provider);
    // The old socket of a laptop whose wifi dropped: still open on the server, answering nothing.
    const ghost = await raw(map.tokens.view, { presence: DEE_KEY, autoPong: false });
    ghost.send(forged(5150, { user: { name: 'Dee' } }, 0));
    await waitFor(() => seenBy(bob.provider, 5150)?.user?.name === 'Dee', 5000, 'Dee');
    const again = await raw(map.tokens.view, { presence: DEE_KEY });
    again.send(forged(5150, { user: { name: 'Dee, back' } }, 5));
    await waitFor(() => seenBy(bob.provider, 5150)?.user?.name === 'Dee, back', 5000, 'Dee on her new socket');
    // The old socket going away does not take her presence with it.
    const gone = closedWith(ghost);
    ghost.terminate();
    await gone;
    await sleep(200);
    expect(seenBy(bob.provider, 5150)?.user?.name).toBe('Dee, back');
  });
});
