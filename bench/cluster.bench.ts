import { mkdtempSync, rmSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { startRedis, type TestRedis } from '../test/server/redis-server';
import {
  arg,
  type BenchRoom,
  benchMap,
  createMap,
  driveRooms,
  freePort,
  isolatedEdits,
  type Percentiles,
  type RoomRun,
  type ServerProcess,
  spawnServer,
  stallmapThroughTsx,
  stopServer,
} from './sync-clients';

/**
 * Two servers on one Redis against one server on LevelDB, in the same run (BENCHMARKS.md,
 * "Several servers"). Each server runs in its own process, with a real redis-server (AOF on,
 * everysec) for the pair; the clients are stock y-websocket providers in two worker processes
 * (sync-clients.ts). With the pair, each room's clients are split over the two servers (its
 * even clients on one, its odd on the other), as round-robin without affinity would put them.
 *
 * 1. edit-to-visible: 2 clients, `--edits` (200) isolated edits; with the pair the writer and
 *    the reader are on different servers.
 * 2. one room of `--clients` (50) dragging their own step at 30 Hz for `--seconds` (10).
 * 3. `--rooms` (40) rooms of 4 clients dragging at 30 Hz for `--seconds`.
 *
 * `npm run bench cluster -- --seconds 3 --clients 10 --rooms 5 --edits 50` is a quick check.
 */
const SECONDS = arg('seconds', 10);
const CLIENTS = arg('clients', 50);
const ROOMS = arg('rooms', 40);
const EDITS = arg('edits', 200);

interface Setup {
  servers: ServerProcess[];
  /** Every process serving the rooms (the servers, and Redis for the pair), for CPU and memory. */
  pids: number[];
}

const syncUrlOf = (server: ServerProcess) => `${server.url.replace('http', 'ws')}/sync`;

async function rooms(setup: Setup, count: number, perRoom: number): Promise<BenchRoom[]> {
  const made: BenchRoom[] = [];
  for (let r = 0; r < count; r += 1) {
    const stepIds = Array.from({ length: perRoom }, (_, i) => `s${i}`);
    const map = await createMap(setup.servers[r % setup.servers.length].url, benchMap(stepIds));
    made.push({ room: map.id, token: map.token, stepIds });
  }
  return made;
}

async function pairEdits(setup: Setup): Promise<Percentiles> {
  const [writer, reader = writer] = setup.servers;
  const map = await createMap(writer.url, benchMap(['pair']));
  return isolatedEdits(syncUrlOf(writer), map.id, EDITS, map.token, syncUrlOf(reader));
}

async function drag(setup: Setup, count: number, perRoom: number): Promise<RoomRun> {
  return driveRooms({ rooms: await rooms(setup, count, perRoom), syncUrls: setup.servers.map(syncUrlOf), seconds: SECONDS, cursors: 0, serverPids: setup.pids });
}

const ms = (n: number) => (Number.isFinite(n) ? n.toFixed(1) : '-');
const latency = (p: Percentiles) => `${ms(p.p50)} / ${ms(p.p95)} / ${ms(p.p99)} (${p.samples})`;
const run = (r: RoomRun) => `${latency(r.drag)}; ${r.converged}/${r.clients} converged; ${Math.round(r.edits / r.seconds)} edits/s; CPU ${Math.round(r.serverCpuPercent)}%`;

async function main() {
  console.log(`${cpus().length} CPUs (${cpus()[0]?.model}), load ${loadavg()[0].toFixed(2)}; ${SECONDS} s runs, ${CLIENTS} clients, ${ROOMS} rooms, ${EDITS} edits\n`);
  const dataDir = mkdtempSync(join(tmpdir(), 'stallmap-bench-cluster-'));
  let redis: TestRedis | undefined;
  const started: ServerProcess[] = [];
  const start = async (env: Record<string, string>) => {
    const server = await spawnServer(stallmapThroughTsx, { STALLMAP_DEV: '', ...env }, await freePort());
    started.push(server);
    return server;
  };
  try {
    const single = await start({ STALLMAP_DATA: join(dataDir, 'single') });
    redis = await startRedis();
    const redisPid = Number(/process_id:(\d+)/.exec(await redis.client().info('server'))?.[1]);
    const clusterEnv = { STALLMAP_DATA: join(dataDir, 'unused'), STALLMAP_REDIS_URL: redis.url, STALLMAP_MAX_ROOM_CONNECTIONS: String(CLIENTS + 10) };
    const pair = [await start(clusterEnv), await start(clusterEnv)];
    const one: Setup = { servers: [single], pids: [single.child.pid as number] };
    const two: Setup = { servers: pair, pids: [...pair.map((s) => s.child.pid as number), redisPid] };

    const rows = [
      '| run | one server (LevelDB): p50 / p95 / p99 ms (samples) | two servers on Redis: p50 / p95 / p99 ms (samples) |',
      '|---|---|---|',
      `| edit-to-visible, 2 clients, isolated edits | ${latency(await pairEdits(one))} | ${latency(await pairEdits(two))} |`,
      `| one room of ${CLIENTS} at 30 Hz | ${run(await drag(one, 1, CLIENTS))} | ${run(await drag(two, 1, CLIENTS))} |`,
      `| ${ROOMS} rooms of 4 at 30 Hz | ${run(await drag(one, ROOMS, 4))} | ${run(await drag(two, ROOMS, 4))} |`,
    ];
    console.log(rows.join('\n'));
    console.log(`\nCPU is the serving processes' together (with the pair: both servers and Redis), 100% = one core. Load at the end ${loadavg()[0].toFixed(2)}.`);
  } finally {
    // Servers first, each to a clean stop (they write down what they hold), then Redis under them.
    await Promise.all(started.map((server) => stopServer(server.child)));
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
