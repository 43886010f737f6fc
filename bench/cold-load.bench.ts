/**
 * Cold load, memory and restart (BENCHMARKS.md, "Cold load, memory and restart"), Stallmap
 * against the stock relay (@y/websocket-server, with its LevelDB persistence) in the same run.
 *
 * - Cold load: a client (the stock provider) opening a 2,000-step map that is not loaded, from
 *   connect to synced: in a warm process (the room unloaded after its last client left), and
 *   as the first client of a process just restarted (from disk).
 * - Memory: the server's heap and RSS (after two forced GCs) with the map's room loaded and
 *   `--clients` clients idle in it, less the same before the room was loaded; measured right
 *   after an edit and again once the room has been quiet for longer than STALLMAP_SHADOW_IDLE_MS.
 * - Restart to listening: the compiled server (built into a scratch dir as `npm run build` does)
 *   and the stock relay's own bin, from spawn to the line each prints when listening, with the
 *   map on disk.
 *
 * Servers run in their own processes (forked with --serve); clients run here. `--runs N` (7),
 * `--clients N` (50), `--steps N` (2000). `--before DIR`: also measure the server in DIR (a copy
 * of an earlier commit's tree inside node_modules/, e.g. `git archive HEAD server src scripts bin
 * package.json | tar -x -C node_modules/.cache/before`), as "Stallmap before".
 */
import { type ChildProcess, fork, spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer as createHttpServer } from 'node:http';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { WebSocketServer } from 'ws';
import type * as Y from 'yjs';
import { itemFromFields, stepsOf, writeMap } from '../src/collab/doc';
import { generateMap } from './generate-map';
import { client as stockClient } from './sync-clients';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const arg = (name: string, fallback: number) => {
  const at = process.argv.indexOf(`--${name}`);
  return at > 0 ? Number(process.argv[at + 1]) : fallback;
};
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];
const summary = (values: number[], digits = 0) => `${median(values).toFixed(digits)} (${Math.min(...values).toFixed(digits)}–${Math.max(...values).toFixed(digits)})`;
const MiB = (bytes: number) => bytes / 1024 / 1024;

type Kind = 'stallmap' | 'before' | 'stock';
const BEFORE = (() => {
  const at = process.argv.indexOf('--before');
  return at > 0 ? resolve(process.argv[at + 1]) : undefined;
})();
interface Memory {
  heapUsed: number;
  rss: number;
}

/** The server side: one server in this process, reporting its memory after GC when asked. */
async function serve(kind: Kind, dataDir: string): Promise<void> {
  const gc = (globalThis as { gc?: () => void }).gc;
  if (!gc) throw new Error('run the server with --expose-gc');
  let port: number;
  if (kind !== 'stock') {
    const root = kind === 'before' ? (process.env.STALLMAP_BENCH_BEFORE as string) : ROOT;
    const { startServer } = (await import(join(root, 'server/app.ts'))) as typeof import('../server/app');
    const silent = { info: () => undefined, warn: () => undefined, error: () => undefined };
    const server = await startServer({ port: 0, host: '127.0.0.1', dataDir, logger: silent, roomIdleMs: 200, ...shadowIdle() });
    port = server.port;
  } else {
    process.env.YPERSISTENCE = dataDir;
    const { setupWSConnection } = await import('@y/websocket-server/utils');
    const wss = new WebSocketServer({ noServer: true });
    const http = createHttpServer((_req, res) => res.end('okay'));
    http.on('upgrade', (req, socket, head) => wss.handleUpgrade(req, socket, head, (ws) => setupWSConnection(ws, req)));
    await new Promise<void>((resolve) => http.listen(0, '127.0.0.1', resolve));
    port = (http.address() as { port: number }).port;
  }
  process.on('message', (message: string) => {
    if (message !== 'memory') return;
    gc();
    gc();
    const { heapUsed, rss } = process.memoryUsage();
    process.send?.({ heapUsed, rss });
  });
  process.send?.({ port });
}

function shadowIdle(): { shadowIdleMs?: number } {
  const ms = Number(process.env.STALLMAP_SHADOW_IDLE_MS);
  return Number.isFinite(ms) && ms > 0 ? { shadowIdleMs: ms } : {};
}

