import type { ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, expect, it } from 'vitest';
import type { WebsocketProvider } from 'y-websocket';
import * as Y from 'yjs';
import { itemFromFields, stepsOf } from '../../src/collab/doc';
import { openLeveldbStore } from '../../server/storage/leveldb';
import { loadDoc } from '../../server/sync/load';
import { connect, createMap, getMap, synced, waitFor } from './helpers';
import { exited, spawnServer } from './spawn';

let dataDir = '';
const children: ChildProcess[] = [];
const providers: WebsocketProvider[] = [];

afterEach(async () => {
  for (const provider of providers.splice(0)) provider.destroy();
  for (const child of children.splice(0)) if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
  rmSync(dataDir, { recursive: true, force: true });
});

it('keeps every edit another client saw through kill -9 right after a burst of 2,000', async () => {
  dataDir = mkdtempSync(join(tmpdir(), 'stallmap-crash-'));
  const first = await spawnServer(dataDir);
  children.push(first.child);
  const map = await createMap(first.url, {});
  const syncUrl = `${first.url.replace('http', 'ws')}/sync`;
  const writer = connect(syncUrl, map.id, map.tokens.edit);
  const watcher = connect(syncUrl, map.id, map.tokens.view);
  providers.push(writer.provider, watcher.provider);
  await Promise.all([synced(writer.provider), synced(watcher.provider)]);

  const steps = stepsOf(writer.doc);
  for (let i = 0; i < 2000; i += 1) steps.set(`s${i}`, itemFromFields({ kind: 'human', label: `edit ${i}` }));
  // Kill while the burst is still arriving: once the watcher has seen the first edits.
  await waitFor(() => stepsOf(watcher.doc).size >= 50, 10_000, 'the watcher to see edits');
  writer.provider.destroy();
  first.child.kill('SIGKILL');
  await exited(first.child);
  await waitFor(() => !watcher.provider.wsconnected, 5000, 'the watcher to lose the server');
  watcher.provider.destroy();
  const seen = [...stepsOf(watcher.doc).keys()];

  const second = await spawnServer(dataDir);
  children.push(second.child);
  const { status, body } = await getMap(second.url, map.id, map.tokens.view);
  expect(status).toBe(200);
  const kept = new Set(body.steps.map((s) => s.id));
  const lost = seen.filter((id) => !kept.has(id));
  expect(seen.length).toBeGreaterThanOrEqual(50);
  expect(lost).toEqual([]);
  second.child.kill('SIGTERM');
  expect(await exited(second.child)).toBe(0);
});

/** The step ids on disk, read straight from the data directory while no server holds it. */
async function stepIdsOnDisk(dir: string, room: string): Promise<Set<string>> {
  const store = await openLeveldbStore(dir);
  try {
    const doc = new Y.Doc();
    await loadDoc(store, room, doc);
    return new Set(stepsOf(doc).keys());
  } finally {
    await store.close();
  }
}

it('keeps every acknowledged edit through four kill -9s while a client edits without pause', async () => {
  dataDir = mkdtempSync(join(tmpdir(), 'stallmap-crash-'));
  let server = await spawnServer(dataDir);
  children.push(server.child);
  const port = String(server.port); // restarts take the same port, so the providers find them on their own
  const map = await createMap(server.url, {});
  const syncUrl = `${server.url.replace('http', 'ws')}/sync`;
  const writer = connect(syncUrl, map.id, map.tokens.edit);
  // "Acknowledged" means seen by another client: the server writes an edit to disk before it
  // relays it to anyone, so an edit the observer has is one the server had stored.
  const observer = connect(syncUrl, map.id, map.tokens.view);
  providers.push(writer.provider, observer.provider);
  const seen = new Set<string>();
  stepsOf(observer.doc).observe((event) => {
    for (const key of event.keysChanged) seen.add(key);
  });
  await Promise.all([synced(writer.provider), synced(observer.provider)]);

  // Every 3 ms, connected or not: offline edits wait in the writer's doc and go out on reconnect.
  let written = 0;
  const editing = setInterval(() => {
    stepsOf(writer.doc).set(`s${written}`, itemFromFields({ kind: 'human', label: `edit ${written}` }));
    written += 1;
  }, 3);
  try {
    for (let kill = 1; kill <= 4; kill += 1) {
      const before = seen.size;
      await waitFor(() => seen.size >= before + 40, 20_000, `the observer to see new edits before kill ${kill}`);
      const acknowledged = [...seen];
      server.child.kill('SIGKILL');
      await exited(server.child);
      const onDisk = await stepIdsOnDisk(dataDir, map.id);
      expect(acknowledged.filter((id) => !onDisk.has(id)), `lost at kill ${kill}`).toEqual([]);
      server = await spawnServer(dataDir, { PORT: port });
      children.push(server.child);
    }
  } finally {
    clearInterval(editing);
  }
  // Healed: everything the writer wrote reaches the server (what was unacknowledged it resends).
  const ids = () => [...stepsOf(writer.doc).keys()].sort();
  await waitFor(async () => (await getMap(server.url, map.id, map.tokens.view)).body.steps.length === written, 20_000, 'every edit on the server');
  expect((await getMap(server.url, map.id, map.tokens.view)).body.steps.map((s) => s.id).sort()).toEqual(ids());
  await waitFor(() => stepsOf(observer.doc).size === written, 10_000, 'the observer to catch up');
  server.child.kill('SIGTERM');
  expect(await exited(server.child)).toBe(0);
}, 150_000); // four restarts and the waits above: on a loaded 2-core machine each restart alone takes seconds
