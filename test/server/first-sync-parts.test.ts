import { afterEach, beforeEach, expect, it } from 'vitest';
import * as Y from 'yjs';
import { generateMap } from '../../bench/generate-map';
import { joinsOf, stepsOf } from '../../src/collab/doc';
import { connect, createMap, synced, startTestServer, type TestServer } from './helpers';

let server: TestServer;

beforeEach(async () => {
  server = await startTestServer();
});

afterEach(async () => {
  await server.close();
});

it('sends a large map to a stock provider in parts, which says it is synced only once it holds all of it', async () => {
  const map = generateMap(1000, 3);
  const created = await createMap(server.url, map);
  const doc = new Y.Doc();
  // What the doc held after each change the server's messages made, and when the provider said it was synced.
  const seen: { steps: number; synced: boolean }[] = [];
  const client = connect(server.syncUrl, created.id, created.tokens.view, doc);
  doc.on('afterTransaction', (transaction: Y.Transaction) => {
    if (transaction.origin === client.provider) seen.push({ steps: stepsOf(doc).size, synced: client.provider.synced });
  });
  let stepsWhenSynced = -1;
  client.provider.on('sync', (isSynced: boolean) => {
    if (isSynced && stepsWhenSynced < 0) stepsWhenSynced = stepsOf(doc).size;
  });
  try {
    await synced(client.provider);
    expect(seen.length).toBeGreaterThanOrEqual(4); // about 260 kB, in parts of about 64 kB
    expect(seen.every((change) => !change.synced)).toBe(true);
    expect(stepsWhenSynced).toBe(map.steps.length);
    expect(joinsOf(doc).size).toBe(map.joins.length);
    expect(doc.store.pendingStructs).toBeNull();

    // A second page gets the same parts (encoded once), and both hold what the server holds.
    const again = connect(server.syncUrl, created.id, created.tokens.view);
    try {
      await synced(again.provider);
      expect(Y.encodeStateVector(again.doc)).toEqual(Y.encodeStateVector(doc));
      expect(stepsOf(again.doc).toJSON()).toEqual(stepsOf(doc).toJSON());
    } finally {
      again.provider.destroy();
    }
  } finally {
    client.provider.destroy();
  }
});
