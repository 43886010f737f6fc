import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { stepsOf } from '../src/collab/doc';
import type { StallMap } from '../src/core/model';
import { buildServer } from '../scripts/build-server';
import { generateMap } from './generate-map';
import { failedNote, inTurn, median, mediansOf, pairedRatios, type Round } from './rounds';
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
 * `--targets stallmap,stock,stock-leveldb` picks servers. `--baseline REV` adds Stallmap as it was at
 * commit REV (checked out into a temp git worktree and compiled the same way; its
 * scripts/build-server.ts must export `buildServer(outdir)`): a before/after in the same run.
 * `--rounds N` (1) runs every measurement N times, the servers taking turns in an order reversed
 * every round; the summary gives medians of the rounds and ratios as medians of the rounds' own
 * ratios (bench/rounds.ts). A single run swings by ±50% at 25 clients on 2 cores; rounds are what
 * to quote. `--edits 0`, `--clients 0` or `--cold-runs 0` leave a part out. `--cpu-prof DIR`
 * writes a CPU profile of every server process, Stallmap's and the stock relay's (node
 * --cpu-prof), into DIR.
 *
 * `npm run bench relay-compare -- --seconds 2 --clients 2,10 --edits 50 --cold-runs 2` is a quick
 * check; `-- --rounds 5 --clients 2,10 --cold-runs 0 --baseline HEAD~1` compares a change with
 * the commit before it. Whole run at the defaults on an idle 2-core machine: about 6 to 9 minutes
 * a round.
 */
const ROOT = fileURLToPath(new URL('..', import.meta.url));
const SECONDS = arg('seconds', 5);
const CLIENTS = argList('clients', ['2', '10', '25', '50', '100']).map(Number).filter((n) => n > 0);
const EDITS = arg('edits', 300);
const COLD_RUNS = arg('cold-runs', 5);
const COLD_STEPS = arg('cold-steps', 2000);
const TARGETS = argList('targets', ['stallmap', 'stock', 'stock-leveldb']);
const STALLMAP_HOW = argList('stallmap', ['compiled'])[0];
const ROUNDS = Math.max(1, arg('rounds', 1));
const BASELINE = argList('baseline', [])[0];
const CPU_PROFILES = argList('cpu-prof', [])[0];
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
const COMPILED_BASELINE = join(ROOT, 'node_modules/.cache/stallmap-relay-compare-baseline');
async function compiledStallmap(): Promise<string[]> {
  if (STALLMAP_HOW === 'tsx') return stallmapThroughTsx;
  await buildServer(join(COMPILED, 'server'));
  return asModules(COMPILED);
}

/** The server as it was at commit `rev`, compiled by that commit's own build script, in a worktree that borrows today's node_modules. */
async function compiledAt(rev: string): Promise<string[]> {
  const tree = mkdtempSync(join(tmpdir(), 'relay-compare-baseline-'));
  const added = spawnSync('git', ['worktree', 'add', '--detach', tree, rev], { cwd: ROOT, encoding: 'utf8' });
  if (added.status !== 0) throw new Error(`--baseline ${rev}: ${added.stderr.trim()}`);
  try {
    symlinkSync(join(ROOT, 'node_modules'), join(tree, 'node_modules'));
    const { buildServer: buildThen } = (await import(pathToFileURL(join(tree, 'scripts/build-server.ts')).href)) as { buildServer: (outdir: string) => Promise<unknown> };
    await buildThen(join(COMPILED_BASELINE, 'server'));
  } finally {
    spawnSync('git', ['worktree', 'remove', '--force', tree], { cwd: ROOT });
    rmSync(tree, { recursive: true, force: true });
  }
  return asModules(COMPILED_BASELINE);
}

/**
 * Node's flags that profile a server into `--cpu-prof DIR`, if asked. Node writes the profile as
 * the process exits; the stock relay has no handler for SIGTERM and would die without writing it,
 * so it is started with a preload that exits on SIGTERM (`stock`: true).
 */
function profiled(stock = false): string[] {
  if (!CPU_PROFILES) return [];
  const flags = ['--cpu-prof', '--cpu-prof-dir', CPU_PROFILES];
  if (!stock) return flags;
  const exitOnTerm = join(CPU_PROFILES, 'exit-on-sigterm.cjs');
  mkdirSync(CPU_PROFILES, { recursive: true });
  writeFileSync(exitOnTerm, "process.on('SIGTERM', () => process.exit(0));\n");
  return [...flags, '--require', exitOnTerm];
}

