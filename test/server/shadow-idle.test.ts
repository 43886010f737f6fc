import type { ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, expect, it } from 'vitest';
import type { WebSocket } from 'ws';
import type { WebsocketProvider } from 'y-websocket';
import * as Y from 'yjs';
import { itemFromFields, stepsOf } from '../../src/collab/doc';
import { encodeUpdate } from '../../server/sync/messages';
import { closedWith, connect, createMap, getMap, rawSocket, refused, startTestServer, synced, type TestServer, waitFor } from './helpers';
import { exited, spawnServer } from './spawn';

/**
 * The shadow doc (server/sync/shadow-doc.ts) is a second copy of a room's map that checks every
 * incoming update. It is built by the first update that needs it, not when the room loads, and
 * dropped when no update has needed it for STALLMAP_SHADOW_IDLE_MS; whoever sends the next one
 * finds it rebuilt, with every check it had.
 */

let server: TestServer | undefined;
let dataDir = '';
const providers: WebsocketProvider[] = [];
const sockets: WebSocket[] = [];
const children: ChildProcess[] = [];

afterEach(async () => {
  for (const provider of providers.splice(0)) provider.destroy();
  for (const ws of sockets.splice(0)) ws.terminate();
  for (const child of children.splice(0)) if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
  await server?.close();
  server = undefined;
  if (dataDir) rmSync(dataDir, { recursive: true, force: true });
  dataDir = '';
});

const open = (test: TestServer, room: string, token: string) => {
  const client = connect(test.syncUrl, room, token);
  providers.push(client.provider);
  return client;
};
const linesOf = (logs: string[], event: string, room: string) => logs.filter((line) => line.includes(` ${event} `) && line.includes(`room=${room}`));
const addStep = (doc: Y.Doc, id: string) => stepsOf(doc).set(id, itemFromFields({ kind: 'human', label: id }));
const MAP = {
  format: 'stallmap/map',
  version: 2,
  id: 'shadow-idle',
  title: 'Three steps',
  steps: ['a', 'b', 'c'].map((id) => ({ id, kind: 'human', label: id })),
  joins: [],
  waivers: [],
  comments: [],
};

/** An update that puts a Y.Map inside a step's field: a shape the doc has no room for (1003). */
function nestedTypeUpdate(): Uint8Array {
  const doc = new Y.Doc();
  const step = itemFromFields({ kind: 'human', label: 'nested' });
  stepsOf(doc).set('nested', step);
  step.set('owner', new Y.Map());
  return Y.encodeStateAsUpdate(doc);
}

it('serves a restarted map to its first client before and without building the shadow, and builds it for the first edit', async () => {
  server = await startTestServer();
  const map = await createMap(server.url, MAP);
  await server.restart();
  const test = server;

  // An editor: its provider answers the server's sync step 1 with an empty update, which needs no shadow.
  const first = open(test, map.id, map.tokens.edit);
  await waitFor(() => stepsOf(first.doc).size === 3, 10_000, 'the map at the first client');
  await synced(first.provider);
  expect(linesOf(test.logs, 'room.shadow-built', map.id)).toEqual([]);

  // The first change builds it, and is checked, stored and relayed as ever.
  const watcher = open(test, map.id, map.tokens.view);
  await synced(watcher.provider);
  addStep(first.doc, 'd');
  await waitFor(() => stepsOf(watcher.doc).has('d'), 10_000, 'the edit at the watcher');
  expect(linesOf(test.logs, 'room.shadow-built', map.id)).toHaveLength(1);
  expect((await getMap(test.url, map.id, map.tokens.view)).body.steps.map((s) => s.id).sort()).toEqual(['a', 'b', 'c', 'd']);
});

