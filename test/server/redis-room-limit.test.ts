import { afterAll, beforeAll, expect, it } from 'vitest';
import { WebSocket } from 'ws';
import { closedWith, createMap, synced, waitFor } from './helpers';
import { type Cluster, startCluster, syncUrlOf } from './redis-cluster';
import type { SpawnedServer } from './spawn';
import { exited } from './spawn';

/**
 * STALLMAP_MAX_ROOM_CONNECTIONS counted over every instance (server/sync/cluster-limits-redis.ts):
 * with a limit of 3 and three people on two instances, a fourth is refused on either; once the
 * instance holding two of them is killed, its connections stop counting and the fourth gets in.
 */
let cluster: Cluster;
const sockets: WebSocket[] = [];
beforeAll(async () => {
  cluster = await startCluster(2, { STALLMAP_MAX_ROOM_CONNECTIONS: '3' });
});
afterAll(async () => {
  for (const ws of sockets) ws.terminate();
  await cluster?.close();
});

/** A bare socket to `server`, resolving with how it was closed (or 'open' if it was let in and stays). */
function attempt(server: SpawnedServer, path: string): Promise<{ code: number; reason: string } | 'open'> {
  const ws = new WebSocket(`${syncUrlOf(server)}/${path}`);
  sockets.push(ws);
  const closed = closedWith(ws);
  return Promise.race([closed, new Promise<'open'>((resolve) => ws.once('open', () => setTimeout(() => resolve('open'), 1000)))]);
}

it('refuses a connection past the limit on any instance, and lets it in once a dead instance stops counting', async () => {
  const [one, two] = cluster.servers;
  const doomed = await cluster.spawn();
  const map = await createMap(one.url, {});
  const a = cluster.connect(doomed, map.id, map.tokens.edit);
  const b = cluster.connect(doomed, map.id, map.tokens.view);
  const c = cluster.connect(one, map.id, map.tokens.view);
  await Promise.all([a, b, c].map((client) => synced(client.provider)));

  // Each instance alone holds fewer than 3: only the counts of the others make the room full.
  await waitFor(async () => {
    const result = await attempt(two, `${map.id}?token=${map.tokens.view}`);
    return result !== 'open' && result.code === 4501;
  }, 10_000, 'instance two to refuse a fourth connection');
  const onOne = await attempt(one, `${map.id}?token=${map.tokens.view}`);
  expect(onOne).toEqual({ code: 4501, reason: 'this map has too many connections: retrying' });
  // The review room counts on its own.
  expect(await attempt(two, `${map.id}/review?token=${map.tokens.view}`)).toBe('open');

  doomed.child.kill('SIGKILL');
  await exited(doomed.child);
  a.provider.destroy();
  b.provider.destroy();
  // A stock client on instance two is refused, retries, and gets in once the dead instance's liveness expired.
  const d = cluster.connect(two, map.id, map.tokens.view);
  await waitFor(() => d.provider.synced, 15_000, 'the fourth to get in after the instance holding two died');
}, 60_000);
