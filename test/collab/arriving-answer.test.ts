import { afterEach, beforeEach, expect, it } from 'vitest';
import { generateMap } from '../../bench/generate-map';
import { ArrivingAnswer } from '../../src/collab/arrivingAnswer';
import { stepsOf } from '../../src/collab/doc';
import { loadFixture } from '../fixtures/load';
import { connect, createMap, startTestServer, synced, type TestServer } from '../server/helpers';

/**
 * A page learns that a large map is on its way from the first part of the server's answer, before
 * it holds the map (the analysis worker starts then): the real server, a stock provider.
 */
let server: TestServer;

beforeEach(async () => {
  server = await startTestServer();
});

afterEach(async () => {
  await server.close();
});

async function openWatching(map: unknown) {
  const created = await createMap(server.url, map);
  const client = connect(server.syncUrl, created.id, created.tokens.view);
  const arriving = new ArrivingAnswer([client.provider]);
  // How much of the map the page held when it was told, if it was.
  const toldAt: { steps: number; synced: boolean }[] = [];
  arriving.whenMapInParts(() => toldAt.push({ steps: stepsOf(client.doc).size, synced: client.provider.synced }));
  return { client, arriving, toldAt };
}

it('says a large map is on its way before it has all come, once', async () => {
  const map = generateMap(1000, 5);
  const { client, arriving, toldAt } = await openWatching(map);
  try {
    await synced(client.provider);
    expect(toldAt).toHaveLength(1);
    expect(toldAt[0].synced).toBe(false);
    expect(toldAt[0].steps).toBeLessThan(map.steps.length);
    expect(arriving.answered).toBe(true);

    // Asked again once it is known: told at once.
    let late = 0;
    arriving.whenMapInParts(() => late++);
    expect(late).toBe(1);
  } finally {
    arriving.destroy();
    client.provider.destroy();
  }
});

it('says nothing of a small map, which comes whole', async () => {
  const { client, arriving, toldAt } = await openWatching(loadFixture('contract-review'));
  try {
    await synced(client.provider);
    expect(stepsOf(client.doc).size).toBeGreaterThan(0);
    // A task later, when any microtask queued by the answer has run.
    await new Promise((resolve) => setTimeout(resolve, 0));
    expect(toldAt).toEqual([]);
  } finally {
    arriving.destroy();
    client.provider.destroy();
  }
});