/** A server process (this file with --serve) and how to reach and measure it. */
async function startChild(kind: Kind, dataDir: string) {
  const child = fork(fileURLToPath(import.meta.url), ['--serve', kind, dataDir], {
    execArgv: ['--expose-gc', '--import', 'tsx'],
    env: { ...process.env, STALLMAP_SHADOW_IDLE_MS: '1000', ...(BEFORE ? { STALLMAP_BENCH_BEFORE: BEFORE } : {}) },
    stdio: 'inherit',
  });
  const port = await new Promise<number>((resolve, reject) => {
    child.once('message', (m: { port: number }) => resolve(m.port));
    child.once('exit', (code) => reject(new Error(`${kind} server exited ${code}`)));
  });
  const memory = () =>
    new Promise<Memory>((resolve) => {
      child.once('message', (m: Memory) => resolve(m));
      child.send('memory');
    });
  const stop = () =>
    new Promise<void>((resolve) => {
      if (child.exitCode !== null) return resolve();
      child.once('exit', () => resolve());
      child.kill('SIGTERM');
    });
  return { child, port, memory, stop };
}

/** Where a client of each server connects: Stallmap needs the map's id and a token. */
interface Target {
  url: (port: number) => string;
  room: string;
  token?: string;
}

function client(port: number, target: Target) {
  const c = stockClient(target.url(port), target.room, target.token);
  const close = () => {
    c.provider.destroy();
    c.doc.destroy();
  };
  return { ...c, close };
}

/**
 * Milliseconds from a new client's connect to holding every step. Not the provider's 'sync'
 * event: the stock relay answers from an empty doc while its persistence still loads, and sends
 * the map afterwards as an update.
 */
async function timeToSynced(port: number, target: Target, steps: number): Promise<number> {
  const started = performance.now();
  const c = client(port, target);
  await hasSteps(c.doc, steps);
  const ms = performance.now() - started;
  c.close();
  return ms;
}

function hasSteps(doc: Y.Doc, steps: number): Promise<void> {
  return new Promise((resolve, reject) => {
    const timeout = setTimeout(() => reject(new Error(`no ${steps} steps within 60 s (${stepsOf(doc).size})`)), 60_000);
    const check = () => {
      if (stepsOf(doc).size < steps) return;
      clearTimeout(timeout);
      doc.off('update', check);
      resolve();
    };
    doc.on('update', check);
    check();
  });
}

/** The map stored in a fresh data dir, and where its clients connect. */
async function seed(kind: Kind, dataDir: string, steps: number): Promise<Target> {
  const map = generateMap(steps);
  const server = await startChild(kind, dataDir);
  try {
    if (kind !== 'stock') {
      const res = await fetch(`http://127.0.0.1:${server.port}/api/maps`, { method: 'POST', body: JSON.stringify(map), headers: { 'Content-Type': 'application/json' } });
      if (res.status !== 201) throw new Error(`POST /api/maps answered ${res.status}`);
      const { id, links } = (await res.json()) as { id: string; links: { edit: string } };
      return { url: (port) => `ws://127.0.0.1:${port}/sync`, room: id, token: new URL(links.edit).hash.replace('#token=', '') };
    }
    const target: Target = { url: (port) => `ws://127.0.0.1:${port}`, room: 'map' };
    const c = client(server.port, target);
    await c.synced;
    writeMap(c.doc, map);
    // The stock relay stores each update as it comes; wait until a second client sees all of it.
    await sleep(500);
    c.close();
    await sleep(300);
    return target;
  } finally {
    await server.stop();
  }
}

/** From disk after a restart: the first client of a fresh process, the servers taking turns. */
async function fromDisk(seeded: Map<Kind, { dataDir: string; target: Target }>, runs: number, steps: number) {
  const times = new Map<Kind, number[]>([...seeded.keys()].map((kind) => [kind, []]));
  for (let i = 0; i < runs; i++) {
    for (const [kind, { dataDir, target }] of seeded) {
      const server = await startChild(kind, dataDir);
      times.get(kind)?.push(await timeToSynced(server.port, target, steps));
      await server.stop();
    }
  }
  return times;
}

