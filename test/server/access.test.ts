import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { WebSocket } from 'ws';
import * as Y from 'yjs';
import { commentsOf } from '../../src/collab/doc';
import { encodeSyncStep1, encodeSyncStep2, encodeUpdate } from '../../server/sync/messages';
import { type CreatedMap, closedWith, createMap, getMap, rawSocket, startTestServer, stepUpdate, type TestServer, waitFor } from './helpers';

/**
 * Access at the protocol level: raw frames, not only the stock client (sync.test.ts has that).
 * A wrong token, another map's token, no token: refused. A role writing where it may not: every
 * write dropped, whatever the message type, and the connection kept (a read-only page that writes
 * is a bug in the page, not an attack worth a reconnect loop).
 */
let server: TestServer;
let map: CreatedMap;
let other: CreatedMap;
const sockets: WebSocket[] = [];

beforeAll(async () => {
  server = await startTestServer();
  map = await createMap(server.url, JSON.parse(readFileSync('test/fixtures/contract-review.json', 'utf8')));
  other = await createMap(server.url, {});
});
afterAll(async () => {
  for (const ws of sockets.splice(0)) ws.terminate();
  await server.close();
});

async function raw(path: string) {
  const ws = await rawSocket(server.syncUrl, path);
  sockets.push(ws);
  return ws;
}

const authGet = (path: string, token?: string) => fetch(`${server.url}${path}`, { headers: token ? { Authorization: `Bearer ${token}` } : {} });

describe('sync, raw frames', () => {
  it('refuses no token (4401), a wrong token, another map’s token, an unknown map and an overlong token alike (4403)', async () => {
    const cases: [string, number][] = [
      [map.id, 4401],
      [`${map.id}?token=`, 4401],
      [`${map.id}?token=wrong`, 4403],
      [`${map.id}?token=${other.tokens.edit}`, 4403],
      [`${map.id}/review?token=${other.tokens.edit}`, 4403],
      [`AAAAAAAAAAAAAAAA?token=${map.tokens.edit}`, 4403],
      [`${map.id}?token=${'x'.repeat(300)}`, 4403],
    ];
    for (const [path, code] of cases) {
      const ws = await raw(path);
      const closed = await closedWith(ws);
      expect(closed.code, path).toBe(code);
      if (code === 4403) expect(closed.reason).toBe('access denied');
    }
  });

  it('drops every kind of write from a role that may not write the room, and keeps the connection', async () => {
    const attempts: [string, string][] = [
      [map.id, map.tokens.view],
      [map.id, map.tokens.review],
      [`${map.id}/review`, map.tokens.view],
    ];
    for (const [room, token] of attempts) {
      const ws = await raw(`${room}?token=${token}`);
      const replies: Buffer[] = [];
      ws.on('message', (data: Buffer) => replies.push(data));
      ws.send(encodeUpdate(stepUpdate('sneaky', 'not allowed')));
      ws.send(encodeSyncStep2(stepUpdate('sneakier', 'not allowed either')));
      ws.send(encodeSyncStep1(new Uint8Array([0])));
      await waitFor(() => replies.length > 0, 5000, 'the answer to its sync');
      expect(ws.readyState, room).toBe(ws.OPEN);
    }
    const { body } = await getMap(server.url, map.id, map.tokens.view);
    expect(body.steps.map((s) => s.id).sort()).toEqual(['chk', 'in', 'out', 'sum']);
    expect(body.comments.length).toBe(1);
    expect(server.logs.filter((l) => l.includes('sync.write-dropped')).length).toBeGreaterThanOrEqual(3);
  });

  it('lets a review token write the review room, raw frames too', async () => {
    // Under the name it declared: a review link signs with no other (review-rules.test.ts).
    const ws = await raw(`${map.id}/review?token=${map.tokens.review}&name=CFO`);
    const doc = new Y.Doc();
    commentsOf(doc).set('c9', { id: 'c9', target: 'chk', author: 'CFO', text: 'Agreed', at: '2026-11-21T09:00:00Z' });
    ws.send(encodeUpdate(Y.encodeStateAsUpdate(doc)));
    await waitFor(async () => (await getMap(server.url, map.id, map.tokens.view)).body.comments.length === 2, 5000, 'the comment');
    expect(ws.readyState).toBe(ws.OPEN);
  });
});

describe('the API does not tell whether a map exists', () => {
  it('answers an unknown map, a wrong token and another map’s token with the same 404 on every route, and 401 without a token', async () => {
    for (const route of ['', '/role', '/analysis', '/plan']) {
      const answers = await Promise.all([
        authGet(`/api/maps/${map.id}${route}`, 'wrong'),
        authGet(`/api/maps/${map.id}${route}`, other.tokens.edit),
        authGet(`/api/maps/AAAAAAAAAAAAAAAA${route}`, map.tokens.edit),
      ]);
      const seen = await Promise.all(answers.map(async (res) => `${res.status} ${await res.text()}`));
      expect(new Set(seen).size, route).toBe(1);
      expect(seen[0]).toMatch(/^404 /);
      const anonymous = await Promise.all([authGet(`/api/maps/${map.id}${route}`), authGet(`/api/maps/AAAAAAAAAAAAAAAA${route}`)]);
      expect(new Set(await Promise.all(anonymous.map(async (res) => `${res.status} ${await res.text()}`))).size).toBe(1);
      expect(anonymous[0].status).toBe(401);
    }
  });

  it('has no route that lists maps', async () => {
    for (const path of ['/api/maps', '/api/maps/', '/api', '/api/', '/sync', '/sync/']) {
      const res = await authGet(path, map.tokens.edit);
      expect([404, 405], path).toContain(res.status);
      expect(await res.text()).not.toContain(map.id);
    }
  });

  it('takes about as long for an unknown map as for a wrong token (loosely: within a storage read)', async () => {
    const median = async (path: string) => {
      const times: number[] = [];
      for (let i = 0; i < 60; i += 1) {
        const start = performance.now();
        await (await authGet(path, 'x'.repeat(32))).text();
        times.push(performance.now() - start);
      }
      return times.sort((a, b) => a - b)[30];
    };
    const wrong = await median(`/api/maps/${map.id}`);
    const unknown = await median('/api/maps/AAAAAAAAAAAAAAAB');
    // Not a benchmark: a tripwire for a gross leak (an extra round of work per known map), on a busy CI machine.
    expect(unknown).toBeLessThan(wrong * 5 + 5);
    expect(wrong).toBeLessThan(unknown * 5 + 5);
  });

  it('never logs a token, for sync connections and refusals either', () => {
    const logs = server.logs.join('\n');
    for (const token of [...Object.values(map.tokens), ...Object.values(other.tokens)]) expect(logs).not.toContain(token);
  });
});
