import { mkdtempSync, rmSync } from 'node:fs';
import { cpus, tmpdir } from 'node:os';
import { join } from 'node:path';
import { LeveldbPersistence } from 'y-leveldb';
import * as Y from 'yjs';
import { stepsOf } from '../src/collab/doc';
import {
  arg,
  benchMap,
  client,
  createMap,
  driveRoom,
  freePort,
  type Histogram,
  isolatedEdits,
  measureLatency,
  percentiles,
  spawnServer,
  stallmapThroughTsx,
  stopServer,
} from './sync-clients';

/**
 * The sync server on loopback (BENCHMARKS.md, "Sync server"). The server runs in its own
 * process (server/main.ts through tsx, so the fan-out windows can be tuned by env); clients run
 * in two worker processes (bench/sync-clients.ts, which also says how latency is measured).
 * `--seconds N` shortens the 50-client run (default 30); `--clients N`; `--window MS` and
 * `--awareness-window MS` set the server's STALLMAP_FANOUT_MS and STALLMAP_AWARENESS_FANOUT_MS.
 */
async function storageComparison() {
  const dir = mkdtempSync(join(tmpdir(), 'stallmap-bench-db-'));
  const db = new LeveldbPersistence(dir);
  const doc = new Y.Doc();
  const updates: Uint8Array[] = [];
  doc.on('update', (u: Uint8Array) => updates.push(u));
  for (let i = 0; i < 2000; i += 1) stepsOf(doc).set(`s${i % 50}`, new Y.Map());
  let start = performance.now();
  for (const u of updates.slice(0, 500)) await db.storeUpdate('one-by-one', u);
  const perWrite = (performance.now() - start) / 500;
  start = performance.now();
  await Promise.all(updates.map((u) => db.storeUpdate('queued', u)));
  const queued = performance.now() - start;
  start = performance.now();
  for (let tick = 0; tick < 2000; tick += 50) await db.storeUpdate('merged', Y.mergeUpdates(updates.slice(tick, tick + 50)));
  const merged = performance.now() - start;
  await db.destroy();
  rmSync(dir, { recursive: true, force: true });
  console.log('### Storage (y-leveldb, 2,000 small updates)\n');
  console.log(`- one storeUpdate, awaited: ${perWrite.toFixed(2)} ms per write`);
  console.log(`- 2,000 storeUpdate calls queued at once (relay first, write later): ${queued.toFixed(0)} ms until the last is on disk`);
  console.log(`- merged 50 per tick, 40 writes (what the rooms do): ${merged.toFixed(0)} ms in all\n`);
}

async function main() {
  const seconds = arg('seconds', 30);
  const windowMs = arg('window', 10);
  const awarenessWindowMs = arg('awareness-window', 30);
  const clients = arg('clients', 50);
  console.log(`Machine: ${cpus().length} cores, ${cpus()[0]?.model}, Node ${process.version}; ${new Date().toISOString().slice(0, 10)}\n`);
  await storageComparison();
  const dataDir = mkdtempSync(join(tmpdir(), 'stallmap-bench-'));
  const env = {
    STALLMAP_DATA: dataDir,
    STALLMAP_DEV: '',
    STALLMAP_FANOUT_MS: String(windowMs),
    STALLMAP_AWARENESS_FANOUT_MS: String(awarenessWindowMs),
    // The clients and the observer below: at the default limit (100) a run of 100 clients had one refused, and waited for it forever.
    STALLMAP_MAX_ROOM_CONNECTIONS: String(Math.max(100, clients + 1)),
  };
  const server = await spawnServer(stallmapThroughTsx, env, await freePort());
  const syncUrl = `ws://127.0.0.1:${server.port}/sync`;
  try {
    const pairMap = await createMap(server.url, benchMap(['pair']));
    const two = await isolatedEdits(syncUrl, pairMap.id, 500, pairMap.token);
    console.log(`### Two clients, 500 isolated edits (fan-out window ${windowMs} ms)\n`);
    console.log(`- edit to visible: p50 ${two.p50} ms, p95 ${two.p95} ms, max ${two.max} ms\n`);

    const stepIds = Array.from({ length: clients }, (_, i) => `s${i}`);
    const roomMap = await createMap(server.url, benchMap(stepIds));
    // One more client, on a view link, in this otherwise idle process: what it measures is the
    // server and the network, without the queueing of 25 clients sharing a worker's event loop.
    const probe = client(syncUrl, roomMap.id, roomMap.viewToken);
    const probeDrag: Histogram = {};
    const probeCursor: Histogram = {};
    await probe.synced;
    measureLatency(probe, '', probeDrag, probeCursor);
    const run = await driveRoom({ syncUrl, room: roomMap.id, token: roomMap.token, stepIds, seconds, cursors: 20, serverPid: server.child.pid as number });
    const res = await fetch(`${server.url}/api/maps/${roomMap.id}`, { headers: { Authorization: `Bearer ${roomMap.token}` } });
    const onServer = ((await res.json()) as { steps: { id: string; position: { x: number } }[] }).steps;
    // The finals are keyed by room and step (sync-clients.ts), as a run may drive several rooms.
    const serverOk = onServer.every((s) => s.position.x === run.finals[`${roomMap.id}/${s.id}`]);
    const { drag, cursor } = run;
    const probed = { drag: percentiles(probeDrag), cursor: percentiles(probeCursor) };
    probe.close();
    console.log(`### ${clients} clients, each dragging its step at 30 Hz and its cursor at 20 Hz, ${seconds} s (windows: edits ${windowMs} ms, presence ${awarenessWindowMs} ms)\n`);
    console.log(`- position writes: ${run.edits} (${(run.edits / seconds).toFixed(0)}/s); converged: ${run.converged}/${clients} clients, server copy ${serverOk ? 'equal' : 'DIFFERENT'}`);
    console.log(`- drag, edit to visible at the ${clients - 1} other clients: p50 ${drag.p50} ms, p95 ${drag.p95} ms, p99 ${drag.p99} ms, max ${drag.max} ms (${drag.samples} observations)`);
    console.log(`- cursor, move to visible at the ${clients - 1} other clients: p50 ${cursor.p50} ms, p95 ${cursor.p95} ms, p99 ${cursor.p99} ms (${cursor.samples} observations)`);
    console.log(`- at an idle observer: drag p50 ${probed.drag.p50} ms, p95 ${probed.drag.p95} ms, p99 ${probed.drag.p99} ms; cursor p50 ${probed.cursor.p50} ms, p95 ${probed.cursor.p95} ms, p99 ${probed.cursor.p99} ms`);
    console.log(`- server: CPU ${run.serverCpuPercent.toFixed(0)}% of one core, RSS ${run.idleRssMiB.toFixed(0)} MiB with the room loaded and idle, ${run.endRssMiB.toFixed(0)} MiB at the end (peak ${run.peakRssMiB.toFixed(0)} MiB)`);
    console.log(`- load average before/after: ${run.loadBefore.toFixed(2)} / ${run.loadAfter.toFixed(2)} (other processes on the machine skew all of this)`);
    console.log(`- client workers: CPU ${run.workerCpuPercents.map((c) => `${c.toFixed(0)}%`).join(' and ')} of one core, event-loop delay p99 ${run.workerLoopP99s.map((ms) => `${ms.toFixed(0)} ms`).join(' and ')}`);
  } finally {
    await stopServer(server.child);
    rmSync(dataDir, { recursive: true, force: true });
  }
}

await main();
