import { type ChildProcess, fork, spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { WebSocket } from 'ws';
import { LeveldbPersistence } from 'y-leveldb';
import { WebsocketProvider } from 'y-websocket';
import * as Y from 'yjs';
import { type ItemMap, stepsOf } from '../src/collab/doc';

/**
 * The sync server on loopback (BENCHMARKS.md, "Sync server"). The server runs as `npm start`
 * runs it, in its own process; clients run in two worker processes (this file, forked with
 * --worker). Latency is wall clock from the sender's write to the receiver's observer: a dragged
 * step's position carries its send time in `y`, so receivers in either worker can measure it.
 * `--seconds N` shortens the 50-client run (default 30); `--clients N`; `--window MS` and
 * `--awareness-window MS` set the server's STALLMAP_FANOUT_MS and STALLMAP_AWARENESS_FANOUT_MS.
 */
const arg = (name: string, fallback: number) => {
  const at = process.argv.indexOf(`--${name}`);
  return at > 0 ? Number(process.argv[at + 1]) : fallback;
};
const wallNow = () => performance.timeOrigin + performance.now();
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Latency histogram in 0.1 ms buckets: mergeable across processes, unlike a list of samples. */
type Histogram = Record<number, number>;
const record = (h: Histogram, ms: number) => {
  const bucket = Math.max(0, Math.round(ms * 10));
  h[bucket] = (h[bucket] ?? 0) + 1;
};
function percentiles(h: Histogram) {
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

/** Records, for one client, how long others' drags and cursor moves took to reach it. */
function measureLatency(c: ReturnType<typeof client>, ownStep: string, drag: Histogram, cursor: Histogram) {
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

// ---------------------------------------------------------------- worker side
interface RoomJob { syncUrl: string; mapId: string; token: string; mine: string[]; seconds: number }

async function workerPair(job: { syncUrl: string; mapId: string; token: string; edits: number }) {
  const a = client(job.syncUrl, job.mapId, job.token);
  const b = client(job.syncUrl, job.mapId, job.token);
  await Promise.all([a.synced, b.synced]);
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
  const clients = job.mine.map((stepId) => ({ stepId, ...client(job.syncUrl, job.mapId, job.token) }));
  await Promise.all(clients.map((c) => c.synced));
  const drag: Histogram = {};
  const cursor: Histogram = {};
  for (const c of clients) measureLatency(c, c.stepId, drag, cursor);
  send({ type: 'ready' });
  await next();
  const cpuBefore = process.cpuUsage();
  const loopDelay = monitorEventLoopDelay({ resolution: 5 });
  loopDelay.enable();
  const seq = new Map(clients.map((c) => [c.stepId, 0]));
  const timers = clients.flatMap((c, i) => {
    const step = stepsOf(c.doc).get(c.stepId) as ItemMap;
    const dragTimer = setInterval(() => {
      const x = (seq.get(c.stepId) ?? 0) + 1;
      seq.set(c.stepId, x);
      step.set('position', { x, y: wallNow() });
    }, 1000 / 30);
    const cursorTimer = setInterval(() => c.provider.awareness.setLocalStateField('cursor', { x: i, y: i, t: wallNow() }), 1000 / 20);
    return [dragTimer, cursorTimer];
  });
  await sleep(job.seconds * 1000);
  for (const timer of timers) clearInterval(timer);
  const cpu = process.cpuUsage(cpuBefore);
  loopDelay.disable();
  const loopP99 = loopDelay.percentile(99) / 1e6;
  send({ type: 'stopped', finals: Object.fromEntries(seq), cpuSeconds: (cpu.user + cpu.system) / 1e6, loopP99 });
  const { finals = {} } = await next();
  const converged = () =>
    clients.filter((c) => Object.entries(finals).every(([id, x]) => (stepsOf(c.doc).get(id)?.get('position') as { x: number } | undefined)?.x === x)).length;
  const deadline = Date.now() + 10_000;
  while (converged() < clients.length && Date.now() < deadline) await sleep(50);
  send({ type: 'verified', converged: converged(), clients: clients.length, drag, cursor });
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
    const job = await next();
    if (job.type === 'pair') send({ type: 'pair-done', latency: await workerPair(job as never) });
    else await workerRoom(job as unknown as RoomJob, send, next);
    process.exit(0);
  })();
}

// ---------------------------------------------------------------- main side
function procStats(pid: number) {
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
  const rss = Number(/VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1]) / 1024;
  return { cpuSeconds: (Number(fields[11]) + Number(fields[12])) / 100, rssMiB: rss };
}

