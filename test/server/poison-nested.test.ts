import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { WebSocket } from 'ws';
import type { WebsocketProvider } from 'y-websocket';
import * as Y from 'yjs';
import { commentsOf, itemFromFields, readMap, stepsOf, waiversOf } from '../../src/collab/doc';
import { roomName } from '../../server/maps/roles';
import { openLeveldbStore } from '../../server/storage/leveldb';
import { encodeUpdate } from '../../server/sync/messages';
import { type CreatedMap, closedWith, connect, createMap, getMap, rawSocket, startTestServer, synced, type TestServer, waitFor } from './helpers';

/**
 * Y.Maps nested 6,000 deep (72 kB): Yjs integrates them without complaint, but reading them
 * (toJSON), deleting them or collecting them recurses once per level and overflows the stack.
 * Stored, they made GET /api/maps/<id>, /analysis and /plan answer 500 for good, and the page show
 * an empty map. A review link could write them (as a waiver), an edit link too (in a step).
 */
const DEPTH = 6000;

/** Nests DEPTH Y.Maps under `parent[key]`, top-down in one transaction, as a stock client would send them. */
function nestMaps(doc: Y.Doc, parent: Y.Map<unknown>, key: string): void {
  doc.transact(() => {
    let map = new Y.Map<unknown>();
    parent.set(key, map);
    for (let i = 1; i < DEPTH; i++) {
      const inner = new Y.Map<unknown>();
      map.set('x', inner);
      map = inner;
    }
  });
}

/** The poison as one update: in a new step's field (map room) or as a waiver (review room). */
function poisonUpdate(room: 'map' | 'review', base?: Uint8Array): Uint8Array {
  const doc = new Y.Doc();
  if (base) Y.applyUpdate(doc, base);
  const before = Y.encodeStateVector(doc);
  if (room === 'review') nestMaps(doc, waiversOf(doc), 'no-accountable-owner|s1');
  else {
    stepsOf(doc).set('s-evil', itemFromFields({ kind: 'human', label: 'Looks harmless' }));
    nestMaps(doc, stepsOf(doc).get('s-evil') as Y.Map<unknown>, 'notes');
  }
  return Y.encodeStateAsUpdate(doc, before);
}

let server: TestServer;
let map: CreatedMap;
const providers: WebsocketProvider[] = [];
const sockets: WebSocket[] = [];

const errors = () => server.logs.filter((line) => / error /.test(line));
const api = (path: string) => fetch(`${server.url}/api/maps/${map.id}${path}`, { headers: { Authorization: `Bearer ${map.tokens.view}` } });

/** The map answers on every read, with the template's steps. */
async function mapIsReadable(expectedSteps: string[]) {
  for (const path of ['', '/analysis', '/plan']) expect((await api(path)).status, `GET ${path || 'map'}`).toBe(200);
  const { body } = await getMap(server.url, map.id, map.tokens.view);
  expect(body.steps.map((s) => s.id)).toEqual(expectedSteps);
}

function open(room: string, token: string) {
  const client = connect(server.syncUrl, room, token);
  providers.push(client.provider);
  return client;
}

/** Someone else edits the map and comments in the review room (an edit link, bound by no reviewer's rules), and the server has both. */
async function othersKeepEditing() {
  const editor = open(map.id, map.tokens.edit);
  const reviewer = open(`${map.id}/review`, map.tokens.edit);
  await Promise.all([synced(editor.provider), synced(reviewer.provider)]);
  stepsOf(editor.doc).set('s-after', itemFromFields({ kind: 'human', label: 'Added after the attack' }));
  commentsOf(reviewer.doc).set('c-after', { id: 'c-after', target: 's-after', author: 'Rae', text: 'still works', at: '2026-01-01T00:00:00.000Z' });
  await waitFor(
    async () => {
      const { body } = await getMap(server.url, map.id, map.tokens.view);
      return body.steps.some((s) => s.id === 's-after') && body.comments.length === 1;
    },
    8000,
    'the edits of others to reach the server',
  );
}

describe('nested shared types sent to a room', () => {
  let steps: string[];
  beforeEach(async () => {
    server = await startTestServer();
    map = await createMap(server.url, { template: 'contract-review' });
    steps = (await getMap(server.url, map.id, map.tokens.view)).body.steps.map((s) => s.id);
  });
  afterEach(async () => {
    for (const provider of providers.splice(0)) provider.destroy();
    for (const ws of sockets.splice(0)) ws.terminate();
    await server.close();
  });

  it('refuses them from a review link with the stock client (1003, logged), in the review room; the map stays readable and editable', async () => {
    const attacker = open(`${map.id}/review`, map.tokens.review);
    await synced(attacker.provider);
    const closed = new Promise<number>((resolve) => attacker.provider.once('connection-close', (event: { code: number } | null) => resolve(event?.code ?? 0)));
    nestMaps(attacker.doc, waiversOf(attacker.doc), 'no-accountable-owner|s1');
    expect(await closed).toBe(1003);
    attacker.provider.destroy(); // it would resend the same edit on every reconnect

    expect(server.logs.some((line) => / warn conn\.malformed .*nest|the doc has no place/.test(line))).toBe(true);
    await mapIsReadable(steps);
    await othersKeepEditing();
    await server.restart();
    await mapIsReadable([...steps, 's-after'].sort());
    expect(errors()).toEqual([]);
  });

  for (const [who, room, token] of [
    ['an edit link, in a step', 'map', 'edit'],
    ['a review link, as a waiver', 'review', 'review'],
  ] as const) {
    it(`refuses them from ${who}, with a raw socket, before they reach the disk`, async () => {
      const path = room === 'map' ? map.id : `${map.id}/review`;
      const ws = await rawSocket(server.syncUrl, `${path}?token=${map.tokens[token]}`);
      sockets.push(ws);
      const closed = closedWith(ws);
      ws.send(encodeUpdate(poisonUpdate(room)));
      expect((await closed).code).toBe(1003);
      await mapIsReadable(steps);
      await othersKeepEditing();
      await server.restart();
      await mapIsReadable([...steps, 's-after'].sort());
      expect(errors()).toEqual([]);
    });
  }
});

