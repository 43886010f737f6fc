import { type ChildProcess, fork, spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { createConnection, createServer } from 'node:net';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { pathToFileURL } from 'node:url';
import { WebSocket } from 'ws';
import { WebsocketProvider } from 'y-websocket';
import * as Y from 'yjs';
import { type ItemMap, stepsOf, writeMap } from '../src/collab/doc';
import type { StallMap } from '../src/core/model';

/**
 * What the sync benchmarks share (sync.bench.ts, relay-compare.bench.ts): stock y-websocket
 * clients in forked worker processes (this file, forked with --worker), latency histograms that
 * merge across those processes, and servers started in their own processes on loopback.
 * Latency is wall clock from the sender's write to the receiver's observer: a dragged step's
 * position carries its send time in `y`, a cursor its send time in `t`, so receivers in either
 * worker can measure it.
 */
/** `--name value` on the command line (`npm run bench name -- --name value` passes it on), else `fallback`. */
const option = (name: string) => {
  const at = process.argv.indexOf(`--${name}`);
  return at > 0 ? process.argv[at + 1] : undefined;
};
export const arg = (name: string, fallback: number) => Number(option(name) ?? fallback);
export const argList = (name: string, fallback: string[]) => option(name)?.split(',') ?? fallback;
const wallNow = () => performance.timeOrigin + performance.now();
export const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Latency histogram in 0.1 ms buckets: mergeable across processes, unlike a list of samples. */
export type Histogram = Record<number, number>;
export const record = (h: Histogram, ms: number) => {
  const bucket = Math.max(0, Math.round(ms * 10));
  h[bucket] = (h[bucket] ?? 0) + 1;
};
export function merge(histograms: Histogram[]): Histogram {
  const sum: Histogram = {};
  for (const h of histograms) for (const [b, n] of Object.entries(h)) sum[Number(b)] = (sum[Number(b)] ?? 0) + n;
  return sum;
}
export type Percentiles = ReturnType<typeof percentiles>;
export function percentiles(h: Histogram) {
  const buckets = Object.entries(h).map(([b, n]) => [Number(b), n] as const).sort((a, b) => a[0] - b[0]);
  const total = buckets.reduce((sum, [, n]) => sum + n, 0);
  const at = (p: number) => {
    let seen = 0;
    for (const [bucket, n] of buckets) {
      seen += n;
      if (seen >= p * total) return bucket / 10;
    }
    return Number.NaN;
  };
  return { samples: total, p50: at(0.5), p95: at(0.95), p99: at(0.99), max: at(1) };
}

/** A stock provider; `token` only for Stallmap (the stock relay takes any room name and no token). */
export function client(syncUrl: string, room: string, token?: string, doc = new Y.Doc()) {
  const provider = new WebsocketProvider(syncUrl, room, doc, {
    WebSocketPolyfill: WebSocket as unknown as typeof globalThis.WebSocket,
    params: token ? { token } : {},
    disableBc: true,
  });
  const synced = new Promise<void>((resolve) => provider.once('sync', () => resolve()));
  // The awareness (created with the provider) runs an interval until its doc is destroyed: a
  // client left with only its provider destroyed keeps the process alive.
  const close = () => {
    provider.destroy();
    doc.destroy();
  };
  return { doc, provider, synced, close };
}

/** Records, for one client, how long others' drags and cursor moves took to reach it. */
export function measureLatency(c: ReturnType<typeof client>, ownStep: string, drag: Histogram, cursor: Histogram) {
  stepsOf(c.doc).observeDeep((events) => {
    const now = wallNow();
    for (const event of events) {
      const id = event.path[0] as string;
      const position = (event.target as ItemMap).get('position') as { y: number } | undefined;
      if (id !== ownStep && position && event.keys?.has('position')) record(drag, now - position.y);
    }
  });
  c.provider.awareness.on('change', ({ updated }: { updated: number[] }) => {
    const now = wallNow();
    for (const id of updated) {
      const t = (c.provider.awareness.getStates().get(id) as { cursor?: { t: number } } | undefined)?.cursor?.t;
      if (id !== c.doc.clientID && t) record(cursor, now - t);
    }
  });
}

/** The map both kinds of server hold for a room run: one step per client, each dragged by its client. */
export function benchMap(stepIds: string[]): StallMap {
  const steps = stepIds.map((id, i) => ({ id, kind: 'human' as const, label: `Step ${id}`, position: { x: i * 10, y: 0 } }));
  return { format: 'stallmap/map', version: 2, id: 'bench', title: 'Bench', steps, joins: [], waivers: [], comments: [] };
}

/** A map on a Stallmap server through its HTTP API: the room is its id, the clients need its edit token. */
export async function createMap(url: string, map: StallMap) {
  const res = await fetch(`${url}/api/maps`, { method: 'POST', body: JSON.stringify(map), headers: { 'Content-Type': 'application/json' } });
  if (!res.ok) throw new Error(`creating the map: ${res.status} ${await res.text()}`);
  const created = (await res.json()) as { id: string; links: { edit: string; view: string } };
  return { id: created.id, token: created.links.edit.split('#token=')[1], viewToken: created.links.view.split('#token=')[1] };
}

/**
 * Puts `map` into a room of a stock relay (which has no HTTP API) the way the editor would: a
 * client holding it connects and answers the relay's sync request. Resolves once a second,
 * fresh client sees every step; the seeding client stays connected until `release`.
 */
export async function seedRoom(syncUrl: string, room: string, map: StallMap) {
  const doc = new Y.Doc();
  writeMap(doc, map);
  const seeder = client(syncUrl, room, undefined, doc);
  await seeder.synced;
  const deadline = Date.now() + 30_000;
  for (;;) {
    const checker = client(syncUrl, room);
    await checker.synced;
    await sleep(100);
    const complete = stepsOf(checker.doc).size === map.steps.length;
    checker.close();
    if (complete) break;
    if (Date.now() > deadline) throw new Error(`seeding ${room}: the relay does not hold all ${map.steps.length} steps after 30 s`);
  }
  return { release: seeder.close };
}

// ---------------------------------------------------------------- worker side
/** The writer on `syncUrl`, the reader on `readerSyncUrl` (another server of a cluster) or the same. */
interface PairJob { type: 'pair'; syncUrl: string; readerSyncUrl?: string; room: string; token?: string; edits: number }
/** One room's clients in one worker: one per step of `mine`, each dragging it. */
interface RoomPart { syncUrl: string; room: string; token?: string; mine: string[] }
/**
 * Each client drags its own step at 30 Hz for `seconds`. Cursors: a number is a rate of its own
 * (Hz, 0 = none), 'each-move' sends one with every drag move, as a page does while the pointer
 * drags a step.
 */
interface RoomJob { type: 'room'; parts: RoomPart[]; seconds: number; cursors: number | 'each-move' }

/**
 * Resolves once the client holds `steps`. The first sync answer is not enough: the stock relay
 * with LevelDB answers before it has read the room from disk and sends the content after.
 */
async function holding(c: ReturnType<typeof client>, steps: string[]) {
  await c.synced;
  const deadline = Date.now() + 60_000;
  while (!steps.every((id) => stepsOf(c.doc).has(id))) {
    if (Date.now() > deadline) throw new Error('a client did not receive its steps within 60 s of connecting');
    await sleep(5);
  }
}

async function workerPair(job: PairJob) {
  const a = client(job.syncUrl, job.room, job.token);
  const b = client(job.readerSyncUrl ?? job.syncUrl, job.room, job.token);
  await Promise.all([holding(a, ['pair']), holding(b, ['pair'])]);
  const latency: Histogram = {};
  let waiting: ((x: number) => void) | undefined;
  stepsOf(b.doc).observeDeep(() => waiting?.((stepsOf(b.doc).get('pair')?.get('position') as { x: number })?.x));
  for (let i = 1; i <= job.edits; i += 1) {
    const seen = new Promise<void>((resolve) => {
      waiting = (x) => x === i && resolve();
    });
    const start = performance.now();
    (stepsOf(a.doc).get('pair') as ItemMap).set('position', { x: i, y: 0 });
    await seen;
    record(latency, performance.now() - start);
    await sleep(15); // isolated edits, as a person makes them
  }
  a.provider.destroy();
  b.provider.destroy();
  return latency;
}

async function workerRoom(job: RoomJob, send: (message: object) => void, next: () => Promise<{ finals?: Record<string, number> }>) {
  // A step is named by its room and id (rooms may use the same ids), as the finals are.
  const clients = job.parts.flatMap((part) => part.mine.map((stepId) => ({ stepId, key: `${part.room}/${stepId}`, room: part.room, ...client(part.syncUrl, part.room, part.token) })));
  await Promise.all(clients.map((c) => holding(c, [c.stepId])));
  const drag: Histogram = {};
  const cursor: Histogram = {};
  for (const c of clients) measureLatency(c, c.stepId, drag, cursor);
  send({ type: 'ready' });
  await next();
  const cpuBefore = process.cpuUsage();
  const loopDelay = monitorEventLoopDelay({ resolution: 5 });
  loopDelay.enable();
  const seq = new Map(clients.map((c) => [c.key, 0]));
  const moveCursor = (c: (typeof clients)[number], i: number) => c.provider.awareness.setLocalStateField('cursor', { x: i, y: i, t: wallNow() });
  const timers = clients.flatMap((c, i) => {
    const step = stepsOf(c.doc).get(c.stepId) as ItemMap;
    const dragTimer = setInterval(() => {
      const x = (seq.get(c.key) ?? 0) + 1;
      seq.set(c.key, x);
      step.set('position', { x, y: wallNow() });
      if (job.cursors === 'each-move') moveCursor(c, i);
    }, 1000 / 30);
    if (typeof job.cursors !== 'number' || job.cursors <= 0) return [dragTimer];
    return [dragTimer, setInterval(() => moveCursor(c, i), 1000 / job.cursors)];
  });
  await sleep(job.seconds * 1000);
  for (const timer of timers) clearInterval(timer);
  const cpu = process.cpuUsage(cpuBefore);
  loopDelay.disable();
  const loopP99 = loopDelay.percentile(99) / 1e6;
  send({ type: 'stopped', finals: Object.fromEntries(seq), cpuSeconds: (cpu.user + cpu.system) / 1e6, loopP99 });
  const { finals = {} } = await next();
  const finalsOf = (room: string) => Object.entries(finals).flatMap(([key, x]) => (key.startsWith(`${room}/`) ? [[key.slice(room.length + 1), x] as const] : []));
  const converged = () =>
    clients.filter((c) => finalsOf(c.room).every(([id, x]) => (stepsOf(c.doc).get(id)?.get('position') as { x: number } | undefined)?.x === x)).length;
  const started = Date.now();
  while (converged() < clients.length && Date.now() < started + 10_000) await sleep(20);
  const count = converged();
  send({ type: 'verified', converged: count, convergedMs: count === clients.length ? Date.now() - started : undefined, drag, cursor });
  for (const c of clients) c.provider.destroy();
}

function runWorker() {
  process.setMaxListeners(0); // each provider adds an exit listener
  const inbox: object[] = [];
  let wake: (() => void) | undefined;
  process.on('message', (message: object) => {
    inbox.push(message);
    wake?.();
  });
  const next = async () => {
    while (inbox.length === 0) await new Promise<void>((resolve) => (wake = resolve));
    return inbox.shift() as { type: string; finals?: Record<string, number> } & Record<string, unknown>;
  };
  const send = (message: object) => process.send?.(message);
  void (async () => {
    try {
      const job = await next();
      if (job.type === 'pair') send({ type: 'pair-done', latency: await workerPair(job as unknown as PairJob) });
      else await workerRoom(job as unknown as RoomJob, send, next);
      process.exit(0);
    } catch (error) {
      // Said to the bench, which reports it for the server measured, instead of "exited early".
      process.send?.({ type: 'failed', reason: (error as Error).message }, () => process.exit(1));
    }
  })();
}

// ---------------------------------------------------------------- main side
export type Worker = ChildProcess & { next(timeoutMs?: number): Promise<Record<string, unknown>> };

/** A client worker: this file in its own process. `next` rejects if it exits or stays silent too long. */
export function forkWorker(): Worker {
  const child = fork(new URL(import.meta.url).pathname, ['--worker'], { execArgv: ['--import', 'tsx'] });
  const inbox: Record<string, unknown>[] = [];
  let wake: (() => void) | undefined;
  child.on('message', (message: Record<string, unknown>) => {
    inbox.push(message);
    wake?.();
  });
  child.on('exit', () => wake?.());
  return Object.assign(child, {
    async next(timeoutMs = 120_000) {
      const deadline = Date.now() + timeoutMs;
      while (inbox.length === 0) {
        if (child.exitCode !== null || child.signalCode !== null) throw new Error('a client worker exited early');
        if (Date.now() > deadline) throw new Error(`a client worker was silent for ${timeoutMs / 1000} s`);
        await new Promise<void>((resolve) => {
          wake = resolve;
          setTimeout(resolve, 1000);
        });
      }
      const message = inbox.shift() as Record<string, unknown>;
      if (message.type === 'failed') throw new Error(`a client worker failed: ${message.reason}`);
      return message;
    },
  });
}

/** Waits up to 5 s for a worker to close its clients and exit by itself, then kills it. */
async function ended(worker: ChildProcess) {
  if (worker.exitCode !== null || worker.signalCode !== null) return;
  const exited = new Promise((resolve) => worker.once('exit', resolve));
  if ((await Promise.race([exited.then(() => true), sleep(5000).then(() => false)])) === false) worker.kill('SIGKILL');
}

/** CPU seconds so far and resident memory of a process, from /proc (Linux). */
export function procStats(pid: number) {
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
  const rss = Number(/VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1]) / 1024;
  return { cpuSeconds: (Number(fields[11]) + Number(fields[12])) / 100, rssMiB: rss };
}

