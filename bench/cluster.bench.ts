import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { WebSocket } from 'ws';
import { WebsocketProvider } from 'y-websocket';
import * as Y from 'yjs';
import { type ItemMap, stepsOf } from '../src/collab/doc';
import { startRedis, type TestRedis } from '../test/server/redis-server';

/**
 * Several servers on one Redis against one server on LevelDB, in the same run (BENCHMARKS.md,
 * "Several servers"). Each server runs as `npm start` runs it, in its own process, with a real
 * redis-server (AOF on, everysec) for the cluster; the clients are stock y-websocket providers in
 * this process. Latency is wall clock from the sender's write to the receiver's observer (a
 * dragged step's position carries its send time in `y`).
 *
 * 1. edit-to-visible: 2 clients, isolated edits (each waits to be seen, then 15 ms); in the
 *    cluster the writer and the reader are on different servers.
 * 2. one room of `--clients` (50) dragging their own step at 30 Hz for `--seconds` (10), split
 *    half and half over the two servers (round-robin, as without affinity).
 * 3. `--rooms` (40) rooms of 4 clients at 10 Hz for `--seconds`, each room split over the two.
 *
 * `npm run bench cluster -- --seconds 3 --clients 10 --rooms 5 --edits 50` is a quick check.
 */
const arg = (name: string, fallback: number) => {
  const at = process.argv.indexOf(`--${name}`);
  return at > 0 ? Number(process.argv[at + 1]) : fallback;
};
const SECONDS = arg('seconds', 10);
const CLIENTS = arg('clients', 50);
const ROOMS = arg('rooms', 40);
const EDITS = arg('edits', 200);
const wallNow = () => performance.timeOrigin + performance.now();
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

function percentiles(samples: number[]) {
  const sorted = [...samples].sort((a, b) => a - b);
  const at = (p: number) => (sorted.length ? sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))] : Number.NaN);
  return { samples: sorted.length, p50: at(0.5), p95: at(0.95), p99: at(0.99) };
}

interface Server {
  child: ChildProcess;
  url: string;
  syncUrl: string;
}

async function startServer(env: Record<string, string>): Promise<Server> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'server/main.ts'], {
    env: { ...process.env, PORT: '0', STALLMAP_DEV: '', ...env },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const url = await new Promise<string>((resolve, reject) => {
    let out = '';
    const read = (chunk: Buffer) => {
      out += chunk;
      const port = /server\.listening .*port=(\d+)/.exec(out)?.[1];
      if (!port) return;
      resolve(`http://127.0.0.1:${port}`);
      // What it logs from now on (connections coming and going) is read and dropped.
      child.stdout?.off('data', read);
      child.stdout?.resume();
    };
    child.stdout?.on('data', read);
    child.once('exit', (code) => reject(new Error(`server exited (${code}): ${out}`)));
  });
  return { child, url, syncUrl: `${url.replace('http', 'ws')}/sync` };
}

async function createMap(url: string, stepIds: string[]) {
  const steps = stepIds.map((id, i) => ({ id, kind: 'human', label: `Step ${id}`, position: { x: i * 10, y: 0 } }));
  const body = { format: 'stallmap/map', version: 1, id: 'bench', title: 'Bench', steps, joins: [] };
  const res = await fetch(`${url}/api/maps`, { method: 'POST', body: JSON.stringify(body), headers: { 'Content-Type': 'application/json' } });
  const created = (await res.json()) as { id: string; links: { edit: string } };
  return { id: created.id, token: created.links.edit.split('#token=')[1] };
}

function client(syncUrl: string, room: string, token: string) {
  const doc = new Y.Doc();
  const provider = new WebsocketProvider(syncUrl, room, doc, {
    WebSocketPolyfill: WebSocket as unknown as typeof globalThis.WebSocket,
    params: { token },
    disableBc: true,
  });
  const synced = new Promise<void>((resolve) => provider.once('sync', () => resolve()));
  return { doc, provider, synced };
}
type Client = ReturnType<typeof client>;

/** Isolated edits by one client, each timed until the other sees it. */
async function editToVisible(writerServer: Server, readerServer: Server): Promise<number[]> {
  const map = await createMap(writerServer.url, ['pair']);
  const a = client(writerServer.syncUrl, map.id, map.token);
  const b = client(readerServer.syncUrl, map.id, map.token);
  await Promise.all([a.synced, b.synced]);
  const samples: number[] = [];
  let waiting: ((x: number) => void) | undefined;
  stepsOf(b.doc).observeDeep(() => waiting?.((stepsOf(b.doc).get('pair')?.get('position') as { x: number })?.x));
  for (let i = 1; i <= EDITS; i += 1) {
    const seen = new Promise<void>((resolve) => {
      waiting = (x) => x === i && resolve();
    });
    const start = performance.now();
    (stepsOf(a.doc).get('pair') as ItemMap).set('position', { x: i, y: 0 });
    await seen;
    samples.push(performance.now() - start);
    await sleep(15);
  }
  a.provider.destroy();
  b.provider.destroy();
  return samples;
}

