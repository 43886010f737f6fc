import { afterEach, describe, expect, it } from 'vitest';
import type { WebSocket } from 'ws';
import type { WebsocketProvider } from 'y-websocket';
import { itemFromFields, redesignStepsOf, stepsOf } from '../../src/collab/doc';
import type { ServerOptions } from '../../server/app';
import { encodeUpdate } from '../../server/sync/messages';
import {
  type CreatedMap,
  closedWith,
  connect,
  createMap,
  getMap,
  rawSocket,
  refused,
  sleep,
  startTestServer,
  stepUpdate,
  synced,
  type TestServer,
  waitFor,
} from './helpers';

let server: TestServer;
let map: CreatedMap;
const providers: WebsocketProvider[] = [];
const sockets: WebSocket[] = [];

async function setUp(options: ServerOptions) {
  server = await startTestServer(options);
  map = await createMap(server.url, {});
}

function open(room: string, token: string) {
  const client = connect(server.syncUrl, room, token);
  providers.push(client.provider);
  return client;
}

async function raw(path: string) {
  const ws = await rawSocket(server.syncUrl, path);
  sockets.push(ws);
  return ws;
}

const stepIds = async () => (await getMap(server.url, map.id, map.tokens.view)).body.steps.map((s) => s.id).sort();
const logged = (event: string) => server.logs.some((line) => line.includes(` ${event} `));

afterEach(async () => {
  for (const provider of providers.splice(0)) provider.destroy();
  for (const ws of sockets.splice(0)) ws.terminate();
  await server.close();
});

describe('the largest map', () => {
  it('refuses the step past maxSteps (4413, final); the room, its other clients and the disk keep the rest', async () => {
    await setUp({ maxSteps: 3 });
    const editor = open(map.id, map.tokens.edit);
    const watcher = open(map.id, map.tokens.view);
    await Promise.all([synced(editor.provider), synced(watcher.provider)]);
    for (const id of ['a', 'b', 'c']) stepsOf(editor.doc).set(id, itemFromFields({ kind: 'human', label: id }));
    await waitFor(() => stepsOf(watcher.doc).size === 3, 5000, 'three steps');

    const greedy = open(map.id, map.tokens.edit);
    await synced(greedy.provider);
    const closed = refused(greedy.provider);
    stepsOf(greedy.doc).set('d', itemFromFields({ kind: 'human', label: 'one too many' }));
    expect(await closed).toEqual({ code: 4413, reason: expect.stringMatching(/^map too large: 4 steps \(at most 3\)/) });
    expect(logged('sync.map-too-large')).toBe(true);

    // Everyone else carries on: an edit that adds no step still goes through.
    stepsOf(editor.doc).get('a')?.set('label', 'renamed');
    await waitFor(() => stepsOf(watcher.doc).get('a')?.get('label') === 'renamed', 5000, 'the rename');
    expect(stepsOf(watcher.doc).has('d')).toBe(false);
    expect(await stepIds()).toEqual(['a', 'b', 'c']);
    for (const provider of providers.splice(0)) provider.destroy();
    await server.restart();
    expect(await stepIds()).toEqual(['a', 'b', 'c']);
  });

  it('counts the redesign’s steps with the map’s: a redesign past the limit is refused like a map past it', async () => {
    await setUp({ maxSteps: 3 });
    const editor = open(map.id, map.tokens.edit);
    await synced(editor.provider);
    for (const id of ['a', 'b']) stepsOf(editor.doc).set(id, itemFromFields({ kind: 'human', label: id }));
    redesignStepsOf(editor.doc).set('a', itemFromFields({ kind: 'human', label: 'a, redesigned' }));
    await waitFor(async () => (await getMap(server.url, map.id, map.tokens.view)).body.redesign?.steps.length === 1, 5000, 'the redesign step');
    const closed = refused(editor.provider);
    redesignStepsOf(editor.doc).set('b', itemFromFields({ kind: 'human', label: 'one too many' }));
    expect(await closed).toEqual({ code: 4413, reason: expect.stringMatching(/^map too large: 4 steps \(at most 3\)/) });
    const stored = (await getMap(server.url, map.id, map.tokens.view)).body;
    expect(stored.redesign?.steps.map((s) => s.id)).toEqual(['a']);
    const body = { format: 'stallmap/map', version: 2, id: 'r', title: 'R', steps: [{ id: 'a', kind: 'start', label: 'A' }, { id: 'b', kind: 'end', label: 'B' }], joins: [] };
    const res = await fetch(`${server.url}/api/maps`, { method: 'POST', body: JSON.stringify({ ...body, redesign: { steps: body.steps, joins: [] } }), headers: { 'Content-Type': 'application/json' } });
    expect(res.status).toBe(413);
  });

  it('refuses an update that takes the doc past maxDocBytes, from a raw socket too', async () => {
    await setUp({ maxDocBytes: 8 * 1024 });
    const watcher = open(map.id, map.tokens.view);
    await synced(watcher.provider);
    const ws = await raw(`${map.id}?token=${map.tokens.edit}`);
    ws.send(encodeUpdate(stepUpdate('small', 'fits')));
    await waitFor(() => stepsOf(watcher.doc).has('small'), 5000, 'the small step');
    const done = closedWith(ws);
    ws.send(encodeUpdate(stepUpdate('big', 'x'.repeat(10 * 1024))));
    expect((await done).code).toBe(4413);
    await sleep(50);
    expect(stepsOf(watcher.doc).has('big')).toBe(false);
    expect(await stepIds()).toEqual(['small']);
  });

  it('answers an import over the limits with 413', async () => {
    await setUp({ maxSteps: 1 });
    const body = {
      format: 'stallmap/map',
      version: 1,
      id: 'two',
      title: 'Two',
      steps: [
        { id: 'a', kind: 'start', label: 'A' },
        { id: 'b', kind: 'end', label: 'B' },
      ],
      joins: [],
    };
    const res = await fetch(`${server.url}/api/maps`, { method: 'POST', body: JSON.stringify(body), headers: { 'Content-Type': 'application/json' } });
    expect(res.status).toBe(413);
    expect(((await res.json()) as { error: string }).error).toContain('at most 1');
    expect(logged('http.limit')).toBe(true);
  });

  it('answers an import past maxDocBytes with 413, rather than create a map no one can ever open', async () => {
    // Three steps, well within the step limit, but about 20 KiB of notes: more than an 8 KiB room.
    await setUp({ maxDocBytes: 8 * 1024 });
    const notes = 'n'.repeat(4000);
    const steps = ['a', 'b', 'c', 'd', 'e'].map((id) => ({ id, kind: 'human', label: id.toUpperCase(), notes }));
    const body = { format: 'stallmap/map', version: 2, id: 'long', title: 'Long notes', steps, joins: [] };
    const res = await fetch(`${server.url}/api/maps`, { method: 'POST', body: JSON.stringify(body), headers: { 'Content-Type': 'application/json' } });
    expect(res.status).toBe(413);
    expect(((await res.json()) as { error: string }).error).toMatch(/^the map is too large: \d+ bytes as this server holds it; at most 8192 bytes/);
    expect(server.logs.some((line) => line.includes('http.limit') && line.includes('limit=map-bytes'))).toBe(true);
  });
});

