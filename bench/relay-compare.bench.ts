import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { stepsOf } from '../src/collab/doc';
import type { StallMap } from '../src/core/model';
import { buildServer } from '../scripts/build-server';
import { generateMap } from './generate-map';
import {
  arg,
  argList,
  benchMap,
  client,
  createMap,
  driveRoom,
  freePort,
  isolatedEdits,
  type Percentiles,
  type RoomRun,
  type ServerProcess,
  seedRoom,
  sleep,
  spawnServer,
  stallmapThroughTsx,
  stopServer,
} from './sync-clients';

/**
 * `npm run bench relay-compare`: Stallmap's sync server against the stock relay
 * (@y/websocket-server 0.1.1, in memory and with its LevelDB persistence, YPERSISTENCE) in the
 * same run, on loopback. Every server runs in its own process, a fresh one for each measurement
 * (a room that fell behind cannot slow the next): Stallmap as `npm start` runs it (the server
 * compiled by scripts/build-server.ts, from the sources as they are now, into
 * node_modules/.cache, then `node main.js`; `--stallmap tsx` runs server/main.ts through tsx
 * instead), LevelDB in a temp dir, its default settings; the stock relay as its own bin
 * (src/server.js). Clients are stock y-websocket providers in two forked worker processes
 * (bench/sync-clients.ts).
 *
 * - Rooms of `--clients` (2,10,25,50,100), each client dragging its own step at 30 Hz for
 *   `--seconds` (5), without cursors and with a cursor sent on each move (as a page does while
 *   dragging): edit-to-visible and cursor-to-visible p50/p95 at every other client, and whether
 *   every client holds every final position within 10 s of the stop. The server's RSS is taken
 *   with every client connected and synced, before the first move.
 * - Isolated edits: 2 clients, `--edits` (300) edits, each waiting until the other sees it.
 * - Cold load of a `--cold-steps` (2,000) step map (bench/generate-map.ts): a fresh client's
 *   time from connecting to holding every step, with the room loaded (another client holds it)
 *   and from disk right after a restart (durable servers only), `--cold-runs` (5) times each;
 *   each restart also times spawn to the first accepted TCP connection.
 *
 * `--targets stallmap,stock,stock-leveldb` picks servers.
 * `npm run bench relay-compare -- --seconds 2 --clients 2,10 --edits 50 --cold-runs 2` is a quick check. Whole run at the defaults on an idle 2-core machine: about 6 to 9 minutes.
 */
const ROOT = fileURLToPath(new URL('..', import.meta.url));
const SECONDS = arg('seconds', 5);
const CLIENTS = argList('clients', ['2', '10', '25', '50', '100']).map(Number);
const EDITS = arg('edits', 300);
const COLD_RUNS = arg('cold-runs', 5);
const COLD_STEPS = arg('cold-steps', 2000);
const TARGETS = argList('targets', ['stallmap', 'stock', 'stock-leveldb']);
const STALLMAP_HOW = argList('stallmap', ['compiled'])[0];
const STOCK_RELAY = join(ROOT, 'node_modules/@y/websocket-server');

interface Room {
  room: string;
  token?: string;
  /** Lets go of whatever held the room open while it was being filled. */
  release(): void;
}
interface Target {
  key: string;
  label: string;
  /** Keeps rooms in `dataDir` across a restart; otherwise every start is empty. */
  durable: boolean;
  start(dataDir: string): Promise<ServerProcess>;
  syncUrl(server: ServerProcess): string;
  /** A room holding `map`, ready for clients. */
  openRoom(server: ServerProcess, map: StallMap): Promise<Room>;
}

/** Compiles the server as `npm run build` does, but to a directory of this bench's own (dist-server/ is left alone). */
const COMPILED = join(ROOT, 'node_modules/.cache/stallmap-relay-compare');
async function compiledStallmap(): Promise<string[]> {
  if (STALLMAP_HOW === 'tsx') return stallmapThroughTsx;
  const root = COMPILED;
  await buildServer(join(root, 'server'));
  // Outside a package scope (node_modules), .js would be CommonJS; the build is ES modules.
  writeFileSync(join(root, 'package.json'), '{ "type": "module" }\n');
  return [join(root, 'server/main.js')];
}