async function startServerProcess(dataDir: string, windowMs: number, awarenessWindowMs: number) {
  const child = spawn(process.execPath, ['--import', 'tsx', 'server/main.ts'], {
    env: { ...process.env, PORT: '0', STALLMAP_DATA: dataDir, STALLMAP_FANOUT_MS: String(windowMs), STALLMAP_AWARENESS_FANOUT_MS: String(awarenessWindowMs) },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const url = await new Promise<string>((resolve) => {
    let out = '';
    child.stdout?.on('data', (chunk: Buffer) => {
      out += chunk;
      const port = /server\.listening .*port=(\d+)/.exec(out)?.[1];
      if (port) resolve(`http://127.0.0.1:${port}`);
    });
  });
  return { child, url, syncUrl: `${url.replace('http', 'ws')}/sync` };
}

async function createMap(url: string, stepIds: string[]) {
  const steps = stepIds.map((id, i) => ({ id, kind: 'human', label: `Step ${id}`, position: { x: i * 10, y: 0 } }));
  const body = { format: 'stallmap/map', version: 1, id: 'bench', title: 'Bench', steps, joins: [] };
  const res = await fetch(`${url}/api/maps`, { method: 'POST', body: JSON.stringify(body), headers: { 'Content-Type': 'application/json' } });
  const created = (await res.json()) as { id: string; links: { edit: string; view: string } };
  return { id: created.id, token: created.links.edit.split('#token=')[1], viewToken: created.links.view.split('#token=')[1] };
}

function forkWorker(): ChildProcess & { next(): Promise<Record<string, unknown>> } {
  const child = fork(new URL(import.meta.url).pathname, ['--worker'], { execArgv: ['--import', 'tsx'] });
  const inbox: Record<string, unknown>[] = [];
  let wake: (() => void) | undefined;
  child.on('message', (message: Record<string, unknown>) => {
    inbox.push(message);
    wake?.();
  });
  return Object.assign(child, {
    async next() {
      while (inbox.length === 0) await new Promise<void>((resolve) => (wake = resolve));
      return inbox.shift() as Record<string, unknown>;
    },
  });
}

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
  const seconds = arg('seconds', Number(process.env.BENCH_SECONDS ?? 30));
  const windowMs = arg('window', 10);
  const awarenessWindowMs = arg('awareness-window', 30);
  const clients = arg('clients', 50);
  console.log(`Machine: ${cpus().length} cores, ${cpus()[0]?.model}, Node ${process.version}; ${new Date().toISOString().slice(0, 10)}\n`);
  await storageComparison();
  const dataDir = mkdtempSync(join(tmpdir(), 'stallmap-bench-'));
  const server = await startServerProcess(dataDir, windowMs, awarenessWindowMs);
  try {
    const pairMap = await createMap(server.url, ['pair']);
    const pair = forkWorker();
    pair.send({ type: 'pair', syncUrl: server.syncUrl, mapId: pairMap.id, token: pairMap.token, edits: 500 });
    const two = percentiles((await pair.next()).latency as Histogram);
    console.log(`### Two clients, 500 isolated edits (fan-out window ${windowMs} ms)\n`);
    console.log(`- edit to visible: p50 ${two.p50} ms, p95 ${two.p95} ms, max ${two.max} ms\n`);

    const stepIds = Array.from({ length: clients }, (_, i) => `s${i}`);
    const roomMap = await createMap(server.url, stepIds);
    const workers = [forkWorker(), forkWorker()];
    for (const [i, w] of workers.entries()) {
      w.send({ type: 'room', syncUrl: server.syncUrl, mapId: roomMap.id, token: roomMap.token, seconds, mine: stepIds.filter((_, k) => k % 2 === i) });
    }
    // One more client, on a view link, in this otherwise idle process: what it measures is the
    // server and the network, without the queueing of 25 clients sharing a worker's event loop.
    const probe = client(server.syncUrl, roomMap.id, roomMap.viewToken);
    const probeDrag: Histogram = {};
    const probeCursor: Histogram = {};
    await probe.synced;
    measureLatency(probe, '', probeDrag, probeCursor);
    for (const w of workers) await w.next(); // ready
    const before = procStats(server.child.pid as number);
    const loadBefore = loadavg()[0];
    let peakRss = before.rssMiB;
    const sampler = setInterval(() => (peakRss = Math.max(peakRss, procStats(server.child.pid as number).rssMiB)), 1000);
    for (const w of workers) w.send({ type: 'go' });
    const stopped = await Promise.all(workers.map((w) => w.next()));
    const after = procStats(server.child.pid as number);
    clearInterval(sampler);
    const finals = Object.assign({}, ...stopped.map((s) => s.finals)) as Record<string, number>;
    for (const w of workers) w.send({ type: 'verify', finals });
    const verified = await Promise.all(workers.map((w) => w.next()));
    const merge = (key: 'drag' | 'cursor') => {
      const h: Histogram = {};
      for (const v of verified) for (const [b, n] of Object.entries(v[key] as Histogram)) h[Number(b)] = (h[Number(b)] ?? 0) + n;
      return percentiles(h);
    };
    const res = await fetch(`${server.url}/api/maps/${roomMap.id}`, { headers: { Authorization: `Bearer ${roomMap.token}` } });
    const onServer = ((await res.json()) as { steps: { id: string; position: { x: number } }[] }).steps;
    const serverOk = onServer.every((s) => s.position.x === finals[s.id]);
    const edits = Object.values(finals).reduce((a, b) => a + b, 0);
    const drag = merge('drag');
    const cursor = merge('cursor');
    const probed = { drag: percentiles(probeDrag), cursor: percentiles(probeCursor) };
    probe.provider.destroy();
    console.log(`### ${clients} clients, each dragging its step at 30 Hz and its cursor at 20 Hz, ${seconds} s (windows: edits ${windowMs} ms, presence ${awarenessWindowMs} ms)\n`);
    console.log(`- position writes: ${edits} (${(edits / seconds).toFixed(0)}/s); converged: ${verified.reduce((a, v) => a + (v.converged as number), 0)}/${clients} clients, server copy ${serverOk ? 'equal' : 'DIFFERENT'}`);
    console.log(`- drag, edit to visible at the 49 other clients: p50 ${drag.p50} ms, p95 ${drag.p95} ms, p99 ${drag.p99} ms, max ${drag.max} ms (${drag.samples} observations)`);
    console.log(`- cursor, move to visible at the 49 other clients: p50 ${cursor.p50} ms, p95 ${cursor.p95} ms, p99 ${cursor.p99} ms (${cursor.samples} observations)`);
    console.log(`- at an idle observer: drag p50 ${probed.drag.p50} ms, p95 ${probed.drag.p95} ms, p99 ${probed.drag.p99} ms; cursor p50 ${probed.cursor.p50} ms, p95 ${probed.cursor.p95} ms, p99 ${probed.cursor.p99} ms`);
    console.log(`- server: CPU ${(((after.cpuSeconds - before.cpuSeconds) / seconds) * 100).toFixed(0)}% of one core, RSS ${before.rssMiB.toFixed(0)} MiB with the room loaded and idle, ${after.rssMiB.toFixed(0)} MiB at the end (peak ${peakRss.toFixed(0)} MiB)`);
    console.log(`- load average before/after: ${loadBefore.toFixed(2)} / ${loadavg()[0].toFixed(2)} (other processes on the machine skew all of this)`);
    console.log(`- client workers: CPU ${stopped.map((s) => `${(((s.cpuSeconds as number) / seconds) * 100).toFixed(0)}%`).join(' and ')} of one core, event-loop delay p99 ${stopped.map((s) => `${(s.loopP99 as number).toFixed(0)} ms`).join(' and ')}`);
  } finally {
    server.child.kill('SIGTERM');
    await new Promise((resolve) => server.child.once('exit', resolve));
    rmSync(dataDir, { recursive: true, force: true });
  }
}

if (process.argv.includes('--worker')) runWorker();
else await main();
