import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { generateMap } from '../../bench/generate-map';
import { AnswersBusy, type Made, MapAnswers } from '../../server/api/map-answers';
import type { Rooms } from '../../server/sync/rooms';
import { stepsOf } from '../../src/collab/doc';
import { connect, createMap, startTestServer, synced, type TestServer } from './helpers';

/**
 * The read routes' answers (map, analysis, plan) are made one at a time, shared by everyone who
 * asks while one is made, reused while the map is unchanged, and refused with 503 past a bounded
 * wait: one view link asking for a large map's analysis ten times at once held the whole server.
 */
describe('MapAnswers', () => {
  /** Rooms as the answers see them: a version per loaded room. */
  const roomsWith = (versions: Map<string, string>) => ({ versionOf: (name: string) => versions.get(name) }) as unknown as Rooms;
  /** An answer made of the rooms as they are now (their versions read with them). */
  const answerOf = (versions: Map<string, string>, rooms: string[]) => (body: string): Made => ({ answer: { body, type: 'text/plain', headers: {} }, versions: rooms.map((room) => versions.get(room)) });
  const tick = () => new Promise((resolve) => setTimeout(resolve, 5));
  /** Answers that take a moment, counting how many are being made at once (`most`: the most at any time). */
  const counted = () => {
    const answer = answerOf(new Map(), []);
    const count = { running: 0, most: 0 };
    const make = (id: string) => async () => {
      count.running += 1;
      count.most = Math.max(count.most, count.running);
      await tick();
      count.running -= 1;
      return answer(id);
    };
    return { count, make };
  };

  it('makes an answer once for everyone who asks while it is made, and reuses it while the rooms are unchanged', async () => {
    const versions = new Map([['m', '1.4'], ['m/review', '2.0']]);
    const answers = new MapAnswers(roomsWith(versions));
    const answer = answerOf(versions, ['m', 'm/review']);
    let made = 0;
    const make = async () => answer(`made ${++made}`);
    const asked = await Promise.all(Array.from({ length: 10 }, () => answers.answer('m', 'analysis', ['m', 'm/review'], make)));
    expect(new Set(asked.map((a) => a.body))).toEqual(new Set(['made 1']));
    expect((await answers.answer('m', 'analysis', ['m', 'm/review'], make)).body).toBe('made 1');

    // A change to either room: made again.
    versions.set('m/review', '2.1');
    expect((await answers.answer('m', 'analysis', ['m', 'm/review'], make)).body).toBe('made 2');
    // Another kind is another answer.
    expect((await answers.answer('m', 'plan', ['m', 'm/review'], make)).body).toBe('made 3');
  });

  it('makes an answer again each time when a room is not loaded (read from storage)', async () => {
    const versions = new Map([['m', '1.0']]);
    const answers = new MapAnswers(roomsWith(versions));
    const answer = answerOf(versions, ['m', 'm/review']);
    let made = 0;
    const make = async () => answer(`made ${++made}`);
    await answers.answer('m', 'map', ['m', 'm/review'], make);
    expect((await answers.answer('m', 'map', ['m', 'm/review'], make)).body).toBe('made 2');
  });

  it('makes one answer at a time (one thread), and refuses with a retry time past the bounded wait', async () => {
    const answers = new MapAnswers(roomsWith(new Map()), { maxWaiting: 3, concurrent: 1, kept: 4 });
    const { count, make } = counted();
    const asked = ['a', 'b', 'c', 'd', 'e', 'f'].map((id) => answers.answer(id, 'analysis', [id], make(id)).then((a) => a.body, (error: unknown) => error));
    const outcomes = await Promise.all(asked);
    expect(count.most).toBe(1);
    // The first is made at once, three wait, the last two are refused.
    expect(outcomes.slice(0, 4)).toEqual(['a', 'b', 'c', 'd']);
    for (const refused of outcomes.slice(4)) {
      expect(refused).toBeInstanceOf(AnswersBusy);
      expect((refused as AnswersBusy).retryAfterSeconds).toBeGreaterThanOrEqual(1);
    }
  });

  it('makes as many answers at once as there are threads, and no more', async () => {
    const answers = new MapAnswers(roomsWith(new Map()), { maxWaiting: 8, concurrent: 2, kept: 4 });
    const { count, make } = counted();
    const bodies = await Promise.all(['a', 'b', 'c', 'd', 'e'].map((id) => answers.answer(id, 'analysis', [id], make(id)).then((a) => a.body)));
    expect(bodies).toEqual(['a', 'b', 'c', 'd', 'e']);
    expect(count.most).toBe(2);
  });

  it('keeps an answer under the version it was made of, not the version when it was done', async () => {
    // Made in a thread, an answer takes many turns of the event loop; the map may change meanwhile.
    const versions = new Map([['m', '1.0']]);
    const answers = new MapAnswers(roomsWith(versions));
    let made = 0;
    const make = async () => {
      const read = answerOf(versions, ['m'])(`made ${++made}`);
      versions.set('m', '1.1');
      await tick();
      return read;
    };
    expect((await answers.answer('m', 'analysis', ['m'], make)).body).toBe('made 1');
    // The rooms are now at 1.1, which the answer was not made of: made again.
    expect((await answers.answer('m', 'analysis', ['m'], async () => answerOf(versions, ['m'])(`made ${++made}`))).body).toBe('made 2');
  });

  it('passes on a failure to make an answer, keeps nothing of it, and takes the next in turn', async () => {
    const versions = new Map([['m', '1.0']]);
    const answers = new MapAnswers(roomsWith(versions));
    const answer = answerOf(versions, ['m']);
    await expect(answers.answer('m', 'map', ['m'], async () => Promise.reject(new Error('storage failed')))).rejects.toThrow('storage failed');
    expect((await answers.answer('m', 'map', ['m'], async () => answer('read'))).body).toBe('read');
  });
});

