import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { WebsocketProvider } from 'y-websocket';
import * as Y from 'yjs';
import { stepsOf } from '../../src/collab/doc';
import { openRedisStore } from '../../server/storage/redis';
import { loadDoc } from '../../server/sync/load';
import { connect, getMap } from './helpers';
import { startRedis, type TestRedis } from './redis-server';
import { type SpawnedServer, spawnServer } from './spawn';

/**
 * Two (or more) real server processes (server/main.ts, as `npm start` runs it) on one real
 * redis-server, as behind a load balancer: what the cluster tests start, and what they read.
 */
export interface Cluster {
  redis: TestRedis;
  servers: SpawnedServer[];
  /** Another instance on the same Redis. */
  spawn(): Promise<SpawnedServer>;
  /** A stock client on `server`, kept to be destroyed at the end. */
  connect(server: SpawnedServer, room: string, token: string, doc?: Y.Doc): { doc: Y.Doc; provider: WebsocketProvider };
  close(): Promise<void>;
}

export async function startCluster(instances = 2, env: Record<string, string> = {}): Promise<Cluster> {
  const redis = await startRedis();
  const dataDir = mkdtempSync(join(tmpdir(), 'stallmap-cluster-'));
  const providers: WebsocketProvider[] = [];
  const cluster: Cluster = {
    redis,
    servers: [],
    async spawn() {
      // STALLMAP_DATA points nowhere useful on purpose: with Redis, no instance keeps a map on its own disk.
      const server = await spawnServer(join(dataDir, 'unused'), { STALLMAP_REDIS_URL: redis.url, ...env });
      cluster.servers.push(server);
      // Killed with the test process if the test times out before close().
      const orphan = () => server.child.kill('SIGKILL');
      process.once('exit', orphan);
      server.child.once('exit', () => process.off('exit', orphan));
      return server;
    },
    connect(server, room, token, doc) {
      const client = connect(syncUrlOf(server), room, token, doc);
      providers.push(client.provider);
      return client;
    },
    async close() {
      for (const provider of providers.splice(0)) provider.destroy();
      for (const { child } of cluster.servers) {
        if (child.signalCode === 'SIGSTOP') child.kill('SIGCONT');
        if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
      }
      await redis.stop();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
  await Promise.all(Array.from({ length: instances }, () => cluster.spawn()));
  return cluster;
}

export const syncUrlOf = (server: SpawnedServer) => `${server.url.replace('http', 'ws')}/sync`;

export const stepIds = (doc: Y.Doc) => [...stepsOf(doc).keys()].sort();

/** The step ids a server serves for a map (GET /api/maps/:id): its copy, not a client's. */
export async function servedStepIds(server: SpawnedServer, mapId: string, token: string): Promise<string[]> {
  const { status, body } = await getMap(server.url, mapId, token);
  if (status !== 200) throw new Error(`GET /api/maps answered ${status}`);
  return body.steps.map((s) => s.id).sort();
}

/** The step ids stored in Redis for a room, read straight from it as a fresh instance would load them. */
export async function storedStepIds(redis: TestRedis, room: string): Promise<Set<string>> {
  const store = await openRedisStore(redis.url);
  try {
    const doc = new Y.Doc();
    await loadDoc(store, room, doc);
    return new Set(stepsOf(doc).keys());
  } finally {
    await store.close();
  }
}

/** Every key a doc's steps ever got, as an observer saw them arrive. */
export function seenSteps(doc: Y.Doc): Set<string> {
  const seen = new Set<string>();
  stepsOf(doc).observe((event) => {
    for (const key of event.keysChanged) seen.add(key);
  });
  return seen;
}
