import { afterAll, beforeAll, expect, it } from 'vitest';
import { MAX_NAME_LENGTH } from '../../src/core/model';
import { closedWith, createMap, rawSocket, startTestServer, type TestServer } from './helpers';

/**
 * A name declared on a connection (`?name=`) longer than the format takes for an author is
 * refused when the connection opens, with a reason, and for good (a reconnect declares it again):
 * taken, everything the reviewer then wrote under it was unreadable.
 */
let server: TestServer;
beforeAll(async () => {
  server = await startTestServer();
});
afterAll(() => server.close());

it('refuses a name over the limit at connect, finally and saying why', async () => {
  const map = await createMap(server.url, {});
  for (const token of [map.tokens.review, map.tokens.edit]) {
    const ws = await rawSocket(server.syncUrl, `${map.id}/review?token=${token}&name=${'n'.repeat(5000)}`);
    const closed = await closedWith(ws);
    expect(closed.code).toBeGreaterThanOrEqual(4400);
    expect(closed.code).toBeLessThan(4500);
    expect(closed.reason).toBe(`the name is longer than ${MAX_NAME_LENGTH} characters`);
  }
  expect(server.logs.some((line) => line.includes('conn.refused') && line.includes('reason=name-too-long'))).toBe(true);
});

it('takes a name of the longest length, and a wrong token is still told it is wrong first', async () => {
  const map = await createMap(server.url, {});
  const longest = await rawSocket(server.syncUrl, `${map.id}/review?token=${map.tokens.review}&name=${'n'.repeat(MAX_NAME_LENGTH)}`);
  const outcome = await Promise.race([closedWith(longest), new Promise((resolve) => setTimeout(() => resolve('open'), 300))]);
  expect(outcome).toBe('open');
  longest.close();
  const wrong = await rawSocket(server.syncUrl, `${map.id}/review?token=wrong&name=${'n'.repeat(5000)}`);
  expect((await closedWith(wrong)).code).toBe(4403);
});
