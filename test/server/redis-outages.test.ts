import { afterEach, expect, it } from 'vitest';
import type { WebsocketProvider } from 'y-websocket';
import { itemFromFields, stepsOf } from '../../src/collab/doc';
import { type RunningServer, startServer } from '../../server/app';
import { captureLogger, connect, createMap, synced, waitFor } from './helpers';
import { startRedis, type TestRedis } from './redis-server';
import { scratchSpace } from './scratch';

/**
 * What an operator sees of a Redis that fails under running servers: /healthz and the log say
 * what is wrong and with which Redis, in words (never ioredis's or a Lua script's), while it
 * lasts; and a Redis that comes back without the data it held is reported, not served as if
 * nothing happened.
 */
const scratch = scratchSpace('stallmap-redis-outages-');
const started: { redis: TestRedis; server: RunningServer; providers: WebsocketProvider[] }[] = [];
afterEach(async () => {
  for (const { redis, server, providers } of started.splice(0)) {
    for (const provider of providers) provider.destroy();
    await server.close();
    await redis.stop();
  }
});

async function serverOnRedis() {
  const redis = await startRedis();
  const logger = captureLogger();
  const server = await startServer({ port: 0, dataDir: scratch.tempDir(), redisUrl: redis.url, logger });
  const running = { redis, server, providers: [] as WebsocketProvider[], logs: logger.lines };
  started.push(running);
  return running;
}

/** A stock client on the server's map, as a page holds it; destroyed after the test. */
function openPage(running: { server: RunningServer; providers: WebsocketProvider[] }, room: string, token: string) {
  const page = connect(`${running.server.url.replace('http', 'ws')}/sync`, room, token);
  running.providers.push(page.provider);
  return page;
}

/** A server on a fresh Redis with a map, and a page editing it (in sync). */
async function editingOnRedis() {
  const running = await serverOnRedis();
  const map = await createMap(running.server.url, {});
  const page = openPage(running, map.id, map.tokens.edit);
  await synced(page.provider);
  return { ...running, running, map, page };
}

async function health(url: string) {
  const res = await fetch(`${url}/healthz`);
  return { status: res.status, body: (await res.json()) as { ok: boolean; problems?: string[] } };
}

/** /healthz once it answers `status`: a probe's answer serves every asker for up to a second. */
async function healthOnce(url: string, status: number) {
  let last = await health(url);
  await waitFor(
    async () => {
      last = await health(url);
      return last.status === status;
    },
    5000,
    `/healthz to answer ${status}`,
  );
  return last;
}

const JARGON = /enableOfflineQueue|Stream isn't writeable|user_script|script: [0-9a-f]/;

it('says in /healthz and the log that Redis refuses writes when it is out of memory, and recovers when it has room', async () => {
  const { running, redis, server, logs, map, page: writer } = await editingOnRedis();
  expect((await health(server.url)).status).toBe(200);

  const admin = redis.client();
  await admin.config('SET', 'maxmemory-policy', 'noeviction');
  await admin.config('SET', 'maxmemory', '1');
  const full = await healthOnce(server.url, 503);
  expect(full.body.problems?.join(' ')).toContain(`Redis at ${redis.url} is out of memory (maxmemory reached) and refuses writes`);

  stepsOf(writer.doc).set('during', itemFromFields({ kind: 'human', label: 'made while Redis was full' }));
  await waitFor(() => logs.some((line) => line.includes('room.write-failed')), 5000, 'the refused write to be logged');
  const refused = logs.find((line) => line.includes('room.write-failed')) ?? '';
  expect(refused).toContain(`Redis at ${redis.url} is out of memory`);
  expect(refused).not.toMatch(JARGON);

  await admin.config('SET', 'maxmemory', '0');
  await healthOnce(server.url, 200);
  // The page's edit, refused while Redis was full, is resent and kept.
  const reader = openPage(running, map.id, map.tokens.view);
  await waitFor(() => stepsOf(reader.doc).has('during'), 10_000, 'the edit made while Redis was full to reach another page');
}, 30_000);

it('says in /healthz and the log that Redis cannot be reached while it is down, and is healthy once it is back', async () => {
  const { redis, server, logs, page } = await editingOnRedis();
  await redis.kill();
  const down = await healthOnce(server.url, 503);
  expect(down.body.problems?.join(' ')).toContain(`Redis at ${redis.url} cannot be reached`);
  expect(JSON.stringify(down.body)).not.toMatch(JARGON);

  // The page reconnects meanwhile: its room cannot load, and the log says why in words.
  await waitFor(() => logs.some((line) => line.includes('room.load-failed')), 5000, 'the failed load to be logged');
  expect(logs.find((line) => line.includes('room.load-failed'))).toContain(`Redis at ${redis.url} cannot be reached`);
  for (const line of logs.filter((l) => / (warn|error) /.test(l))) expect(line).not.toMatch(JARGON);

  await redis.start();
  await waitFor(async () => (await health(server.url)).status === 200, 10_000, '/healthz to be 200 again');
  await waitFor(() => page.provider.synced, 10_000, 'the page to be back in sync');
}, 30_000);

it('reports a Redis that comes back without the data it held (restarted without its AOF), in /healthz and one log line', async () => {
  const { redis, server, logs } = await serverOnRedis();
  await createMap(server.url, {});
  await redis.kill();
  await redis.start({ appendonly: false });
  let body: { problems?: string[] } = {};
  const reported = async () => {
    const answer = await health(server.url);
    body = answer.body;
    return answer.status === 503 && (body.problems ?? []).some((p) => p.includes('came back without the data')) && logs.some((l) => l.includes('redis.data-lost'));
  };
  await waitFor(reported, 10_000, 'the lost data to be reported');
  expect(body.problems?.join(' ')).toContain(`Redis at ${redis.url} came back without the data it held`);
  expect(body.problems?.join(' ')).toContain('persistence off (appendonly no)');
  expect(logs.filter((l) => l.includes('redis.data-lost'))).toHaveLength(1);
  expect(logs.filter((l) => l.includes(' error redis.no-persistence'))).toHaveLength(1);
}, 30_000);

it('writes to Redis at most once a second for /healthz, however many ask: anyone may call it', async () => {
  const { redis, server } = await serverOnRedis();
  const admin = redis.client();
  const writes = async () => Number(/cmdstat_set:calls=(\d+)/.exec(await admin.info('commandstats'))?.[1] ?? 0);
  const before = await writes();
  const answers = await Promise.all(Array.from({ length: 200 }, () => health(server.url)));
  expect(answers.every((a) => a.status === 200)).toBe(true);
  // One probe for the burst (two if it straddled a second), not one write per request.
  expect((await writes()) - before).toBeLessThanOrEqual(2);
}, 30_000);