it('drops an idle shadow, and the rebuilt one still refuses an update past the limits and one of the wrong shape', async () => {
  server = await startTestServer({ shadowIdleMs: 150, maxSteps: 4 });
  const test = server;
  const map = await createMap(test.url, MAP);
  const editor = open(test, map.id, map.tokens.edit);
  const watcher = open(test, map.id, map.tokens.view);
  await Promise.all([synced(editor.provider), synced(watcher.provider)]);
  addStep(editor.doc, 'd');
  await waitFor(() => stepsOf(watcher.doc).has('d'), 10_000, 'the fourth step');
  await waitFor(() => linesOf(test.logs, 'room.shadow-dropped', map.id).length === 1, 10_000, 'the shadow to be dropped');

  // A fifth step is past maxSteps: the rebuilt shadow counts the four the room has.
  const greedy = open(test, map.id, map.tokens.edit);
  await synced(greedy.provider);
  const closed = refused(greedy.provider);
  addStep(greedy.doc, 'e');
  expect(await closed).toMatchObject({ code: 4413 });
  await waitFor(() => linesOf(test.logs, 'room.shadow-dropped', map.id).length === 2, 10_000, 'the shadow to be dropped again');

  // A nested shared type, from a raw socket, into a room whose shadow is gone again.
  const ws = await rawSocket(test.syncUrl, `${map.id}?token=${map.tokens.edit}`);
  sockets.push(ws);
  const malformed = closedWith(ws);
  ws.send(encodeUpdate(nestedTypeUpdate()));
  expect((await malformed).code).toBe(1003);

  // Neither reached anyone or the disk, and the room still takes a change that fits.
  stepsOf(editor.doc).get('a')?.set('label', 'renamed');
  await waitFor(() => stepsOf(watcher.doc).get('a')?.get('label') === 'renamed', 10_000, 'the rename');
  expect(stepsOf(watcher.doc).has('e')).toBe(false);
  expect(stepsOf(watcher.doc).has('nested')).toBe(false);
  expect((await getMap(test.url, map.id, map.tokens.view)).body.steps.map((s) => s.id).sort()).toEqual(['a', 'b', 'c', 'd']);
  expect(linesOf(test.logs, 'room.shadow-built', map.id).length).toBeGreaterThanOrEqual(3);
});

it('keeps an edit another client saw through kill -9 when the shadow had been dropped before it', async () => {
  dataDir = mkdtempSync(join(tmpdir(), 'stallmap-shadow-crash-'));
  const first = await spawnServer(dataDir, { STALLMAP_SHADOW_IDLE_MS: '150' });
  children.push(first.child);
  const map = await createMap(first.url, MAP);
  const syncUrl = `${first.url.replace('http', 'ws')}/sync`;
  const writer = connect(syncUrl, map.id, map.tokens.edit);
  const watcher = connect(syncUrl, map.id, map.tokens.view);
  providers.push(writer.provider, watcher.provider);
  await Promise.all([synced(writer.provider), synced(watcher.provider)]);
  addStep(writer.doc, 'd');
  await waitFor(() => stepsOf(watcher.doc).has('d'), 10_000, 'the first edit');
  await waitFor(() => / room\.shadow-dropped /.test(first.output()), 10_000, 'the shadow to be dropped');

  // Relayed only once written: what the watcher sees survives the kill.
  for (const id of ['e', 'f', 'g']) addStep(writer.doc, id);
  await waitFor(() => stepsOf(watcher.doc).has('g'), 10_000, 'the edits after the drop');
  first.child.kill('SIGKILL');
  await exited(first.child);
  const seen = [...stepsOf(watcher.doc).keys()].sort();
  for (const provider of providers.splice(0)) provider.destroy();

  const second = await spawnServer(dataDir);
  children.push(second.child);
  const { body } = await getMap(second.url, map.id, map.tokens.view);
  expect(seen).toEqual(['a', 'b', 'c', 'd', 'e', 'f', 'g']);
  expect(body.steps.map((s) => s.id).sort()).toEqual(seen);
  second.child.kill('SIGTERM');
  expect(await exited(second.child)).toBe(0);
});