function targets(stallmapArgs: string[]): Target[] {
  const stock = (leveldb: boolean): Target => ({
    key: leveldb ? 'stock-leveldb' : 'stock',
    label: leveldb ? 'stock relay, LevelDB' : 'stock relay, memory',
    durable: leveldb,
    start: async (dataDir) => spawnServer([join(STOCK_RELAY, 'src/server.js')], leveldb ? { YPERSISTENCE: dataDir } : {}, await freePort()),
    syncUrl: (server) => `ws://127.0.0.1:${server.port}`,
    async openRoom(server, map) {
      const room = `bench-${map.steps.length}`;
      return { room, ...(await seedRoom(this.syncUrl(server), room, map)) };
    },
  });
  const all: Target[] = [
    {
      key: 'stallmap',
      label: 'Stallmap',
      durable: true,
      start: async (dataDir) => spawnServer(stallmapArgs, { STALLMAP_DATA: dataDir, STALLMAP_DEV: '' }, await freePort()),
      syncUrl: (server) => `ws://127.0.0.1:${server.port}/sync`,
      async openRoom(server, map) {
        const created = await createMap(server.url, map);
        return { room: created.id, token: created.token, release: () => {} };
      },
    },
    stock(false),
    stock(true),
  ];
  return all.filter((t) => TARGETS.includes(t.key));
}

/** A fresh server in a fresh data dir for `measure`, stopped and removed afterwards. */
async function withServer<T>(target: Target, measure: (server: ServerProcess, dataDir: string) => Promise<T>): Promise<T | Error> {
  const dataDir = mkdtempSync(join(tmpdir(), `relay-compare-${target.key}-`));
  let server: ServerProcess | undefined;
  try {
    server = await target.start(dataDir);
    return await measure(server, dataDir);
  } catch (error) {
    console.error(`${target.label}: ${(error as Error).message}`);
    return error as Error;
  } finally {
    if (server) await stopServer(server.child);
    rmSync(dataDir, { recursive: true, force: true });
  }
}

/** Milliseconds from a fresh client's connect to holding all `steps` steps (not only its first sync answer). */
async function timeFullLoad(syncUrl: string, room: Room, steps: number): Promise<number> {
  const started = performance.now();
  const c = client(syncUrl, room.room, room.token);
  try {
    await c.synced;
    const deadline = Date.now() + 60_000;
    while (stepsOf(c.doc).size < steps) {
      if (Date.now() > deadline) throw new Error(`a fresh client held ${stepsOf(c.doc).size} of ${steps} steps after 60 s`);
      await new Promise((resolve) => c.doc.once('update', resolve));
    }
    return performance.now() - started;
  } finally {
    c.close();
  }
}

interface ColdResult { loadedMs: number[]; fromDiskMs: number[]; listeningMs: number[] }

/**
 * The room loaded (a client holds it): `COLD_RUNS` fresh clients one after another. Then
 * `COLD_RUNS` restarts on the same data dir, each timed to listening and, where the server keeps
 * rooms on disk, followed by one fresh client as the first to open the room.
 */
async function coldLoads(target: Target): Promise<ColdResult | Error> {
  const map = generateMap(COLD_STEPS);
  const result: ColdResult = { loadedMs: [], fromDiskMs: [], listeningMs: [] };
  const dataDir = mkdtempSync(join(tmpdir(), `relay-compare-${target.key}-cold-`));
  try {
    const server = await target.start(dataDir);
    let room: Room;
    try {
      room = await target.openRoom(server, map);
      const syncUrl = target.syncUrl(server);
      const holder = client(syncUrl, room.room, room.token);
      await holder.synced;
      room.release();
      for (let i = 0; i < COLD_RUNS; i += 1) result.loadedMs.push(await timeFullLoad(syncUrl, room, map.steps.length));
      holder.close();
      // The stock relay's LevelDB writes are not awaited and it has no clean stop: give them time.
      await sleep(1000);
    } finally {
      await stopServer(server.child);
    }
    for (let i = 0; i < COLD_RUNS; i += 1) {
      const restarted = await target.start(dataDir);
      try {
        result.listeningMs.push(restarted.listeningMs);
        if (target.durable) result.fromDiskMs.push(await timeFullLoad(target.syncUrl(restarted), room, map.steps.length));
      } finally {
        await stopServer(restarted.child);
      }
    }
    return result;
  } catch (error) {
    console.error(`${target.label}, cold loads: ${(error as Error).message}`);
    return error as Error;
  } finally {
    rmSync(dataDir, { recursive: true, force: true });
  }
}

// ---------------------------------------------------------------- formatting
const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];
const ms = (value: number | undefined) => (value === undefined || Number.isNaN(value) ? '—' : value >= 100 ? value.toFixed(0) : value.toFixed(1));
const ratio = (a: number | undefined, b: number | undefined) => (a === undefined || b === undefined || !(b > 0) || Number.isNaN(a) ? '—' : `${(a / b).toFixed(2)}x`);
const spread = (values: number[]) => (values.length ? `${ms(median(values))} (${ms(Math.min(...values))}–${ms(Math.max(...values))})` : '—');
const converged = (run: RoomRun) => (run.converged === run.clients ? `yes, ${ms(run.convergedMs)} ms` : `**no**, ${run.converged}/${run.clients}`);

