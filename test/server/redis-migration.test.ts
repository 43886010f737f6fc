import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { startServer } from '../../server/app';
import { main } from '../../server/cli/main';
import { captureLogger, createMap, getMap } from './helpers';
import { startRedis, type TestRedis } from './redis-server';
import { type Started, scratchSpace } from './scratch';

/**
 * Moving a LevelDB deployment to Redis: `stallmap export-all --data DIR` on the old server's data,
 * `import-all` with STALLMAP_REDIS_URL set, and every map, its review data and every link from
 * before work on a server on Redis; export-all reads Redis back the same way.
 */
const scratch = scratchSpace('stallmap-migration-');
let redis: TestRedis;
beforeAll(async () => {
  redis = await startRedis();
});
afterAll(async () => {
  delete process.env.STALLMAP_REDIS_URL;
  await redis?.stop();
});

async function stallmap(args: string[], env: Record<string, string> = {}): Promise<{ status: number; stdout: string; stderr: string }> {
  let stdout = '';
  let stderr = '';
  const before = process.env.STALLMAP_REDIS_URL;
  Object.assign(process.env, env);
  try {
    const status = await main(args, { out: (text) => (stdout += text), err: (text) => (stderr += text), color: false });
    return { status, stdout, stderr };
  } finally {
    if (before === undefined) delete process.env.STALLMAP_REDIS_URL;
    else process.env.STALLMAP_REDIS_URL = before;
  }
}

it('moves every map from LevelDB to Redis with export-all and import-all, links and review data included', async () => {
  const dataDir = scratch.tempDir();
  const leveldb = await scratch.start(dataDir);
  const maps = [await createMap(leveldb.url, JSON.parse(readFileSync('test/fixtures/contract-review.json', 'utf8'))), await createMap(leveldb.url, {})];
  await scratch.addSteps(leveldb, maps[1], 3, (i) => ({ id: `live${i}`, fields: { kind: 'human', label: `live ${i}` } }));
  const bodies = await Promise.all(maps.map(async (map) => (await getMap(leveldb.url, map.id, map.tokens.view)).body));
  expect((bodies[0] as unknown as { waivers: unknown[] }).waivers.length).toBe(1);
  await scratch.stop(leveldb);

  const backup = join(scratch.tempDir(), 'backup');
  expect((await stallmap(['export-all', backup, '--data', dataDir])).status).toBe(0);
  const imported = await stallmap(['import-all', backup], { STALLMAP_REDIS_URL: redis.url });
  expect(imported.stderr).toBe('');
  expect(imported.stdout).toContain(`imported 2 maps into ${redis.url}`);
  expect(imported.status).toBe(0);

  // A server on Redis (its data directory empty) serves them to every link from before, and the edit link edits.
  const logger = captureLogger();
  const server = await startServer({ port: 0, dataDir: scratch.tempDir(), redisUrl: redis.url, logger });
  scratch.running.push(server);
  const onRedis: Started = { url: server.url, logs: logger.lines, server };
  for (const [i, map] of maps.entries()) {
    for (const token of Object.values(map.tokens)) expect(await getMap(server.url, map.id, token)).toEqual({ status: 200, body: bodies[i] });
  }
  await scratch.addSteps(onRedis, maps[1], 4, (i) => ({ id: `live${i}`, fields: { kind: 'human', label: `live ${i}` } }));
  expect((await getMap(server.url, maps[1].id, maps[1].tokens.view)).body.steps.map((s) => s.id).sort()).toEqual(['live0', 'live1', 'live2', 'live3']);

  // Backups of Redis: export-all reads it like a data directory, and a second import finds the maps there.
  const again = join(scratch.tempDir(), 'backup');
  const exported = await stallmap(['export-all', again], { STALLMAP_REDIS_URL: redis.url });
  expect(exported.stdout).toContain('exported 2 maps');
  expect(exported.status).toBe(0);
  expect(JSON.parse(readFileSync(join(again, 'maps', maps[0].id, 'map.json'), 'utf8'))).toEqual(bodies[0]);
  const twice = await stallmap(['import-all', backup], { STALLMAP_REDIS_URL: redis.url });
  expect(twice.status).toBe(2);
  expect(twice.stderr).toContain(`${redis.url} already holds maps`);
  // Said as it applies to a Redis, which has no data directory to start anew in.
  expect(twice.stderr).toContain('import into a Redis that holds none of them');
}, 60_000);
