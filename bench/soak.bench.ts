import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { WebSocket } from 'ws';
import * as Y from 'yjs';
import { createCommands } from '../src/collab/commands';
import { readMap, stepsOf } from '../src/collab/doc';
import { createUndoManager } from '../src/collab/undo';
import { openLeveldbStore } from '../server/storage/leveldb';
import { loadDoc } from '../server/sync/load';
import { type Frame, frameArbitrary, updateCorpus } from '../test/server/fuzz-frames';
import { type CreatedMap, connect, createMap, getMap, sleep, waitFor } from '../test/server/helpers';
import { exited, type SpawnedServer, spawnServer } from '../test/server/spawn';

/**
 * The soak (BENCHMARKS.md, "Soak"): the server as `npm start` runs it, in its own process, with
 * several maps, stock clients on each editing through the page's commands and moving their
 * cursors, raw sockets sending garbage frames without pause, and a few `kill -9`s with restarts
 * on the same port. After each kill, everything each map's observer client had seen must be in
 * the data directory; at the end every map must converge, clients and server alike.
 * `npx tsx bench/run.ts soak` (60 s), or `npx tsx bench/soak.bench.ts --seconds 20 --maps 3
 * --clients 6 --kills 3 --garbage 4`.
 */
const arg = (name: string, fallback: number) => {
  const at = process.argv.indexOf(`--${name}`);
  return at > 0 ? Number(process.argv[at + 1]) : fallback;
};
const SECONDS = arg('seconds', 60);
const MAPS = arg('maps', 3);
const CLIENTS = arg('clients', 6);
const KILLS = arg('kills', 3);
const GARBAGE = arg('garbage', 4);

function procStats(pid: number) {
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
  const rssMiB = Number(/VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1]) / 1024;
  return { cpuSeconds: (Number(fields[11]) + Number(fields[12])) / 100, rssMiB };
}

/** Structs and deletions `seen` has that `disk` lacks: what a kill lost of what was acknowledged. */
function missingFrom(disk: Y.Doc, seen: Y.Doc): number {
  let missing = 0;
  const diskVector = Y.decodeStateVector(Y.encodeStateVector(disk));
  for (const [client, clock] of Y.decodeStateVector(Y.encodeStateVector(seen))) missing += Math.max(0, clock - (diskVector.get(client) ?? 0));
  const diskDeletes = Y.createDeleteSetFromStructStore(disk.store);
  for (const [client, ranges] of Y.createDeleteSetFromStructStore(seen.store).clients) {
    for (const { clock, len } of ranges) for (let c = clock; c < clock + len; c += 1) if (!Y.isDeleted(diskDeletes, Y.createID(client, c))) missing += 1;
  }
  return missing;
}

/** A person on a map: a stock provider, the page's commands and undo, a cursor. */
function person(syncUrl: string, map: CreatedMap) {
  const { doc, provider } = connect(syncUrl, map.id, map.tokens.edit);
  const undo = createUndoManager(doc);
  const commands = createCommands(doc, undo);
  const closes: number[] = [];
  provider.on('connection-close', (event: { code: number } | null) => event && closes.push(event.code));
  provider.awareness.setLocalStateField('user', { name: `soak ${doc.clientID}` });
  const steps = () => [...stepsOf(doc).keys()];
  const any = (list: string[]) => list[Math.floor(Math.random() * list.length)];
  const act = () => {
    const roll = Math.random();
    const ids = steps();
    if (roll < 0.25 || ids.length < 3) commands.addStep('human', { x: Math.random() * 2000, y: Math.random() * 2000 });
    else if (roll < 0.6) commands.moveSteps({ [any(ids)]: { x: Math.random() * 2000, y: Math.random() * 2000 } });
    else if (roll < 0.75) commands.updateStep(any(ids), { label: `label ${Math.random().toString(36).slice(2, 8)}` });
    else if (roll < 0.85) commands.connect(any(ids), any(ids));
    else if (roll < 0.92) undo.undo();
    else commands.deleteElements([any(ids)]);
    provider.awareness.setLocalStateField('cursor', { x: Math.round(Math.random() * 2000), y: Math.round(Math.random() * 2000) });
  };
  return { doc, provider, undo, act, closes };
}

