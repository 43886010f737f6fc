import type { AddressInfo } from 'node:net';
import { afterEach, beforeEach, expect, it } from 'vitest';
import { WebSocketServer } from 'ws';
import { generateMap } from '../../bench/generate-map';
import { ArrivingAnswer, REVIEW_GRACE_MS } from '../../src/collab/arrivingAnswer';
import { stepsOf } from '../../src/collab/doc';
import { loadFixture } from '../fixtures/load';
import { connect, createMap, startTestServer, synced, type TestServer, waitFor } from '../server/helpers';

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

/**
 * The review's first answer is read with the map's (its waivers decide the counts). A review room
 * that does not answer is stood in for by a socket that accepts and never speaks: the map is read
 * without it once its connection ends, or after REVIEW_GRACE_MS at the latest.
 */
async function withSilentReview(test: (review: ReturnType<typeof connect>, silent: WebSocketServer) => Promise<void>) {
  const silent = new WebSocketServer({ host: '127.0.0.1', port: 0 });
  await new Promise((resolve) => silent.once('listening', resolve));
  const review = connect(`ws://127.0.0.1:${(silent.address() as AddressInfo).port}`, 'some-map/review', undefined);
  try {
    await waitFor(() => silent.clients.size === 1, 5000, 'the review connection');
    await test(review, silent);
  } finally {
    review.provider.destroy();
    await new Promise((resolve) => silent.close(resolve));
  }
}

it('waits for a silent review room after the map has answered, at most REVIEW_GRACE_MS', async () => {
  await withSilentReview(async (review) => {
    const created = await createMap(server.url, loadFixture('contract-review'));
    const map = connect(server.syncUrl, created.id, created.tokens.view);
    const arriving = new ArrivingAnswer([map.provider, review.provider]);
    const arrivedAt: number[] = [];
    arriving.onArrived(() => arrivedAt.push(performance.now()));
    try {
      await synced(map.provider);
      const answeredAt = performance.now();
      expect(arriving.answered).toBe(true);
      expect(arriving.waiting).toBe(true);
      await waitFor(() => !arriving.waiting, 2 * REVIEW_GRACE_MS, 'the end of the wait');
      expect(arrivedAt).toHaveLength(1);
      expect(arrivedAt[0] - answeredAt).toBeGreaterThan(REVIEW_GRACE_MS - 100);
    } finally {
      arriving.destroy();
      map.provider.destroy();
    }
  });
});

it('stops waiting for the review as soon as its connection ends', async () => {
  await withSilentReview(async (review, silent) => {
    const created = await createMap(server.url, loadFixture('contract-review'));
    const map = connect(server.syncUrl, created.id, created.tokens.view);
    const arriving = new ArrivingAnswer([map.provider, review.provider]);
    let arrived = 0;
    arriving.onArrived(() => arrived++);
    try {
      await synced(map.provider);
      expect(arriving.waiting).toBe(true);
      for (const socket of silent.clients) socket.terminate();
      await waitFor(() => !arriving.waiting, REVIEW_GRACE_MS / 2, 'the end of the wait');
      expect(arrived).toBe(1);
    } finally {
      arriving.destroy();
      map.provider.destroy();
    }
  });
});

it('does not wait for a review the page does not ask for (no name yet)', async () => {
  const created = await createMap(server.url, loadFixture('contract-review'));
  const map = connect(server.syncUrl, created.id, created.tokens.view);
  const review = connect(server.syncUrl, `${created.id}/review`, created.tokens.view);
  review.provider.disconnect();
  const arriving = new ArrivingAnswer([map.provider, review.provider]);
  try {
    await synced(map.provider);
    expect(arriving.waiting).toBe(false);
  } finally {
    arriving.destroy();
    map.provider.destroy();
    review.provider.destroy();
  }
});
