import { afterEach, describe, expect, it } from 'vitest';
import { generateMap } from '../../bench/generate-map';
import { metaOf } from '../../src/collab/doc';
import { connect, createMap, startTestServer, synced, type TestServer, waitFor } from './helpers';

/**
 * The read routes' answers (the map, its analysis, its plan) are made in a worker thread
 * (server/api/answer-threads.ts): a large map's analysis holds the main thread for none of the
 * half second it takes, so every other room's edits keep being relayed meanwhile, and a thread
 * that dies costs its request a 500, not the server.
 */
describe('answers made off the main thread', () => {
  let server: TestServer | undefined;
  afterEach(async () => {
    await server?.close();
    server = undefined;
  });

  const get = (s: TestServer, path: string, token: string) => fetch(`${s.url}${path}`, { headers: { Authorization: `Bearer ${token}` } });

  it("keeps relaying another room's edits while a large map's analysis is made", async () => {
    server = await startTestServer();
    const s = server;
    const large = await createMap(s.url, generateMap(5000, 5));
    // The large map is open in an editor (both rooms loaded): on the main thread, its analysis
    // would start at once and hold the thread until its answer is written, with no pause between.
    const reader = connect(s.syncUrl, large.id, large.tokens.edit);
    const reviewReader = connect(s.syncUrl, `${large.id}/review`, large.tokens.edit);
    // Another map, where one person edits and another sees each edit relayed.
    const other = await createMap(s.url, {});
    const writer = connect(s.syncUrl, other.id, other.tokens.edit);
    const watcher = connect(s.syncUrl, other.id, other.tokens.view);
    try {
      await Promise.all([reader, reviewReader, writer, watcher].map((c) => synced(c.provider)));
      // Answers of the small map made first, so that what follows is making an answer, not loading
      // its code; the last a quick one (on the main thread, the next answer waited as long again).
      for (const route of ['/analysis', '/plan', '', '']) expect((await get(s, `/api/maps/${other.id}${route}`, other.tokens.view)).status).toBe(200);

      let answered = false;
      const analysis = get(s, `/api/maps/${large.id}/analysis`, large.tokens.view).then((answer) => {
        answered = true;
        return answer;
      });
      // Edits one after another, each sent once the one before was relayed: counts how many go
      // round while the analysis is made (its answer's headers not yet here).
      let relayedBefore = 0;
      for (let edit = 1; !answered && edit <= 10_000; edit += 1) {
        metaOf(writer.doc).set('title', `edit ${edit}`);
        await waitFor(() => metaOf(watcher.doc).get('title') === `edit ${edit}`, 30_000, `edit ${edit} relayed`);
        if (!answered) relayedBefore += 1;
      }
      const answer = await analysis;
      expect(answer.status).toBe(200);
      expect(((await answer.json()) as { findings: unknown[] }).findings.length).toBeGreaterThan(1000);
      // On the main thread, none goes round between the request and the answer.
      expect(relayedBefore).toBeGreaterThanOrEqual(5);
    } finally {
      for (const c of [reader, reviewReader, writer, watcher]) c.provider.destroy();
    }
  });

  it('answers 500 when the thread dies making an answer, stays up, and makes the next answer in a fresh thread', async () => {
    // A thread's heap too small for a 5,000-step map's analysis, large enough for an empty map's.
    server = await startTestServer({ answerHeapMb: 24 });
    const s = server;
    const small = await createMap(s.url, {});
    const large = await createMap(s.url, generateMap(5000, 5));
    expect((await get(s, `/api/maps/${small.id}/analysis`, small.tokens.view)).status).toBe(200);

    const failed = await get(s, `/api/maps/${large.id}/analysis`, large.tokens.view);
    expect(failed.status).toBe(500);
    expect(failed.headers.get('content-type')).toMatch(/^application\/json/);
    expect(((await failed.json()) as { error: string }).error).toMatch(/could not be made/);
    expect(s.logs.some((line) => /answers\.failed .*memory/.test(line))).toBe(true);

    expect((await fetch(`${s.url}/healthz`)).status).toBe(200);
    for (const route of ['', '/analysis', '/plan']) expect((await get(s, `/api/maps/${small.id}${route}`, small.tokens.view)).status).toBe(200);
  });
});