/** Keeps one raw socket sending garbage to a random map, reconnecting after every close. */
function garbageSender(syncUrl: () => string, maps: CreatedMap[], scripts: Frame[][], tally: Map<number, number>, stats: { frames: number }) {
  let stopped = false;
  let next = 0;
  const once = () =>
    new Promise<void>((resolve) => {
      const map = maps[next % maps.length];
      const ws = new WebSocket(`${syncUrl()}/${map.id}?token=${map.tokens.edit}`);
      ws.on('error', () => undefined);
      ws.on('message', () => undefined);
      ws.on('close', (code) => {
        tally.set(code, (tally.get(code) ?? 0) + 1);
        resolve();
      });
      ws.on('open', () => {
        for (const frame of scripts[next++ % scripts.length]) {
          if (ws.readyState !== ws.OPEN) break;
          ws.send(frame);
          stats.frames += 1;
        }
        setTimeout(() => ws.readyState === ws.OPEN && ws.close(1000), 20);
      });
    });
  const loop = (async () => {
    while (!stopped) {
      await once();
      await sleep(5);
    }
  })();
  return async () => {
    stopped = true;
    await loop;
  };
}

async function main() {
  process.setMaxListeners(0); // each provider adds an exit listener
  console.log(`Machine: ${cpus().length} cores, ${cpus()[0]?.model}, Node ${process.version}; ${new Date().toISOString().slice(0, 10)}`);
  console.log(`Soak: ${SECONDS} s, ${MAPS} maps × ${CLIENTS} editing clients + 1 observer, ${GARBAGE} garbage senders, ${KILLS} kill -9s\n`);
  const dataDir = mkdtempSync(join(tmpdir(), 'stallmap-soak-'));
  let server: SpawnedServer = await spawnServer(dataDir);
  const port = String(server.port);
  const syncUrl = `${server.url.replace('http', 'ws')}/sync`;
  const outputs: string[] = [];
  const maps = await Promise.all(Array.from({ length: MAPS }, () => createMap(server.url, { template: 'contract-review' })));
  const people = maps.map((map) => Array.from({ length: CLIENTS }, () => person(syncUrl, map)));
  const observers = maps.map((map) => connect(syncUrl, map.id, map.tokens.view));
  await waitFor(() => [...people.flat(), ...observers].every((c) => c.provider.synced), 30_000, 'everyone to sync');

  const tally = new Map<number, number>();
  const garbage = { frames: 0 };
  const scripts = fc.sample(fc.array(frameArbitrary(updateCorpus(4242)), { minLength: 1, maxLength: 8 }), { seed: 4242, numRuns: 2000 });
  const stopGarbage = Array.from({ length: GARBAGE }, () => garbageSender(() => syncUrl, maps, scripts, tally, garbage));
  let edits = 0;
  const editing = setInterval(() => {
    for (const p of people.flat()) {
      if (Math.random() >= 0.5) continue;
      p.act();
      edits += 1;
    }
  }, 100);

  let cpuSeconds = 0;
  let peakRss = 0;
  let last = procStats(server.child.pid as number);
  let down = false;
  const sample = () => {
    if (down) return;
    const now = procStats(server.child.pid as number);
    cpuSeconds += Math.max(0, now.cpuSeconds - last.cpuSeconds);
    peakRss = Math.max(peakRss, now.rssMiB);
    last = now;
  };
  const sampler = setInterval(sample, 1000);
  const loadBefore = loadavg()[0];
  const started = Date.now();
  const kills: { lost: number; acknowledged: number; restartMs: number }[] = [];
  for (let kill = 1; kill <= KILLS; kill += 1) {
    await sleep(started + (kill * SECONDS * 1000) / (KILLS + 1) - Date.now());
    sample();
    down = true;
    const seen = observers.map((o) => Y.encodeStateAsUpdate(o.doc)); // acknowledged: what the observers have
    server.child.kill('SIGKILL');
    await exited(server.child);
    outputs.push(server.output());
    const store = await openLeveldbStore(dataDir);
    let lost = 0;
    for (const [i, map] of maps.entries()) {
      const disk = new Y.Doc();
      await loadDoc(store, map.id, disk);
      const observed = new Y.Doc();
      Y.applyUpdate(observed, seen[i]);
      lost += missingFrom(disk, observed);
    }
    await store.close();
    const restartAt = Date.now();
    server = await spawnServer(dataDir, { PORT: port });
    last = procStats(server.child.pid as number);
    down = false;
    kills.push({ lost, acknowledged: seen.reduce((n, s) => n + s.length, 0), restartMs: Date.now() - restartAt });
  }
  await sleep(started + SECONDS * 1000 - Date.now());
  clearInterval(editing);
  await Promise.all(stopGarbage.map((stop) => stop()));
  sample();
  clearInterval(sampler);

  // Converged: per map, every client and the server hold the same map.
  const settled = Date.now();
  let converged = 0;
  for (const [i, map] of maps.entries()) {
    const everyone = [...people[i], observers[i]];
    const same = async () => {
      const texts = everyone.map((c) => JSON.stringify(readMap(c.doc).map));
      const onServer = JSON.stringify((await getMap(server.url, map.id, map.tokens.view)).body);
      return texts.every((t) => t === texts[0] && t === onServer);
    };
    if (await waitFor(same, 30_000, `map ${i} to converge`).then(() => true, () => false)) converged += 1;
  }
  const settleMs = Date.now() - settled;
  for (const c of [...people.flat(), ...observers]) c.provider.destroy();
  const stepsAtEnd = maps.map((_, i) => stepsOf(observers[i].doc).size);
  server.child.kill('SIGTERM');
  const cleanExit = await exited(server.child);
  outputs.push(server.output());
  rmSync(dataDir, { recursive: true, force: true });

  const log = outputs.join('');
  const count = (pattern: RegExp) => (log.match(pattern) ?? []).length;
  const clientCloses = new Map<number, number>();
  for (const p of people.flat()) for (const code of p.closes) clientCloses.set(code, (clientCloses.get(code) ?? 0) + 1);
  const lost = kills.reduce((n, k) => n + k.lost, 0);
  console.log(`- edits: ${edits} commands (${(edits / SECONDS).toFixed(0)}/s) by ${MAPS * CLIENTS} clients, each with a cursor; steps at the end: ${stepsAtEnd.join(', ')}`);
  console.log(`- garbage: ${garbage.frames} frames over ${[...tally.values()].reduce((a, b) => a + b, 0)} connections; closes ${JSON.stringify(Object.fromEntries(tally))}`);
  console.log(`- kills: ${KILLS}; acknowledged edits lost: ${lost}; restart to listening ${kills.map((k) => `${k.restartMs} ms`).join(', ')}`);
  console.log(`- stock clients' closes: ${JSON.stringify(Object.fromEntries(clientCloses))} (1006: the kills, and reconnect attempts while the server was down)`);
  console.log(`- converged: ${converged}/${MAPS} maps, clients and server, ${settleMs} ms after the last edit`);
  console.log(`- server: CPU ${((cpuSeconds / SECONDS) * 100).toFixed(0)}% of one core, peak RSS ${peakRss.toFixed(0)} MiB; error lines ${count(/ error /g)}, malformed closes logged ${count(/conn\.malformed/g)}, rate limited ${count(/conn\.rate-limited/g)}; clean exit: ${cleanExit === 0}`);
  console.log(`- load average before/after: ${loadBefore.toFixed(2)} / ${loadavg()[0].toFixed(2)}`);
  process.exit(lost === 0 && converged === MAPS && cleanExit === 0 ? 0 : 1);
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
