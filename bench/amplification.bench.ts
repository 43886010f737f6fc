import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import * as Y from 'yjs';
import { itemFromFields, stepsOf } from '../src/collab/doc';
import { connect, createMap, sleep, synced, waitFor } from '../test/server/helpers';
import { exited, spawnServer } from '../test/server/spawn';
import { rssMiB, wholeMapFlood } from '../test/server/whole-map-flood';
import { generateMap } from './generate-map';

/**
 * The amplification attack of test/server/amplification.test.ts, longer (BENCHMARKS.md,
 * "Amplification"): raw sockets with a map's view link ask for the whole map (a sync step 1 with
 * an empty state vector, 4 bytes) 190 times a second each, half of them never reading an answer
 * and half reading all, each opening a new socket at once when the server closes it. Meanwhile a
 * pair of stock clients edits another map and `/healthz` is polled. The server runs as `npm
 * start` runs it, in its own process, with the default limits (the import limit raised to create
 * the big map). The attack stops early if the server's RSS passes --give-up-mib.
 * `npx tsx bench/run.ts amplification` (30 s), or `npx tsx bench/amplification.bench.ts --seconds
 * 30 --sockets 4 --steps 9000 --give-up-mib 2000`.
 */
const arg = (name: string, fallback: number) => {
  const at = process.argv.indexOf(`--${name}`);
  return at > 0 ? Number(process.argv[at + 1]) : fallback;
};
const SECONDS = arg('seconds', 30);
const SOCKETS = arg('sockets', 4);
const STEPS = arg('steps', 9000);
const GIVE_UP_MIB = arg('give-up-mib', 2000);
const PER_SECOND = 190;

function procStats(pid: number) {
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
  return { cpuSeconds: (Number(fields[11]) + Number(fields[12])) / 100, rssMiB: rssMiB(pid) };
}

const percentile = (values: number[], p: number) => {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
};