describe('GET /api/maps/<id>/analysis under many requests', () => {
  let server: TestServer;
  beforeEach(async () => {
    server = await startTestServer();
  });
  afterEach(async () => {
    await server.close();
  });

  const get = (path: string, token: string) => fetch(`${server.url}${path}`, { headers: { Authorization: `Bearer ${token}` } });

  it('answers ten requests at once with one analysis, and the next request after an edit sees the edit', async () => {
    const created = await createMap(server.url, generateMap(300, 3));
    // An editor has the map open: its rooms are loaded, so the analysis is kept between requests.
    const editor = connect(server.syncUrl, created.id, created.tokens.edit);
    await synced(editor.provider);
    try {
      const answers = await Promise.all(Array.from({ length: 10 }, () => get(`/api/maps/${created.id}/analysis`, created.tokens.view)));
      expect(answers.map((a) => a.status)).toEqual(Array(10).fill(200));
      const bodies = await Promise.all(answers.map((a) => a.text()));
      expect(new Set(bodies).size).toBe(1);
      const leadTime = (body: string) => (JSON.parse(body) as { metrics: { leadTimeMinutes: number } }).metrics.leadTimeMinutes;
      const before = leadTime(bodies[0]);

      // The editor makes every step take a day longer: the next analysis has the longer lead time.
      editor.doc.transact(() => {
        for (const step of stepsOf(editor.doc).values()) step.set('waitMinutes', ((step.get('waitMinutes') as number | undefined) ?? 0) + 1440);
      });
      await new Promise((resolve) => setTimeout(resolve, 200));
      const after = leadTime(await (await get(`/api/maps/${created.id}/analysis`, created.tokens.view)).text());
      expect(after).toBeGreaterThan(before + 1440);
    } finally {
      editor.provider.destroy();
    }
  });

  it('refuses answers past the bounded wait with 503, Retry-After and the JSON error, instead of holding the server', async () => {
    const maps = await Promise.all(Array.from({ length: 4 }, () => createMap(server.url, generateMap(1000, 5))));
    const paths = maps.flatMap((m) => ['', '/analysis', '/plan'].map((route) => ({ path: `/api/maps/${m.id}${route}`, token: m.tokens.view })));
    const answers = await Promise.all(paths.map(({ path, token }) => get(path, token)));
    const refused = paths.filter((_, i) => answers[i].status === 503);
    expect(answers.filter((a) => a.status === 200).length).toBeGreaterThanOrEqual(9);
    expect(refused.length).toBeGreaterThan(0);
    let retryAfter = 0;
    for (const answer of answers.filter((a) => a.status === 503)) {
      retryAfter = Math.max(retryAfter, Number(answer.headers.get('retry-after')));
      expect(((await answer.json()) as { error: string }).error).toMatch(/busy.*try again in \d+ s/);
    }
    expect(retryAfter).toBeGreaterThanOrEqual(1);
    // Asked again after the time it gave, one by one, each is answered.
    await new Promise((resolve) => setTimeout(resolve, 1000 * retryAfter));
    for (const { path, token } of refused) expect((await get(path, token)).status).toBe(200);
  });
});
