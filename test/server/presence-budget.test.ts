import { afterEach, describe, expect, it } from 'vitest';
import * as encoding from 'lib0/encoding';
import type { WebSocket } from 'ws';
import { Awareness, encodeAwarenessUpdate } from 'y-protocols/awareness';
import type { WebsocketProvider } from 'y-websocket';
import * as Y from 'yjs';
import { stepsOf } from '../../src/collab/doc';
import type { ServerOptions } from '../../server/app';
import { encodeAwareness } from '../../server/sync/messages';
import { PresenceBudget } from '../../server/sync/presence-budget';
import { type CreatedMap, closedWith, connect, createMap, rawSocket, sleep, startTestServer, stepUpdate, synced, type TestServer, waitFor } from './helpers';

/**
 * A room's presence is budgeted (issue 17, item 5): a crowd of large but legal states (each under
 * the per-person limit) cannot make the room's presence messages too large for the people in it,
 * nor crowd a real person's small state out (server/sync/presence-budget.ts).
 */

let server: TestServer;
let map: CreatedMap;
const providers: WebsocketProvider[] = [];
const sockets: WebSocket[] = [];

async function setUp(options: ServerOptions = {}) {
  server = await startTestServer(options);
  map = await createMap(server.url, {});
}

afterEach(async () => {
  for (const provider of providers.splice(0)) provider.destroy();
  for (const ws of sockets.splice(0)) ws.terminate();
  await server.close();
});

function open(token: string) {
  const client = connect(server.syncUrl, map.id, token);
  providers.push(client.provider);
  return client;
}

/** A view-link bot on a raw socket that announces one presence state of about `bytes` bytes. */
async function bot(clientID: number, bytes: number) {
  const ws = await rawSocket(server.syncUrl, `${map.id}?token=${map.tokens.view}`);
  sockets.push(ws);
  const awareness = withState(clientID, { user: { name: `bot ${clientID}` }, padding: 'x'.repeat(bytes) });
  ws.send(encodeAwareness(encodeAwarenessUpdate(awareness, [clientID])));
  awareness.destroy();
  return ws;
}

function withState(clientID: number, state: Record<string, unknown>) {
  const doc = new Y.Doc();
  doc.clientID = clientID;
  const awareness = new Awareness(doc);
  awareness.setLocalState(state);
  return awareness;
}

const names = (watcher: WebsocketProvider) =>
  [...watcher.awareness.getStates().values()].map((state) => (state as { user?: { name?: string } }).user?.name).filter(Boolean);

describe('presence budget', () => {
  it('keeps a crowd of 60 kB view-link states from getting a client that joins later closed, and lets its edits and a real person through', async () => {
    await setUp();
    for (let i = 0; i < 20; i += 1) await bot(1000 + i, 60_000);
    await sleep(300);
    const closes: number[] = [];
    const watcher = open(map.tokens.edit);
    watcher.provider.on('connection-close', (event) => closes.push(event?.code ?? 0));
    await synced(watcher.provider);
    const ann = open(map.tokens.edit);
    await synced(ann.provider);
    ann.provider.awareness.setLocalStateField('user', { name: 'Ann' });
    await waitFor(() => names(watcher.provider).includes('Ann'), 5000, 'Ann, seen by the watcher');
    // The watcher's edit reaches Ann: its connection is alive and writing.
    Y.applyUpdate(watcher.doc, stepUpdate('human-watched', 'Checked'));
    await waitFor(() => stepsOf(ann.doc).has('human-watched'), 5000, "the watcher's edit at Ann's");
    await sleep(300);
    expect(closes).toEqual([]);
    expect(server.logs.some((l) => l.includes('presence.over-budget'))).toBe(true);
  });

  it("pushes the largest states out for a person's small one when the room is full", async () => {
    // Fair share: 8 KiB / 8 connections = 1 KiB. Three 2.6 kB states fill the room.
    await setUp({ roomPresenceBytes: 8 * 1024, maxRoomConnections: 8 });
    const watcher = open(map.tokens.view);
    await synced(watcher.provider);
    for (let i = 0; i < 3; i += 1) await bot(2000 + i, 2600);
    await waitFor(() => names(watcher.provider).length === 3, 5000, 'three bots');
    await bot(2003, 2600); // over the fair share, and no room left: refused
    const ann = open(map.tokens.edit);
    await synced(ann.provider);
    ann.provider.awareness.setLocalStateField('user', { name: 'Ann', padding: 'y'.repeat(400) });
    await waitFor(() => names(watcher.provider).includes('Ann'), 5000, 'Ann, seen by the watcher');
    expect(names(watcher.provider)).toHaveLength(3); // Ann and two bots: one was pushed out
    expect(names(watcher.provider)).not.toContain('bot 2003');
    expect(server.logs.filter((l) => l.includes('presence.evicted'))).toHaveLength(1);
    expect(server.logs.some((l) => l.includes('presence.over-budget'))).toBe(true);
  });

  it('closes (1003) a connection whose presence is nested too deeply to relay, and carries on', async () => {
    await setUp();
    const watcher = open(map.tokens.view);
    await synced(watcher.provider);
    const ws = await rawSocket(server.syncUrl, `${map.id}?token=${map.tokens.view}`);
    sockets.push(ws);
    const closed = closedWith(ws);
    // Parses, but no JSON.stringify can serialize it again (the stack runs out).
    ws.send(rawAwareness(3000, `{"a":${'['.repeat(20_000)}${']'.repeat(20_000)}}`));
    expect((await closed).code).toBe(1003);
    const ann = open(map.tokens.edit);
    await synced(ann.provider);
    ann.provider.awareness.setLocalStateField('user', { name: 'Ann' });
    await waitFor(() => names(watcher.provider).includes('Ann'), 5000, 'the room, still relaying');
  });
});

/** A one-entry awareness message carrying `json` as the state, byte for byte. */
function rawAwareness(clientID: number, json: string): Uint8Array {
  const encoder = encoding.createEncoder();
  encoding.writeVarUint(encoder, 1); // one entry
  encoding.writeVarUint(encoder, clientID);
  encoding.writeVarUint(encoder, 1); // clock
  encoding.writeVarString(encoder, json);
  return encodeAwareness(encoding.toUint8Array(encoder));
}

describe('PresenceBudget', () => {
  it('takes states while there is room, large ones first come first served, and pushes out the largest for a small one', () => {
    const budget = new PresenceBudget(1000, 10); // fair share: 100
    expect(budget.admit(1, 400)).toEqual({ evict: [] });
    expect(budget.admit(2, 400)).toEqual({ evict: [] });
    expect(budget.admit(3, 300)).toBe('refused'); // over the fair share, and no room
    expect(budget.admit(1, 700)).toBe('refused'); // growing past the budget is refused too
    expect(budget.admit(4, 60)).toEqual({ evict: [] });
    expect(budget.admit(5, 80)).toEqual({ evict: [1] }); // small, and no room: the largest goes
    budget.remove(1); // the caller removes it
    expect(budget.total).toBe(400 + 60 + 80 + 3 * 16);
  });
});