async function main() {
  console.log(`Machine: ${cpus().length} cores, ${cpus()[0]?.model}, Node ${process.version}; ${new Date().toISOString().slice(0, 10)}`);
  const dataDir = mkdtempSync(join(tmpdir(), 'stallmap-amplification-'));
  const server = await spawnServer(dataDir, { STALLMAP_MAX_BODY_BYTES: String(16 * 1024 * 1024) });
  const pid = server.child.pid as number;
  const syncUrl = `${server.url.replace('http', 'ws')}/sync`;
  const target = await createMap(server.url, generateMap(STEPS));
  const bystander = await createMap(server.url, {});
  const reader = connect(syncUrl, target.id, target.tokens.view);
  await synced(reader.provider);
  const mapBytes = Y.encodeStateAsUpdate(reader.doc).byteLength;
  reader.provider.destroy();
  const editor = connect(syncUrl, bystander.id, bystander.tokens.edit);
  const watcher = connect(syncUrl, bystander.id, bystander.tokens.view);
  await Promise.all([synced(editor.provider), synced(watcher.provider)]);
  await sleep(1000);
  console.log(`Amplification: ${SECONDS} s, ${SOCKETS} sockets (${Math.ceil(SOCKETS / 2)} never reading, ${Math.floor(SOCKETS / 2)} reading), ${PER_SECOND} whole-map requests a second each, map of ${STEPS} steps (${(mapBytes / 1e6).toFixed(2)} MB)\n`);

  const before = procStats(pid);
  let peakRss = before.rssMiB;
  let gaveUp = false;
  const loadBefore = loadavg()[0];
  let attacking = true;
  const attackers = Array.from({ length: SOCKETS }, (_, i) => wholeMapFlood(syncUrl, target, { reads: i % 2 === 1, perSecond: PER_SECOND, stopped: () => !attacking }));
  const started = Date.now();
  let stop = false;
  const sampler = setInterval(() => {
    peakRss = Math.max(peakRss, procStats(pid).rssMiB);
    if (peakRss > GIVE_UP_MIB) gaveUp = true;
    if (gaveUp || Date.now() - started > SECONDS * 1000) stop = true;
  }, 100);

  const editLatencies: number[] = [];
  let missedEdits = 0;
  const edits = (async () => {
    for (let i = 0; !stop; i += 1) {
      const id = `during-${i}`;
      const at = performance.now();
      stepsOf(editor.doc).set(id, itemFromFields({ kind: 'human', label: id }));
      const seen = await waitFor(() => stepsOf(watcher.doc).has(id), 5000, id).then(() => true, () => false);
      if (seen) editLatencies.push(performance.now() - at);
      else missedEdits += 1;
      await sleep(100);
    }
  })();
  const healthLatencies: number[] = [];
  let missedHealth = 0;
  const health = (async () => {
    while (!stop) {
      const at = performance.now();
      const ok = await fetch(`${server.url}/healthz`, { signal: AbortSignal.timeout(5000) }).then((res) => res.ok, () => false);
      if (ok) healthLatencies.push(performance.now() - at);
      else missedHealth += 1;
      await sleep(200);
    }
  })();
  await Promise.all([edits, health]);
  const attackSeconds = (Date.now() - started) / 1000;
  const during = procStats(pid);
  attacking = false;
  await Promise.all(attackers.map((one) => one.stop()));
  await sleep(6000); // past probeMs: sockets the server closed but that never read it are dropped
  clearInterval(sampler);
  const after = procStats(pid);
  editor.provider.destroy();
  watcher.provider.destroy();

  const lines = server.output().split('\n');
  const count = (pattern: RegExp) => lines.filter((line) => pattern.test(line)).length;
  const sum = (reads: boolean, key: 'sockets' | 'closed' | 'bytesRead') =>
    attackers.filter((one) => one.reads === reads).reduce((n, one) => n + one.stats[key], 0);
  const ms = (value: number) => `${value.toFixed(0)} ms`;
  console.log('| measure | figure |');
  console.log('|---|---|');
  console.log(`| attack | ${attackSeconds.toFixed(1)} s${gaveUp ? ` (stopped early: RSS past ${GIVE_UP_MIB} MiB)` : ''}; load average ${loadBefore.toFixed(1)} before, ${loadavg()[0].toFixed(1)} after |`);
  console.log(`| server RSS | ${before.rssMiB.toFixed(0)} MiB before, peak ${peakRss.toFixed(0)} MiB, ${after.rssMiB.toFixed(0)} MiB 6 s after |`);
  console.log(`| server CPU | ${(((during.cpuSeconds - before.cpuSeconds) / attackSeconds) * 100).toFixed(0)}% of one core during the attack |`);
  for (const reads of [false, true]) {
    const name = reads ? 'reading sockets' : 'sockets never reading';
    console.log(`| ${name} | ${sum(reads, 'sockets')} opened, ${sum(reads, 'closed')} closed by the server, ${(sum(reads, 'bytesRead') / 1e6).toFixed(1)} MB read |`);
  }
  console.log(`| refusals logged | ${count(/ conn\.over-budget .*limit=outbound-connection/)} over the connection's budget, ${count(/ conn\.over-budget .*limit=outbound-room/)} the room's, ${count(/ conn\.over-budget .*limit=outbound-server/)} the server's; ${count(/ conn\.too-slow /)} too slow |`);
  console.log(`| another map's edits | ${editLatencies.length} seen, p50 ${ms(percentile(editLatencies, 50))}, max ${ms(Math.max(...editLatencies, 0))}; ${missedEdits} not seen within 5 s |`);
  console.log(`| /healthz | ${healthLatencies.length} answered, p50 ${ms(percentile(healthLatencies, 50))}, max ${ms(Math.max(...healthLatencies, 0))}; ${missedHealth} not within 5 s |`);
  console.log(`| errors | ${count(/ error /)} error lines |`);

  server.child.kill('SIGKILL');
  await exited(server.child);
  rmSync(dataDir, { recursive: true, force: true });
  process.exit(0);
}

void main();
