import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { WebSocket } from 'ws';
import { Awareness, encodeAwarenessUpdate } from 'y-protocols/awareness';
import type { WebsocketProvider } from 'y-websocket';
import * as Y from 'yjs';
import { encodeAwareness } from '../../server/sync/messages';
import { type CreatedMap, closedWith, connect, createMap, rawSocket, sleep, startTestServer, synced, type TestServer, waitFor } from './helpers';

/**
 * Presence belongs to the connection that introduced it: nobody else may move, rename or remove
 * a person's cursor (server/sync/presence-owners.ts).
 */

/** An awareness that speaks for any clientID, as a hostile client would forge it. */
function forged(clientID: number) {
  const doc = new Y.Doc();
  doc.clientID = clientID;
  const awareness = new Awareness(doc);
  return {
    /** The message setting this clientID's state, with a clock ahead of anything the victim sent. */
    set(state: Record<string, unknown> | null, clockAhead = 50): Uint8Array {
      for (let i = 0; i < clockAhead; i += 1) awareness.setLocalState({ filler: i });
      awareness.setLocalState(state);
      return encodeAwareness(encodeAwarenessUpdate(awareness, [clientID]));
    },
    destroy: () => awareness.destroy(),
  };
}

let server: TestServer;
let map: CreatedMap;
const providers: WebsocketProvider[] = [];
const sockets: WebSocket[] = [];
const forgeries: { destroy(): void }[] = [];

function open(token: string) {
  const client = connect(server.syncUrl, map.id, token);
  providers.push(client.provider);
  return client;
}

async function raw(token: string, options: { autoPong?: boolean } = {}) {
  const ws = await rawSocket(server.syncUrl, `${map.id}?token=${token}`, options);
  sockets.push(ws);
  return ws;
}

function forge(clientID: number) {
  const f = forged(clientID);
  forgeries.push(f);
  return f;
}

const nameSeenBy = (watcher: WebsocketProvider, clientID: number) =>
  (watcher.awareness.getStates().get(clientID) as { user?: { name: string } } | undefined)?.user?.name;

/** Ann (editing, named) and Bob (viewing), once Bob sees Ann. */
async function annWatchedByBob() {
  const ann = open(map.tokens.edit);
  const bob = open(map.tokens.view);
  await Promise.all([synced(ann.provider), synced(bob.provider)]);
  ann.provider.awareness.setLocalStateField('user', { name: 'Ann' });
  await waitFor(() => nameSeenBy(bob.provider, ann.doc.clientID) === 'Ann', 5000, 'Ann');
  return { ann, bob };
}

beforeEach(async () => {
  server = await startTestServer({ probeMs: 300 });
  map = await createMap(server.url, {});
});

afterEach(async () => {
  for (const provider of providers.splice(0)) provider.destroy();
  for (const ws of sockets.splice(0)) ws.terminate();
  for (const f of forgeries.splice(0)) f.destroy();
  await server.close();
});

describe('presence ownership', () => {
  it("drops a connection's states and removals for a clientID another connection owns", async () => {
    const { ann, bob } = await annWatchedByBob();

    const mallory = await raw(map.tokens.view);
    const self = forge(424242);
    mallory.send(self.set({ user: { name: 'Mallory' } }, 0)); // her own: the first she announces
    const impostor = forge(ann.doc.clientID);
    mallory.send(impostor.set({ user: { name: 'Ann (hacked)' } }));
    mallory.send(impostor.set(null)); // and a removal of Ann
    mallory.send(forge(777).set({ user: { name: 'A second person' } }, 0)); // one clientID per connection
    await waitFor(() => nameSeenBy(bob.provider, 424242) === 'Mallory', 5000, "Mallory's own presence");
    await sleep(150); // several presence windows
    expect(nameSeenBy(bob.provider, ann.doc.clientID)).toBe('Ann');
    expect(bob.provider.awareness.getStates().has(777)).toBe(false);
    expect(mallory.readyState).toBe(mallory.OPEN);
    expect(server.logs.some((l) => l.includes('presence.not-owner'))).toBe(true);
  });

  it('cannot claim, as its first clientID, one that is already taken', async () => {
    const { ann, bob } = await annWatchedByBob();
    const mallory = await raw(map.tokens.view);
    mallory.send(forge(ann.doc.clientID).set({ user: { name: 'Not Ann' } }));
    await sleep(150);
    expect(nameSeenBy(bob.provider, ann.doc.clientID)).toBe('Ann');
  });

  it('gives a reconnecting provider its presence back', async () => {
    const { ann, bob } = await annWatchedByBob();
    ann.provider.disconnect();
    await waitFor(() => nameSeenBy(bob.provider, ann.doc.clientID) === undefined, 5000, 'Ann to leave');
    ann.provider.connect();
    await synced(ann.provider);
    // y-protocols ignores a state whose clock it has seen, and a reconnecting provider resends
    // the same clock: like any y-websocket server's, presence comes back at the next change
    // (a cursor move, or the provider's 15-second renewal). It must be let through then.
    ann.provider.awareness.setLocalStateField('cursor', { x: 1, y: 1 });
    await waitFor(() => nameSeenBy(bob.provider, ann.doc.clientID) === 'Ann', 5000, 'Ann to come back');
  });

  it('probes the owner of a clientID another connection announces, and frees it if that owner is dead', async () => {
    const bob = open(map.tokens.view);
    await synced(bob.provider);
    // The old socket of a laptop whose wifi dropped: still open on the server, answering nothing.
    const ghost = await raw(map.tokens.view, { autoPong: false });
    const gone = closedWith(ghost);
    const before = forge(5150);
    ghost.send(before.set({ user: { name: 'Dee' } }, 0));
    await waitFor(() => nameSeenBy(bob.provider, 5150) === 'Dee', 5000, 'Dee');
    // Her provider reconnects on a new socket with the same clientID and a newer clock.
    const again = await raw(map.tokens.view);
    const after = forge(5150);
    again.send(after.set({ user: { name: 'Dee, back' } }, 5));
    await gone;
    expect(server.logs.some((l) => l.includes('conn.timeout') && l.includes('probe'))).toBe(true);
    again.send(after.set({ user: { name: 'Dee, back' } }, 1));
    await waitFor(() => nameSeenBy(bob.provider, 5150) === 'Dee, back', 5000, 'Dee on her new socket');
  });
});