async function measure(kind: Kind, dataDir: string, target: Target, runs: number, clients: number, steps: number) {
  {
    const server = await startChild(kind, dataDir);
    // Warm the process up on the map once, then time loads of the unloaded room.
    await timeToSynced(server.port, target, steps);
    const warm: number[] = [];
    for (let i = 0; i < runs; i++) {
      await sleep(600); // Stallmap unloads an empty room after 200 ms here; the stock relay at once.
      warm.push(await timeToSynced(server.port, target, steps));
    }
    await sleep(600);
    const before = await server.memory();
    const open = Array.from({ length: clients }, () => client(server.port, target));
    await Promise.all(open.map((c) => hasSteps(c.doc, steps)));
    // One edit, as a room in use has: Stallmap's shadow doc is built by the first update.
    stepsOf(open[0].doc).set('bench-edit', itemFromFields({ kind: 'human', label: 'edited' }));
    await sleep(300);
    const edited = await server.memory();
    await sleep(1500); // past STALLMAP_SHADOW_IDLE_MS (1 s here)
    const idle = await server.memory();
    for (const c of open) c.close();
    await server.stop();
    const delta = (m: Memory) => ({ heap: MiB(m.heapUsed - before.heapUsed), rss: MiB(m.rss - before.rss), heapTotal: MiB(m.heapUsed), rssTotal: MiB(m.rss) });
    return { warm, edited: delta(edited), idle: delta(idle) };
  }
}

/**
 * Spawn to the listening line: wall time seen from here (spawn to the line) and the process's
 * own CPU time until it printed it.
 */