describe('connections', () => {
  it('closes a connection past maxRoomConnections with 4501, which the provider retries until there is room', async () => {
    await setUp({ maxRoomConnections: 2 });
    const one = open(map.id, map.tokens.edit);
    const two = open(map.id, map.tokens.view);
    await Promise.all([synced(one.provider), synced(two.provider)]);
    const extra = await raw(`${map.id}?token=${map.tokens.view}`);
    expect(await closedWith(extra)).toEqual({ code: 4501, reason: 'this map has too many connections: retrying' });

    const third = open(map.id, map.tokens.view);
    const codes: number[] = [];
    third.provider.on('connection-close', (event: { code: number } | null) => codes.push(event?.code ?? 0));
    await waitFor(() => codes.length >= 2, 5000, 'the provider to be refused and retry');
    expect(new Set(codes)).toEqual(new Set([4501]));
    two.provider.destroy();
    stepsOf(one.doc).set('a', itemFromFields({ kind: 'human', label: 'after' }));
    await waitFor(() => stepsOf(third.doc).has('a'), 10_000, 'the third to get in once there is room');
    // The review room counts on its own.
    await synced(open(`${map.id}/review`, map.tokens.view).provider);
  });

  it('closes a connection past maxAddressConnections with 4502, across rooms', async () => {
    await setUp({ maxAddressConnections: 2 });
    const other = await createMap(server.url, {});
    const one = open(map.id, map.tokens.edit);
    const two = open(other.id, other.tokens.edit);
    await Promise.all([synced(one.provider), synced(two.provider)]);
    const extra = await raw(`${map.id}/review?token=${map.tokens.view}`);
    expect((await closedWith(extra)).code).toBe(4502);
    expect(server.logs.some((l) => l.includes('conn.refused') && l.includes('reason=address-limit'))).toBe(true);
    // A slot frees when a connection closes, refused ones included.
    two.provider.destroy();
    await synced(open(other.id, other.tokens.view).provider);
  });
});

