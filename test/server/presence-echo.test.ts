import { afterEach, expect, it } from 'vitest';
import type { WebsocketProvider } from 'y-websocket';
import { connect, createMap, sleep, startTestServer, synced, type TestServer, waitFor } from './helpers';

/**
 * The stock provider sends every presence message it receives back to the server (an echo: the
 * same entries, the same clocks). In a room where every cursor move goes out at once, each
 * client then sends the server one message per move of anyone else: past the per-connection
 * message limit in a room of a few people. Echoes change nothing and are dropped uncounted
 * (connection.ts, awareness-filter.ts isAwarenessEcho).
 */

let server: TestServer | undefined;
const providers: WebsocketProvider[] = [];

afterEach(async () => {
  for (const provider of providers.splice(0)) provider.destroy();
  await server?.close();
  server = undefined;
});

it('an echo storm from stock clients gets none of them closed for their rate, and presence converges', async () => {
  // A low message limit, so that a few clients' echoes are over it within a second; each
  // client's own moves are well within it.
  server = await startTestServer({ messagesPerSecond: 20 });
  const map = await createMap(server.url, {});
  const people = Array.from({ length: 10 }, () => connect(server?.syncUrl ?? '', map.id, map.tokens.edit).provider);
  providers.push(...people);
  await Promise.all(people.map(synced));

  // One cursor move every 10 ms, the people taking turns, for 3 s: each move relayed on its own,
  // (or a few together when the machine is busy), so each client is sent tens of presence messages
  // a second and sends as many echoes back; its own moves are at most 10 a second.
  const moves = 30;
  for (let move = 1; move <= moves; move += 1) {
    for (const [i, person] of people.entries()) {
      person.awareness.setLocalStateField('cursor', { x: i, move });
      await sleep(10);
    }
  }

  const seenEverywhere = () =>
    people.every((watcher) =>
      people.every((person) => (watcher.awareness.getStates().get(person.awareness.clientID) as { cursor?: { move: number } } | undefined)?.cursor?.move === moves),
    );
  await waitFor(seenEverywhere, 10_000, 'every cursor at its last move, at every client');
  expect(server.logs.filter((line) => line.includes('conn.rate-limited'))).toEqual([]);
  expect(people.every((person) => person.wsconnected)).toBe(true);
});