describe('a data directory poisoned before the server checked nested types', () => {
  let dataDir: string;
  afterEach(async () => {
    for (const provider of providers.splice(0)) provider.destroy();
    await server.close();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('loads with the rest of the map intact: the nested maps dropped, logged, and nothing else lost', async () => {
    dataDir = mkdtempSync(join(tmpdir(), 'stallmap-poisoned-'));
    server = await startTestServer({ dataDir });
    map = await createMap(server.url, { template: 'contract-review' });
    const good = (await getMap(server.url, map.id, map.tokens.view)).body;
    await server.server.close();

    // As the old server stored them: appended to the rooms' logs by the storage layer. One in a
    // new step, one inside an existing step (whose label must survive), one as a waiver.
    const store = await openLeveldbStore(dataDir);
    const mapRoom = roomName(map.id, 'map');
    const state = Y.mergeUpdates(await store.loadUpdates(mapRoom));
    await store.appendUpdate(mapRoom, poisonUpdate('map', state));
    const existing = good.steps[0].id;
    const doc = new Y.Doc();
    Y.applyUpdate(doc, state);
    const before = Y.encodeStateVector(doc);
    nestMaps(doc, stepsOf(doc).get(existing) as Y.Map<unknown>, 'notes');
    await store.appendUpdate(mapRoom, Y.encodeStateAsUpdate(doc, before));
    await store.appendUpdate(roomName(map.id, 'review'), poisonUpdate('review'));
    await store.close();

    server = await startTestServer({ dataDir });
    for (const path of ['', '/analysis', '/plan']) expect((await api(path)).status, `GET ${path || 'map'}`).toBe(200);
    const healed = await getMap(server.url, map.id, map.tokens.view);
    // The new step kept its plain fields, so it reads as a step; the existing one kept its label.
    expect(healed.body.steps).toEqual([...good.steps, { id: 's-evil', kind: 'human', label: 'Looks harmless' }].sort((a, b) => (a.id < b.id ? -1 : 1)));
    expect(healed.body.joins).toEqual(good.joins);
    expect(server.logs.filter((line) => / error room\.misfits-dropped /.test(line)).length).toBeGreaterThanOrEqual(2);
    expect(server.logs.some((line) => line.includes(`room=${mapRoom} `) && line.includes('steps/s-evil/notes'))).toBe(true);

    // The live rooms hold no trace a reader could trip on: a stock client gets a doc it can read
    // whole (toJSON recurses, so it would throw on the nested maps), and can edit it.
    const client = open(map.id, map.tokens.edit);
    const reviewer = open(`${map.id}/review`, map.tokens.review);
    await Promise.all([synced(client.provider), synced(reviewer.provider)]);
    expect(() => client.doc.getMap('steps').toJSON()).not.toThrow();
    expect(() => reviewer.doc.getMap('waivers').toJSON()).not.toThrow();
    expect(readMap(client.doc).map.steps).toEqual(healed.body.steps);
    stepsOf(client.doc).delete('s-evil');
    await waitFor(async () => !(await getMap(server.url, map.id, map.tokens.view)).body.steps.some((s) => s.id === 's-evil'), 8000, 'the delete');
    for (const provider of providers.splice(0)) provider.destroy();

    await server.restart();
    expect((await getMap(server.url, map.id, map.tokens.view)).body.steps).toEqual(good.steps);
    // Healed for good: the rooms were compacted from what the load kept, so the next load finds
    // nothing to drop and compaction never replays the nested maps (which overflowed the stack).
    expect(server.logs.filter((line) => / room\.compact-failed /.test(line))).toEqual([]);
    const dropsBefore = server.logs.filter((line) => / room\.misfits-dropped /.test(line)).length;
    await server.restart();
    await getMap(server.url, map.id, map.tokens.view);
    await (await fetch(`${server.url}/api/maps/${map.id}/plan`, { headers: { Authorization: `Bearer ${map.tokens.review}` } })).text();
    expect(server.logs.filter((line) => / room\.misfits-dropped /.test(line)).length).toBe(dropsBefore);
  });
});

it('the readers skip a nested shared type, however deep, instead of recursing into it', () => {
  const doc = new Y.Doc();
  const review = new Y.Doc();
  Y.applyUpdate(doc, poisonUpdate('map'));
  Y.applyUpdate(review, poisonUpdate('review'));
  stepsOf(doc).set('s1', itemFromFields({ kind: 'start', label: 'Start' }));
  const { map: read, skipped } = readMap(doc, review);
  expect(read.steps.map((s) => s.id)).toEqual(['s1']);
  expect(skipped.map((s) => `${s.kind} ${s.id}: ${s.reason}`)).toEqual([
    'step s-evil: notes: holds a shared type, not a value',
    'waiver no-accountable-owner|s1: x: holds a shared type, not a value',
  ]);
});