/** One summary row: a figure per server, and Stallmap's figure over each stock relay's. */
interface Row { label: string; cells: Map<string, string>; values: Map<string, number[]> }

function printSummary(rows: Row[], shown: Target[]) {
  const stocks = shown.filter((t) => t.key !== 'stallmap');
  const hasStallmap = shown.some((t) => t.key === 'stallmap');
  console.log(`| figure | ${shown.map((t) => t.label).join(' | ')} |${hasStallmap ? stocks.map((t) => ` Stallmap / ${t.label.replace('stock relay, ', '')} |`).join('') : ''}`);
  console.log(`|---|${shown.map(() => '---:|').join('')}${hasStallmap ? stocks.map(() => '---:|').join('') : ''}`);
  for (const row of rows) {
    const cells = shown.map((t) => row.cells.get(t.key) ?? '—');
    const ratios = hasStallmap
      ? stocks.map((t) => {
          const ours = row.values.get('stallmap');
          const theirs = row.values.get(t.key);
          return ours && theirs ? ours.map((v, i) => ratio(v, theirs[i])).join(' / ') : '—';
        })
      : [];
    console.log(`| ${row.label} | ${[...cells, ...ratios].join(' | ')} |`);
  }
}

// ---------------------------------------------------------------- main
const git = (...args: string[]) => spawnSync('git', args, { cwd: ROOT, encoding: 'utf8' }).stdout.trim();
const versionOf = (dir: string) => (JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')) as { version: string }).version;

async function main() {
  const began = Date.now();
  const load = () => loadavg().map((l) => l.toFixed(2)).join(', ');
  const changed = git('status', '--porcelain', '--', 'server', 'src').split('\n').filter(Boolean);
  console.log(`Machine: ${cpus().length} cores, ${cpus()[0]?.model}, Node ${process.version}; ${new Date().toISOString().slice(0, 16).replace('T', ' ')} UTC`);
  console.log(`Commit: ${git('log', '-1', '--format=%h %cd %s', '--date=short').slice(0, 90)}${changed.length ? ` plus uncommitted changes to ${changed.length} files under server/ and src/ (measured as they were)` : ''}`);
  console.log(`Stock relay: @y/websocket-server ${versionOf(STOCK_RELAY)}; yjs ${versionOf(join(ROOT, 'node_modules/yjs'))}, y-websocket ${versionOf(join(ROOT, 'node_modules/y-websocket'))}`);
  console.log(`Load average at the start (1, 5, 15 min): ${load()}`);
  console.log(`Settings: --seconds ${SECONDS} --clients ${CLIENTS.join(',')} --edits ${EDITS} --cold-runs ${COLD_RUNS} --cold-steps ${COLD_STEPS} --stallmap ${STALLMAP_HOW}\n`);

  const shown = targets(await compiledStallmap());
  const rows: Row[] = [];
  const details: string[] = [];
  let failures = 0;
  const row = (label: string, fill: (t: Target) => { cell: string; values?: number[] } | undefined) => {
    const r: Row = { label, cells: new Map(), values: new Map() };
    for (const t of shown) {
      const filled = fill(t);
      if (!filled) continue;
      r.cells.set(t.key, filled.cell);
      if (filled.values) r.values.set(t.key, filled.values);
    }
    rows.push(r);
  };

  // Isolated edits
  const pairs = new Map<string, Percentiles | Error>();
  for (const t of shown) {
    pairs.set(
      t.key,
      await withServer(t, async (server) => {
        const room = await t.openRoom(server, benchMap(['pair']));
        room.release();
        await sleep(200);
        return isolatedEdits(t.syncUrl(server), room.room, EDITS, room.token);
      }),
    );
  }
  row(`2 clients, ${EDITS} isolated edits: p50 / p95 ms`, (t) => {
    const p = pairs.get(t.key);
    if (p instanceof Error) return { cell: 'failed' };
    return p && { cell: `${ms(p.p50)} / ${ms(p.p95)}`, values: [p.p50, p.p95] };
  });

  // Rooms
  const runs = new Map<string, RoomRun | Error>();
  for (const clients of CLIENTS) {
    const stepIds = Array.from({ length: clients }, (_, i) => `s${i}`);
    for (const cursors of [false, true]) {
      for (const t of shown) {
        const run = await withServer(t, async (server) => {
          const room = await t.openRoom(server, benchMap(stepIds));
          const job = { syncUrl: t.syncUrl(server), room: room.room, token: room.token, stepIds, seconds: SECONDS, cursors: cursors ? ('each-move' as const) : 0 };
          return driveRoom({ ...job, serverPid: server.child.pid as number, beforeGo: async () => room.release() });
        });
        runs.set(`${t.key} ${clients} ${cursors}`, run);
        const head = `| ${t.label} | ${clients} | ${cursors ? 'each move' : 'off'} |`;
        if (run instanceof Error) {
          failures += 1;
          details.push(`${head} failed: ${run.message.replaceAll('|', '/')} |||||||`);
          continue;
        }
        const { drag, cursor } = run;
        details.push(
          `${head} ${(run.edits / run.seconds).toFixed(0)} | ${ms(drag.p50)} / ${ms(drag.p95)} / ${ms(drag.p99)} | ${cursors ? `${ms(cursor.p50)} / ${ms(cursor.p95)}` : '—'} | ${converged(run)} | ${run.serverCpuPercent.toFixed(0)} | ${run.idleRssMiB.toFixed(0)} / ${run.peakRssMiB.toFixed(0)} | ${run.workerLoopP99s.map((v) => v.toFixed(0)).join(', ')} | ${run.loadBefore.toFixed(1)} |`,
        );
        console.error(`done: ${t.label}, ${clients} clients, cursors ${cursors ? 'on' : 'off'}, ${((Date.now() - began) / 1000).toFixed(0)} s in (load ${loadavg()[0].toFixed(1)})`);
      }
      row(`${clients} clients, ${cursors ? 'cursor on each move' : 'no cursors'}: edit p50 / p95 ms`, (t) => {
        const run = runs.get(`${t.key} ${clients} ${cursors}`);
        if (run instanceof Error) return { cell: 'failed' };
        if (!run) return undefined;
        const note = run.converged === run.clients ? '' : ` (not converged, ${run.converged}/${run.clients})`;
        return { cell: `${ms(run.drag.p50)} / ${ms(run.drag.p95)}${note}`, values: [run.drag.p50, run.drag.p95] };
      });
    }
  }
  if (CLIENTS.includes(10)) {
    row('10 clients, cursor to visible p95 ms', (t) => {
      const run = runs.get(`${t.key} 10 true`);
      return run && !(run instanceof Error) ? { cell: ms(run.cursor.p95), values: [run.cursor.p95] } : undefined;
    });
  }
  if (CLIENTS.includes(50)) {
    row('Idle RSS, 50 clients connected and synced, MiB', (t) => {
      const run = runs.get(`${t.key} 50 false`);
      return run && !(run instanceof Error) ? { cell: run.idleRssMiB.toFixed(0), values: [run.idleRssMiB] } : undefined;
    });
  }

  // Cold loads and restarts
  const colds = new Map<string, ColdResult | Error>();
  for (const t of shown) colds.set(t.key, await coldLoads(t));
  const coldRow = (label: string, pick: (c: ColdResult) => number[]) =>
    row(label, (t) => {
      const c = colds.get(t.key);
      if (c instanceof Error) return { cell: 'failed' };
      const values = c ? pick(c) : [];
      return values.length ? { cell: spread(values), values: [median(values)] } : undefined;
    });
  coldRow(`${COLD_STEPS}-step map, fresh client to full doc, room loaded: ms, median (min–max)`, (c) => c.loadedMs);
  coldRow(`${COLD_STEPS}-step map, fresh client to full doc, first client after a restart (from disk): ms`, (c) => c.fromDiskMs);
  coldRow('Restart: spawn to first accepted connection, ms', (c) => c.listeningMs);
  failures += [...pairs.values(), ...colds.values()].filter((v) => v instanceof Error).length;

  console.log(`### Side by side (${SECONDS} s per room; p50 / p95; ratios are Stallmap's figure over the stock relay's, below 1 is Stallmap ahead)\n`);
  printSummary(rows, shown);
  console.log('\n### Each room run\n');
  console.log('| server | clients | cursors | writes/s | edit p50 / p95 / p99 ms | cursor p50 / p95 ms | converged within 10 s | server CPU % | server RSS idle / peak MiB | worker loop p99 ms | load |');
  console.log('|---|---:|---|---:|---:|---:|---|---:|---:|---:|---:|');
  for (const line of details) console.log(line);
  console.log(`\nLoad average at the end (1, 5, 15 min): ${load()}; whole run ${((Date.now() - began) / 1000).toFixed(0)} s.`);
  console.log('Percentiles of a room that did not converge count only the updates that arrived, which flatters that server.');
  console.log('Each client writes 30 times a second: writes/s well below 30 x clients means the client workers were starved of CPU and');
  console.log('the servers were not offered the same load; compare latencies only between runs whose writes/s are close.');
  if (failures) {
    console.error(`${failures} measurements failed`);
    process.exitCode = 1;
  }
}

try {
  await main();
} finally {
  rmSync(COMPILED, { recursive: true, force: true });
}