export function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const probe = createServer().listen(0, '127.0.0.1', () => {
      const { port } = probe.address() as { port: number };
      probe.close(() => resolve(port));
    });
  });
}

export interface ServerProcess { child: ChildProcess; port: number; url: string; listeningMs: number }

/**
 * Spawns a server on 127.0.0.1:`port` and resolves once it accepts a TCP connection, with the
 * time from the spawn to that first accepted connection. Its log is dropped, its errors shown.
 */
export async function spawnServer(args: string[], env: Record<string, string>, port: number): Promise<ServerProcess> {
  const started = performance.now();
  const child = spawn(process.execPath, args, { env: { ...process.env, HOST: '127.0.0.1', PORT: String(port), ...env }, stdio: ['ignore', 'ignore', 'inherit'] });
  const deadline = Date.now() + 60_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`${args.join(' ')} exited ${child.exitCode} before listening`);
    const accepted = await new Promise<boolean>((resolve) => {
      const socket = createConnection({ host: '127.0.0.1', port }, () => {
        socket.destroy();
        resolve(true);
      });
      socket.once('error', () => resolve(false));
    });
    if (accepted) return { child, port, url: `http://127.0.0.1:${port}`, listeningMs: performance.now() - started };
    if (Date.now() > deadline) {
      child.kill('SIGKILL');
      throw new Error(`${args.join(' ')} did not listen within 60 s`);
    }
    await sleep(2);
  }
}