/** Outside a package scope (node_modules), .js would be CommonJS; the build is ES modules. Returns the args that start it. */
function asModules(root: string): string[] {
  writeFileSync(join(root, 'package.json'), '{ "type": "module" }\n');
  return [...profiled(), join(root, 'server/main.js')];
}

function targets(stallmapArgs: string[], baselineArgs: string[] | undefined): Target[] {
  const stallmap = (key: string, label: string, args: string[]): Target => ({
    key,
    label,
    durable: true,
    start: async (dataDir) => spawnServer(args, { STALLMAP_DATA: dataDir, STALLMAP_DEV: '' }, await freePort()),
    syncUrl: (server) => `ws://127.0.0.1:${server.port}/sync`,
    async openRoom(server, map) {
      const created = await createMap(server.url, map);
      return { room: created.id, token: created.token, release: () => {} };
    },
  });
  const stock = (leveldb: boolean): Target => ({
    key: leveldb ? 'stock-leveldb' : 'stock',
    label: leveldb ? 'stock relay, LevelDB' : 'stock relay, memory',
    durable: leveldb,
    start: async (dataDir) => spawnServer([...profiled(true), join(STOCK_RELAY, 'src/server.js')], leveldb ? { YPERSISTENCE: dataDir } : {}, await freePort()),
    syncUrl: (server) => `ws://127.0.0.1:${server.port}`,
    async openRoom(server, map) {
      const room = `bench-${map.steps.length}`;
      return { room, ...(await seedRoom(this.syncUrl(server), room, map)) };
    },
  });
  const baseline = baselineArgs ? [stallmap('baseline', `Stallmap at ${git('rev-parse', '--short', BASELINE)}`, baselineArgs)] : [];
  return [stallmap('stallmap', 'Stallmap', stallmapArgs), ...baseline, stock(false), stock(true)].filter((t) => t === baseline[0] || TARGETS.includes(t.key));
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
const ms = (value: number | undefined) => (value === undefined || Number.isNaN(value) ? '—' : value >= 100 ? value.toFixed(0) : value.toFixed(1));
const spread = (values: number[]) => (values.length ? `${ms(median(values))} (${ms(Math.min(...values))}–${ms(Math.max(...values))})` : '—');
const converged = (run: RoomRun) => (run.converged === run.clients ? `yes, ${ms(run.convergedMs)} ms` : `**no**, ${run.converged}/${run.clients}`);

/** One summary row: each server's rounds of figures, and optionally a cell of its own (cold loads give a spread) or a note. */
interface Row { label: string; rounds: Map<string, Round[]>; cells: Map<string, string>; notes: Map<string, string> }

function printSummary(rows: Row[], shown: Target[]) {
  const others = shown.filter((t) => t.key !== 'stallmap');
  const hasStallmap = shown.some((t) => t.key === 'stallmap');
  const versus = hasStallmap ? others : [];
  console.log(`| figure | ${shown.map((t) => t.label).join(' | ')} |${versus.map((t) => ` Stallmap / ${t.label.replace('stock relay, ', '')} |`).join('')}`);
  console.log(`|---|${shown.map(() => '---:|').join('')}${versus.map(() => '---:|').join('')}`);
  for (const row of rows) {
    const cells = shown.map((t) => {
      const rounds = row.rounds.get(t.key);
      if (!rounds) return '—';
      const medians = mediansOf(rounds);
      if (!medians) return 'failed';
      return `${row.cells.get(t.key) ?? medians.map(ms).join(' / ')}${failedNote(rounds)}${row.notes.get(t.key) ?? ''}`;
    });
    const ratios = versus.map((t) => {
      const ours = row.rounds.get('stallmap');
      const theirs = row.rounds.get(t.key);
      if (!ours || !theirs) return '—';
      return pairedRatios(ours, theirs)
        .map((r) => (r === undefined ? '—' : `${r.toFixed(2)}x`))
        .join(' / ');
    });
    console.log(`| ${row.label} | ${[...cells, ...ratios].join(' | ')} |`);
  }
}

// ---------------------------------------------------------------- main
const git = (...args: string[]) => spawnSync('git', args, { cwd: ROOT, encoding: 'utf8' }).stdout.trim();
const versionOf = (dir: string) => (JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')) as { version: string }).version;

/** Each measurement's rounds, by server and measurement. */
class Results<T> {
  private readonly rounds = new Map<string, (T | Error)[]>();
  add(target: Target, measurement: string, result: T | Error): void {
    const key = `${target.key} ${measurement}`;
    this.rounds.set(key, [...(this.rounds.get(key) ?? []), result]);
  }
  of(target: Target, measurement: string): (T | Error)[] {
    return this.rounds.get(`${target.key} ${measurement}`) ?? [];
  }
  get failures(): number {
    return [...this.rounds.values()].flat().filter((r) => r instanceof Error).length;
  }
}

async function main() {
  const began = Date.now();
  const load = () => loadavg().map((l) => l.toFixed(2)).join(', ');
  const changed = git('status', '--porcelain', '--', 'server', 'src').split('\n').filter(Boolean);
  console.log(`Machine: ${cpus().length} cores, ${cpus()[0]?.model}, Node ${process.version}; ${new Date().toISOString().slice(0, 16).replace('T', ' ')} UTC`);
  console.log(`Commit: ${git('log', '-1', '--format=%h %cd %s', '--date=short').slice(0, 90)}${changed.length ? ` plus uncommitted changes to ${changed.length} files under server/ and src/ (measured as they were)` : ''}`);
  if (BASELINE) console.log(`Baseline: ${git('log', '-1', '--format=%h %cd %s', '--date=short', BASELINE).slice(0, 90)}`);
  console.log(`Stock relay: @y/websocket-server ${versionOf(STOCK_RELAY)}; yjs ${versionOf(join(ROOT, 'node_modules/yjs'))}, y-websocket ${versionOf(join(ROOT, 'node_modules/y-websocket'))}`);
  console.log(`Load average at the start (1, 5, 15 min): ${load()}`);
  console.log(
    `Settings: --rounds ${ROUNDS} --seconds ${SECONDS} --clients ${CLIENTS.join(',') || 0} --edits ${EDITS} --cold-runs ${COLD_RUNS} --cold-steps ${COLD_STEPS} --stallmap ${STALLMAP_HOW}${BASELINE ? ` --baseline ${BASELINE}` : ''}\n`,
  );

  const shown = targets(await compiledStallmap(), BASELINE ? await compiledAt(BASELINE) : undefined);
  const pairs = new Results<Percentiles>();
  const runs = new Results<RoomRun>();
  const colds = new Results<ColdResult>();
  const details: string[] = [];
  const progress = (what: string) => console.error(`done: ${what}, ${((Date.now() - began) / 1000).toFixed(0)} s in (load ${loadavg()[0].toFixed(1)})`);

  for (let round = 0; round < ROUNDS; round += 1) {
    const turn = inTurn(shown, round);
    if (EDITS > 0) {
      for (const t of turn) {
        const pair = await withServer(t, async (server) => {
          const room = await t.openRoom(server, benchMap(['pair']));
          room.release();
          await sleep(200);
          return isolatedEdits(t.syncUrl(server), room.room, EDITS, room.token);
        });
        pairs.add(t, 'pair', pair);
      }
      progress(`round ${round + 1}, isolated edits`);
    }
    for (const clients of CLIENTS) {
      const stepIds = Array.from({ length: clients }, (_, i) => `s${i}`);
      for (const cursors of [false, true]) {
        for (const t of turn) {
          const run = await withServer(t, async (server) => {
            const room = await t.openRoom(server, benchMap(stepIds));
            const job = { syncUrl: t.syncUrl(server), room: room.room, token: room.token, stepIds, seconds: SECONDS, cursors: cursors ? ('each-move' as const) : 0 };
            return driveRoom({ ...job, serverPid: server.child.pid as number, beforeGo: async () => room.release() });
          });
          runs.add(t, `${clients} ${cursors}`, run);
          details.push(roomDetail(t, round, clients, cursors, run));
          progress(`round ${round + 1}, ${t.label}, ${clients} clients, cursors ${cursors ? 'on' : 'off'}`);
        }
      }
    }
    if (COLD_RUNS > 0) {
      for (const t of turn) colds.add(t, 'cold', await coldLoads(t));
      progress(`round ${round + 1}, cold loads`);
    }
  }

  // The summary, one row per figure
  const rows: Row[] = [];
  const row = <T>(label: string, results: Results<T>, measurement: string, pick: (result: T) => number[] | undefined, extra?: (results: T[]) => { cell?: string; note?: string }) => {
    const r: Row = { label, rounds: new Map(), cells: new Map(), notes: new Map() };
    for (const t of shown) {
      const all = results.of(t, measurement);
      const rounds = all.flatMap((result): Round[] => {
        if (result instanceof Error) return [result];
        const figures = pick(result);
        return figures ? [figures] : [];
      });
      if (rounds.length === 0) continue;
      r.rounds.set(t.key, rounds);
      const { cell, note } = extra?.(all.filter((result): result is T => !(result instanceof Error))) ?? {};
      if (cell) r.cells.set(t.key, cell);
      if (note) r.notes.set(t.key, note);
    }
    rows.push(r);
  };
  if (EDITS > 0) row(`2 clients, ${EDITS} isolated edits: p50 / p95 ms`, pairs, 'pair', (p) => [p.p50, p.p95]);
  const notConverged = (all: RoomRun[]) => {
    const missed = all.filter((run) => run.converged !== run.clients).length;
    return { note: missed ? ` (not converged in ${missed} of ${all.length})` : '' };
  };
  for (const clients of CLIENTS) {
    for (const cursors of [false, true]) {
      const label = `${clients} clients, ${cursors ? 'cursor on each move' : 'no cursors'}: edit p50 / p95 ms`;
      row(label, runs, `${clients} ${cursors}`, (run) => [run.drag.p50, run.drag.p95], notConverged);
    }
  }
  if (CLIENTS.includes(10)) row('10 clients, cursor to visible p95 ms', runs, '10 true', (run) => [run.cursor.p95]);
  if (CLIENTS.includes(50)) row('Idle RSS, 50 clients connected and synced, MiB', runs, '50 false', (run) => [run.idleRssMiB]);
  if (COLD_RUNS > 0) {
    const coldRow = (label: string, pick: (c: ColdResult) => number[]) =>
      row(label, colds, 'cold', (c) => (pick(c).length ? [median(pick(c))] : undefined), (all) => ({ cell: spread(all.flatMap(pick)) }));
    coldRow(`${COLD_STEPS}-step map, fresh client to full doc, room loaded: ms, median (min–max)`, (c) => c.loadedMs);
    coldRow(`${COLD_STEPS}-step map, fresh client to full doc, first client after a restart (from disk): ms`, (c) => c.fromDiskMs);
    coldRow('Restart: spawn to first accepted connection, ms', (c) => c.listeningMs);
  }

  const rounds = ROUNDS > 1 ? `medians of ${ROUNDS} rounds, the servers taking turns; ratios are medians of each round's ratio` : 'ratios';
  console.log(`### Side by side (${SECONDS} s per room; p50 / p95; ${rounds}: Stallmap's figure over the other's, below 1 is Stallmap ahead)\n`);
  printSummary(rows, shown);
  console.log('\n### Each room run\n');
  console.log('| server | round | clients | cursors | writes/s | edit p50 / p95 / p99 ms | cursor p50 / p95 ms | converged within 10 s | server CPU % | server RSS idle / peak MiB | worker loop p99 ms | load |');
  console.log('|---|---:|---:|---|---:|---:|---:|---|---:|---:|---:|---:|');
  for (const line of details) console.log(line);
  console.log(`\nLoad average at the end (1, 5, 15 min): ${load()}; whole run ${((Date.now() - began) / 1000).toFixed(0)} s.`);
  console.log('Percentiles of a room that did not converge count only the updates that arrived, which flatters that server.');
  console.log('Each client writes 30 times a second: writes/s well below 30 x clients means the client workers were starved of CPU and');
  console.log('the servers were not offered the same load; compare latencies only between runs whose writes/s are close.');
  const failures = pairs.failures + runs.failures + colds.failures;
  if (failures) {
    console.error(`${failures} measurements failed`);
    process.exitCode = 1;
  }
}

/** A line of the table of every room run. */
function roomDetail(t: Target, round: number, clients: number, cursors: boolean, run: RoomRun | Error): string {
  const head = `| ${t.label} | ${round + 1} | ${clients} | ${cursors ? 'each move' : 'off'} |`;
  if (run instanceof Error) return `${head} failed: ${run.message.replaceAll('|', '/')} |||||||`;
  const { drag, cursor } = run;
  return `${head} ${(run.edits / run.seconds).toFixed(0)} | ${ms(drag.p50)} / ${ms(drag.p95)} / ${ms(drag.p99)} | ${cursors ? `${ms(cursor.p50)} / ${ms(cursor.p95)}` : '—'} | ${converged(run)} | ${run.serverCpuPercent.toFixed(0)} | ${run.idleRssMiB.toFixed(0)} / ${run.peakRssMiB.toFixed(0)} | ${run.workerLoopP99s.map((v) => v.toFixed(0)).join(', ')} | ${run.loadBefore.toFixed(1)} |`;
}

try {
  await main();
} finally {
  rmSync(COMPILED, { recursive: true, force: true });
  rmSync(COMPILED_BASELINE, { recursive: true, force: true });
}