describe('rate', () => {
  it('closes a connection over messagesPerSecond with 4529; the room carries on', async () => {
    await setUp({ messagesPerSecond: 20 });
    const editor = open(map.id, map.tokens.edit);
    const watcher = open(map.id, map.tokens.view);
    await Promise.all([synced(editor.provider), synced(watcher.provider)]);
    const flood = await raw(`${map.id}?token=${map.tokens.edit}`);
    const done = closedWith(flood);
    for (let i = 0; i < 100 && flood.readyState === flood.OPEN; i += 1) flood.send(new Uint8Array([3])); // query awareness
    expect((await done).code).toBe(4529);
    expect(logged('conn.rate-limited')).toBe(true);
    stepsOf(editor.doc).set('a', itemFromFields({ kind: 'human', label: 'still here' }));
    await waitFor(() => stepsOf(watcher.doc).has('a'), 5000, 'the edit after the flood');
  });

  it('closes a connection over bytesPerSecond with 4529', async () => {
    await setUp({ bytesPerSecond: 4 * 1024, maxMessageBytes: 8 * 1024 });
    const flood = await raw(`${map.id}?token=${map.tokens.edit}`);
    const done = closedWith(flood);
    for (let i = 0; i < 10 && flood.readyState === flood.OPEN; i += 1) flood.send(encodeUpdate(stepUpdate(`s${i}`, 'x'.repeat(3000))));
    expect((await done).code).toBe(4529);
  });
});

describe('rooms loaded at once', () => {
  it('unloads the room idle the longest to load another, and refuses (4503) when none is idle', async () => {
    await setUp({ maxRooms: 2, roomIdleMs: 60_000 });
    const maps = [map, await createMap(server.url, {}), await createMap(server.url, {}), await createMap(server.url, {})];
    const busy = open(maps[0].id, maps[0].tokens.edit);
    const idle = open(maps[1].id, maps[1].tokens.edit);
    await Promise.all([synced(busy.provider), synced(idle.provider)]);
    stepsOf(idle.doc).set('kept', itemFromFields({ kind: 'human', label: 'kept' }));
    const stepsOn = async (m: CreatedMap) => (await getMap(server.url, m.id, m.tokens.view)).body.steps.map((s) => s.id);
    await waitFor(async () => (await stepsOn(maps[1])).includes('kept'), 5000, 'the edit on the server');
    idle.provider.destroy();
    await waitFor(() => server.logs.filter((l) => l.includes('conn.close')).length === 1, 5000, 'the idle client to leave');

    const third = open(maps[2].id, maps[2].tokens.edit);
    await synced(third.provider);
    expect(server.logs.some((l) => l.includes('room.evict') && l.includes(`room=${maps[1].id} `))).toBe(true);

    const fourth = await raw(`${maps[3].id}?token=${maps[3].tokens.view}`);
    expect(await closedWith(fourth)).toEqual({ code: 4503, reason: 'server busy: retrying' });
    expect(server.logs.some((l) => l.includes('conn.refused') && l.includes('reason=rooms-limit'))).toBe(true);
    // The busy rooms carry on, and the unloaded one kept its edit.
    stepsOf(busy.doc).set('a', itemFromFields({ kind: 'human', label: 'a' }));
    await waitFor(async () => (await stepsOn(maps[0])).includes('a'), 5000, 'the busy room to take an edit');
    expect(await stepsOn(maps[1])).toEqual(['kept']);
  });
});

describe('presence', () => {
  it('does not relay a presence state over maxPresenceBytes, and keeps the connection', async () => {
    await setUp({ maxPresenceBytes: 200 });
    const ann = open(map.id, map.tokens.view);
    const bob = open(map.id, map.tokens.view);
    await Promise.all([synced(ann.provider), synced(bob.provider)]);
    ann.provider.awareness.setLocalStateField('selection', ['x'.repeat(300)]);
    await sleep(100);
    ann.provider.awareness.setLocalStateField('selection', ['small']);
    const seen = () => (bob.provider.awareness.getStates().get(ann.doc.clientID) as { selection?: string[] } | undefined)?.selection;
    await waitFor(() => seen()?.[0] === 'small', 5000, 'the small state');
    expect(logged('presence.too-large')).toBe(true);
    expect(ann.provider.wsconnected).toBe(true);
  });
});