/** SIGTERM (a clean stop where the server has one), SIGKILL after 10 s; resolves once it has exited. */
export async function stopServer(child: ChildProcess) {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise((resolve) => child.once('exit', resolve));
  child.kill('SIGTERM');
  const killer = setTimeout(() => child.kill('SIGKILL'), 10_000);
  await exited;
  clearTimeout(killer);
}

/** Stallmap's own entry point through tsx (for sync.bench, which tunes its settings through env). */
export const stallmapThroughTsx = ['--import', 'tsx', 'server/main.ts'];

export interface RoomRun {
  clients: number;
  seconds: number;
  /** Position writes made by all clients together. */
  edits: number;
  finals: Record<string, number>;
  converged: number;
  /** Time from the stop to the last client holding every final position; undefined if some never did within 10 s. */
  convergedMs?: number;
  drag: Percentiles;
  cursor: Percentiles;
  /** The server with every client connected and synced, before the first move. */
  idleRssMiB: number;
  endRssMiB: number;
  peakRssMiB: number;
  serverCpuPercent: number;
  workerCpuPercents: number[];
  workerLoopP99s: number[];
  loadBefore: number;
  loadAfter: number;
}

/** A room to drive: its id, the token its clients need, one client per step, each dragging its own. */
export interface BenchRoom {
  room: string;
  token?: string;
  stepIds: string[];
}