async function timeToListening(command: string, args: string[], env: Record<string, string>, line: RegExp): Promise<{ wall: number; cpu: number }> {
  const started = performance.now();
  const child: ChildProcess = spawn(command, args, { cwd: ROOT, env: { ...process.env, HOST: '127.0.0.1', PORT: '0', ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  const ms = await new Promise<{ wall: number; cpu: number }>((resolve, reject) => {
    child.stdout?.on('data', (chunk: Buffer) => {
      out += chunk.toString();
      const found = line.exec(out);
      if (found) resolve({ wall: performance.now() - started, cpu: Number(/cpu=(\d+)/.exec(found[0])?.[1]) });
    });
    child.once('exit', (code) => reject(new Error(`${command} exited ${code}: ${out}`)));
  });
  await new Promise<void>((resolve) => {
    child.removeAllListeners('exit');
    child.once('exit', () => resolve());
    child.kill('SIGTERM');
  });
  return ms;
}

/** Where the restarted process reports how long it took to listen, by its own clocks (process.cpuUsage: what a busy machine inflates least). */
const PROBE = `const write = process.stdout.write.bind(process.stdout);
let done = false;
process.stdout.write = (chunk, ...rest) => {
  if (!done && /server\\.listening|running at|^up/.test(String(chunk))) {
    done = true;
    const u = process.cpuUsage();
    require('fs').writeSync(1, 'PROBE cpu=' + Math.round((u.user + u.system) / 1000) + ' wall=' + Math.round(performance.now()) + '\\n');
  }
  return write(chunk, ...rest);
};
`;

interface StartTimes {
  wall: number[];
  cpu: number[];
}

async function restarts(runs: number, steps: number) {
  const scratch = join(ROOT, 'node_modules/.cache/cold-load-bench');
  mkdirSync(scratch, { recursive: true });
  const probe = join(scratch, 'probe.cjs');
  writeFileSync(probe, PROBE);
  const builds: [string, string][] = [['stallmap', ROOT]];
  if (BEFORE) builds.push(['before', BEFORE]);
  const dists = new Map<string, string>();
  for (const [name, root] of builds) {
    const { buildServer } = (await import(join(root, 'scripts/build-server.ts'))) as typeof import('../scripts/build-server');
    dists.set(name, join(scratch, `dist-${name}`, 'dist-server'));
    await buildServer(dists.get(name));
  }
  const ours = mkdtempSync(join(tmpdir(), 'restart-stallmap-'));
  const theirs = mkdtempSync(join(tmpdir(), 'restart-stock-'));
  try {
    await seed('stallmap', ours, steps);
    await seed('stock', theirs, steps);
    const commands: [string, string[], Record<string, string>][] = [
      ...[...dists].map(([name, dist]): [string, string[], Record<string, string>] => [name, ['-r', probe, join(dist, 'main.js')], { STALLMAP_DATA: ours }]),
      ['stock', ['-r', probe, 'node_modules/@y/websocket-server/src/server.js'], { YPERSISTENCE: theirs }],
      ['node', ['-r', probe, '-e', 'console.log("up")'], {}],
    ];
    const times = new Map<string, StartTimes>(commands.map(([name]) => [name, { wall: [], cpu: [] }]));
    for (let i = 0; i < runs; i++) {
      // Interleaved, so a busy moment on the machine costs each alike.
      for (const [name, args, env] of commands) {
        const out = await timeToListening(process.execPath, args, env, /PROBE cpu=\d+ wall=\d+/);
        times.get(name)?.wall.push(out.wall);
        times.get(name)?.cpu.push(out.cpu);
      }
    }
    return times;
  } finally {
    rmSync(ours, { recursive: true, force: true });
    rmSync(theirs, { recursive: true, force: true });
    rmSync(scratch, { recursive: true, force: true });
  }
}

async function main() {
  process.setMaxListeners(0); // each stock provider adds an exit listener
  const runs = arg('runs', 7);
  const clients = arg('clients', 50);
  const steps = arg('steps', 2000);
  console.log(`${cpus().length} × ${cpus()[0]?.model}, Node ${process.version}, load average ${loadavg().map((l) => l.toFixed(2)).join(' ')}, ${new Date().toISOString()}\n`);
  console.log(`### Cold load of a ${steps}-step map and an idle room with ${clients} clients\n`);
  console.log('| server | cold load, warm process, ms | first client after a restart, ms | heap / RSS after an edit, MiB over before the room | the same, idle room | heap / RSS in total, idle |');
  console.log('|---|---:|---:|---:|---:|---:|');
  const labels: Record<string, string> = {
    stallmap: 'Stallmap',
    before: 'Stallmap before',
    stock: 'stock relay (LevelDB)',
    node: "`node -e 'console.log()'` (Node's own start)",
  };
  const kinds: Kind[] = BEFORE ? ['stallmap', 'before', 'stock'] : ['stallmap', 'stock'];
  const seeded = new Map<Kind, { dataDir: string; target: Target }>();
  for (const kind of kinds) {
    const dataDir = mkdtempSync(join(tmpdir(), `cold-load-${kind}-`));
    seeded.set(kind, { dataDir, target: await seed(kind, dataDir, steps) });
  }
  try {
    const restarted = await fromDisk(seeded, runs, steps);
    for (const [kind, { dataDir, target }] of seeded) {
      const r = await measure(kind, dataDir, target, runs, clients, steps);
      const mem = (m: { heap: number; rss: number }) => `${m.heap.toFixed(1)} / ${m.rss.toFixed(1)}`;
      console.log(`| ${labels[kind]} | ${summary(r.warm)} | ${summary(restarted.get(kind) ?? [])} | ${mem(r.edited)} | ${mem(r.idle)} | ${r.idle.heapTotal.toFixed(1)} / ${r.idle.rssTotal.toFixed(1)} |`);
    }
  } finally {
    for (const { dataDir } of seeded.values()) rmSync(dataDir, { recursive: true, force: true });
  }
  console.log(`\n### Restart to listening, the ${steps}-step map on disk (median (min–max) of ${runs}, interleaved)\n`);
  console.log('Compiled as `npm run build` compiles it (`node dist-server/main.js`: what `npm start` runs on a current build, and the container).\n');
  console.log('| command | wall ms, spawn to listening | CPU ms of the process until listening |');
  console.log('|---|---:|---:|');
  for (const [name, t] of await restarts(runs, steps)) console.log(`| ${labels[name]} | ${summary(t.wall)} | ${summary(t.cpu)} |`);
  console.log(`\nload average at the end ${loadavg().map((l) => l.toFixed(2)).join(' ')}`);
}

if (process.argv[2] === '--serve') await serve(process.argv[3] as Kind, process.argv[4]);
else await main();