/** Rooms of clients, each dragging its own step at `hz`; client i of a room connects to servers[i % servers.length]. */
async function dragRooms(servers: Server[], rooms: number, perRoom: number, hz: number) {
  const all: { c: Client; step: string }[] = [];
  const samples: number[] = [];
  for (let r = 0; r < rooms; r += 1) {
    const steps = Array.from({ length: perRoom }, (_, i) => `s${i}`);
    const map = await createMap(servers[r % servers.length].url, steps);
    steps.forEach((step, i) => {
      const c = client(servers[i % servers.length].syncUrl, map.id, map.token);
      stepsOf(c.doc).observeDeep((events) => {
        const now = wallNow();
        for (const event of events) {
          const id = event.path[0] as string;
          const position = (event.target as ItemMap).get('position') as { y: number } | undefined;
          if (id !== step && position && event.keys?.has('position')) samples.push(now - position.y);
        }
      });
      all.push({ c, step });
    });
  }
  await Promise.all(all.map(({ c }) => c.synced));
  await sleep(300);
  samples.length = 0;
  const finals = new Map<Client, number>();
  const timers = all.map(({ c, step }) =>
    setInterval(() => {
      const x = (finals.get(c) ?? 0) + 1;
      finals.set(c, x);
      (stepsOf(c.doc).get(step) as ItemMap).set('position', { x, y: wallNow() });
    }, 1000 / hz),
  );
  await sleep(SECONDS * 1000);
  for (const timer of timers) clearInterval(timer);
  // Converged: every client of a room has every roommate's last position (rooms are perRoom consecutive clients).
  const converged = () =>
    all.filter(({ c }, n) => {
      const room = all.slice(n - (n % perRoom), n - (n % perRoom) + perRoom);
      return room.every((mate) => (stepsOf(c.doc).get(mate.step)?.get('position') as { x: number } | undefined)?.x === finals.get(mate.c));
    }).length;
  const deadline = Date.now() + 15_000;
  while (converged() < all.length && Date.now() < deadline) await sleep(50);
  const result = { ...percentiles(samples), converged: `${converged()}/${all.length}` };
  for (const { c } of all) c.provider.destroy();
  return result;
}

const ms = (n: number) => (Number.isFinite(n) ? n.toFixed(1) : '-');

async function main() {
  process.setMaxListeners(0); // each provider adds an exit listener
  console.log(`${cpus().length} CPUs (${cpus()[0]?.model}), load ${loadavg()[0].toFixed(2)}; ${SECONDS} s runs, ${CLIENTS} clients, ${ROOMS} rooms, ${EDITS} edits\n`);
  const dataDir = mkdtempSync(join(tmpdir(), 'stallmap-bench-cluster-'));
  let redis: TestRedis | undefined;
  const servers: Server[] = [];
  try {
    const single = await startServer({ STALLMAP_DATA: join(dataDir, 'single') });
    servers.push(single);
    redis = await startRedis();
    const clusterEnv = { STALLMAP_DATA: join(dataDir, 'unused'), STALLMAP_REDIS_URL: redis.url, STALLMAP_MAX_ROOM_CONNECTIONS: String(CLIENTS + 10) };
    const pair = [await startServer(clusterEnv), await startServer(clusterEnv)];
    servers.push(...pair);
    const singleEnv = [single];
    const rows: string[] = ['| run | one server (LevelDB) p50 / p95 / p99 ms | two servers on Redis p50 / p95 / p99 ms | converged (one / two) |', '|---|---|---|---|'];
    const line = (name: string, one: ReturnType<typeof percentiles> & { converged?: string }, two: ReturnType<typeof percentiles> & { converged?: string }) =>
      rows.push(`| ${name} | ${ms(one.p50)} / ${ms(one.p95)} / ${ms(one.p99)} (${one.samples}) | ${ms(two.p50)} / ${ms(two.p95)} / ${ms(two.p99)} (${two.samples}) | ${one.converged ?? '-'} / ${two.converged ?? '-'} |`);

    line('edit-to-visible, 2 clients', percentiles(await editToVisible(single, single)), percentiles(await editToVisible(pair[0], pair[1])));
    if (CLIENTS <= 100) line(`one room of ${CLIENTS} at 30 Hz`, await dragRooms(singleEnv, 1, CLIENTS, 30), await dragRooms(pair, 1, CLIENTS, 30));
    line(`${ROOMS} rooms of 4 at 10 Hz`, await dragRooms(singleEnv, ROOMS, 4, 10), await dragRooms(pair, ROOMS, 4, 10));
    console.log(rows.join('\n'));
  } finally {
    for (const { child } of servers) child.kill('SIGTERM');
    await sleep(500);
    await redis?.stop();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

void main().then(
  () => process.exit(0),
  (error) => {
    console.error(error);
    process.exit(1);
  },
);