export interface DriveOptions {
  rooms: BenchRoom[];
  /** Where clients connect: a room's k-th client runs in worker k % 2 and connects to syncUrls[k % syncUrls.length]. */
  syncUrls: string[];
  seconds: number;
  cursors: RoomJob['cursors'];
  /** The server processes (a cluster's servers and Redis): their CPU and memory are summed. */
  serverPids: number[];
  /** Called once every client is connected and synced, before the first move (the caller's moment to measure the idle rooms). */
  beforeGo?: () => Promise<void>;
}

/** CPU seconds and resident memory of several processes together. */
function procStatsOf(pids: number[]) {
  const stats = pids.map(procStats);
  return { cpuSeconds: stats.reduce((sum, p) => sum + p.cpuSeconds, 0), rssMiB: stats.reduce((sum, p) => sum + p.rssMiB, 0) };
}

/**
 * Rooms of clients dragging, over two client workers: connect them all, `beforeGo`, drag for
 * `seconds`, then wait up to 10 s for every client to hold its room's final positions.
 */
export async function driveRooms(options: DriveOptions): Promise<RoomRun> {
  const { rooms, syncUrls, seconds, cursors, serverPids } = options;
  const workers = [forkWorker(), forkWorker()];
  try {
    for (const [i, w] of workers.entries()) {
      const parts = rooms.map(({ room, token, stepIds }) => ({
        syncUrl: syncUrls[i % syncUrls.length],
        room,
        token,
        mine: stepIds.filter((_, k) => k % workers.length === i),
      }));
      w.send({ type: 'room', parts, seconds, cursors } satisfies RoomJob);
    }
    for (const w of workers) await w.next(); // ready
    await options.beforeGo?.();
    await sleep(500); // let the connection burst settle before the idle figures
    const before = procStatsOf(serverPids);
    const loadBefore = loadavg()[0];
    let peakRss = before.rssMiB;
    const sampler = setInterval(() => (peakRss = Math.max(peakRss, procStatsOf(serverPids).rssMiB)), 250);
    for (const w of workers) w.send({ type: 'go' });
    const stopped = await Promise.all(workers.map((w) => w.next(seconds * 1000 + 60_000)));
    const after = procStatsOf(serverPids);
    clearInterval(sampler);
    const finals = Object.assign({}, ...stopped.map((s) => s.finals)) as Record<string, number>;
    for (const w of workers) w.send({ type: 'verify', finals });
    const verified = await Promise.all(workers.map((w) => w.next(60_000)));
    const convergedMs = verified.map((v) => v.convergedMs as number | undefined);
    return {
      clients: rooms.reduce((sum, r) => sum + r.stepIds.length, 0),
      seconds,
      edits: Object.values(finals).reduce((a, b) => a + b, 0),
      finals,
      converged: verified.reduce((a, v) => a + (v.converged as number), 0),
      convergedMs: convergedMs.every((ms) => ms !== undefined) ? Math.max(...(convergedMs as number[])) : undefined,
      drag: percentiles(merge(verified.map((v) => v.drag as Histogram))),
      cursor: percentiles(merge(verified.map((v) => v.cursor as Histogram))),
      idleRssMiB: before.rssMiB,
      endRssMiB: after.rssMiB,
      peakRssMiB: peakRss,
      serverCpuPercent: ((after.cpuSeconds - before.cpuSeconds) / seconds) * 100,
      workerCpuPercents: stopped.map((s) => ((s.cpuSeconds as number) / seconds) * 100),
      workerLoopP99s: stopped.map((s) => s.loopP99 as number),
      loadBefore,
      loadAfter: loadavg()[0],
    };
  } finally {
    await Promise.all(workers.map(ended));
  }
}

/** One room on one server: driveRooms for the common case. */
export function driveRoom(job: BenchRoom & Pick<DriveOptions, 'seconds' | 'cursors' | 'beforeGo'> & { syncUrl: string; serverPid: number }): Promise<RoomRun> {
  const { syncUrl, serverPid, room, token, stepIds, ...rest } = job;
  return driveRooms({ rooms: [{ room, token, stepIds }], syncUrls: [syncUrl], serverPids: [serverPid], ...rest });
}

/**
 * Two clients in one worker, `edits` isolated edits: each waits until the other client sees it,
 * then 15 ms. The reader connects to `readerSyncUrl` if given (another server of a cluster).
 */
export async function isolatedEdits(syncUrl: string, room: string, edits: number, token?: string, readerSyncUrl?: string): Promise<Percentiles> {
  const pair = forkWorker();
  try {
    pair.send({ type: 'pair', syncUrl, readerSyncUrl, room, token, edits } satisfies PairJob);
    return percentiles((await pair.next(edits * 1000 + 60_000)).latency as Histogram);
  } finally {
    await ended(pair);
  }
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href && process.argv.includes('--worker')) runWorker();
