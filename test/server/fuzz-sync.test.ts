import { afterAll, beforeAll, expect, it } from 'vitest';
import type { WebsocketProvider } from 'y-websocket';
import { readMap } from '../../src/collab/doc';
import { fuzzScripts } from './fuzz-frames';
import { closeTally, fuzzPath, numberedWriter, sendFrames } from './fuzz-run';
import { type CreatedMap, connect, createMap, getMap, startTestServer, synced, type TestServer, waitFor } from './helpers';

/**
 * Garbage in: thousands of random and mutated frames from raw sockets with valid tokens, while a
 * well-behaved stock client edits the same room. Seeded, so a failure replays (FUZZ_SEED=n).
 */
const SEED = Number(process.env.FUZZ_SEED ?? 7);
const CONNECTIONS = Number(process.env.FUZZ_CONNECTIONS ?? 600);
const AT_ONCE = 12;

let server: TestServer;
let map: CreatedMap;
const providers: WebsocketProvider[] = [];

beforeAll(async () => {
  server = await startTestServer();
  map = await createMap(server.url, {});
});
afterAll(async () => {
  for (const provider of providers.splice(0)) provider.destroy();
  await server.close();
});

it('stays up through thousands of garbage frames; a stock client in the room keeps a correct map', async () => {
  const good = connect(server.syncUrl, map.id, map.tokens.edit);
  providers.push(good.provider);
  await synced(good.provider);
  const { written, write } = numberedWriter(good.doc, 'good', 0);
  for (let i = 0; i < 5; i += 1) write();

  const scripts = fuzzScripts(SEED, CONNECTIONS);
  let frames = 0;
  const closes = closeTally();
  for (let start = 0; start < scripts.length; start += AT_ONCE) {
    const batch = scripts.slice(start, start + AT_ONCE).map((script, k) => sendFrames(`${server.syncUrl}/${fuzzPath(map, start + k)}`, script));
    for (const { sent, code } of await Promise.all(batch)) {
      frames += sent;
      closes.add(code);
    }
    if (start % (AT_ONCE * 10) === 0) write(); // the good client keeps editing through it
  }

  expect(frames).toBeGreaterThan(1500);
  expect(closes.unexpected()).toEqual([]);
  expect((await fetch(`${server.url}/healthz`)).status).toBe(200);
  const serverErrors = server.logs.filter((line) => / error /.test(line) || line.includes('room.apply-failed'));
  expect(serverErrors).toEqual([]);

  // The good client's map: everything it wrote, as it wrote it, and the same on the server.
  write();
  const watcher = connect(server.syncUrl, map.id, map.tokens.view);
  providers.push(watcher.provider);
  const mine = readMap(good.doc).map;
  for (const [i, id] of written.entries()) {
    expect(mine.steps.find((s) => s.id === id)).toEqual({ id, kind: 'human', label: `good ${i}`, owner: 'good', position: { x: i, y: 0 } });
  }
  expect(mine.joins.filter((j) => written.includes(j.from))).toHaveLength(written.length - 1);
  await waitFor(async () => JSON.stringify((await getMap(server.url, map.id, map.tokens.view)).body.steps) === JSON.stringify(mine.steps), 10_000, 'the server');
  // The room holds the fuzz's valid steps too, so wait for the same map, not for a count.
  await waitFor(() => JSON.stringify(readMap(watcher.doc).map) === JSON.stringify(mine), 10_000, 'the watcher').catch(() => undefined);
  expect(readMap(watcher.doc).map).toEqual(mine);

  // And what is on disk loads back the same, with nothing to skip.
  for (const provider of providers.splice(0)) provider.destroy();
  await server.restart();
  const reloaded = (await getMap(server.url, map.id, map.tokens.view)).body;
  expect(reloaded.steps).toEqual(mine.steps);
  expect(server.logs.some((line) => line.includes('room.updates-skipped'))).toBe(false);
  console.log(`fuzz: ${frames} frames over ${CONNECTIONS} connections, closes ${JSON.stringify(Object.fromEntries(closes.codes))}`);
});
