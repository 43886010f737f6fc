import { afterAll, beforeAll, expect, it } from 'vitest';
import { readMap } from '../../src/collab/doc';
import { fuzzScripts } from './fuzz-frames';
import { closeTally, fuzzPath, numberedWriter, sendFrames } from './fuzz-run';
import { createMap, getMap, synced, waitFor } from './helpers';
import { type Cluster, startCluster, syncUrlOf } from './redis-cluster';
import type { SpawnedServer } from './spawn';

/**
 * The sync fuzz (fuzz-sync.test.ts) against a pair: the same seeded garbage frames, sent to two
 * server processes on one Redis by turns, while a stock client on each instance keeps editing the
 * same map. Afterwards both processes are alive and healthy, both clients hold the same map with
 * everything they wrote, and both instances serve that same map. A bad update one instance let
 * through would reach the other over the bus and the log: this is where it would show.
 */
const SEED = Number(process.env.FUZZ_SEED ?? 11);
const CONNECTIONS = Number(process.env.FUZZ_CONNECTIONS ?? 300);
const AT_ONCE = 12;

let cluster: Cluster;
beforeAll(async () => {
  cluster = await startCluster();
}, 60_000);
afterAll(async () => {
  await cluster?.close();
});

/** A process that has neither exited nor been killed, and answers /healthz with 200. */
async function alive(server: SpawnedServer): Promise<boolean> {
  if (server.child.exitCode !== null || server.child.signalCode !== null) return false;
  try {
    return (await fetch(`${server.url}/healthz`, { signal: AbortSignal.timeout(5000) })).status === 200;
  } catch {
    return false;
  }
}

it('both instances stay up through garbage frames sent to each, and clients and servers on both end with the same map', async () => {
  const [one, two] = cluster.servers;
  const map = await createMap(one.url, {});
  const a = cluster.connect(one, map.id, map.tokens.edit);
  const b = cluster.connect(two, map.id, map.tokens.edit);
  await Promise.all([synced(a.provider), synced(b.provider)]);
  const ann = numberedWriter(a.doc, 'Ann', 3);
  const bob = numberedWriter(b.doc, 'Bob', 3);
  for (let i = 0; i < 3; i += 1) {
    ann.write();
    bob.write();
  }

  const scripts = fuzzScripts(SEED, CONNECTIONS);
  let frames = 0;
  const closes = closeTally();
  for (let start = 0; start < scripts.length; start += AT_ONCE) {
    // Connection by connection the instances alternate, so each gets half of every batch at once.
    const batch = scripts.slice(start, start + AT_ONCE).map((script, k) => sendFrames(`${syncUrlOf(cluster.servers[(start + k) % 2])}/${fuzzPath(map, start + k)}`, script));
    for (const { sent, code } of await Promise.all(batch)) {
      frames += sent;
      closes.add(code);
    }
    // The good clients keep editing through it, one on each instance.
    if ((start / AT_ONCE) % 3 === 0) ann.write();
    if ((start / AT_ONCE) % 3 === 1) bob.write();
  }
  ann.write();
  bob.write();

  // Both processes survived, answer /healthz, and logged no error of their own.
  expect(frames).toBeGreaterThan(CONNECTIONS * 2);
  expect(closes.unexpected()).toEqual([]);
  for (const server of [one, two]) expect(await alive(server)).toBe(true);
  for (const server of [one, two]) {
    const errors = server.output().split('\n').filter((line) => / error /.test(line) || line.includes('room.apply-failed'));
    expect(errors).toEqual([]);
  }

  // The two stock clients converge on one map (the fuzz's valid steps included), holding everything each wrote as written.
  const same = () => JSON.stringify(readMap(a.doc).map) === JSON.stringify(readMap(b.doc).map);
  await waitFor(same, 20_000, 'the clients on both instances to hold the same map').catch(() => undefined);
  const mine = readMap(a.doc).map;
  expect(readMap(b.doc).map).toEqual(mine);
  for (const { written, name } of [
    { ...ann, name: 'Ann' },
    { ...bob, name: 'Bob' },
  ]) {
    for (const [i, id] of written.entries()) {
      expect(mine.steps.find((s) => s.id === id)).toEqual({ id, kind: 'human', label: `${name} ${i}`, owner: name, position: { x: i, y: 3 } });
    }
    expect(mine.joins.filter((j) => written.includes(j.from))).toHaveLength(written.length - 1);
  }

  // Each instance's own copy: what it serves over the API, and what a new stock client on it gets, equal the clients' map.
  for (const server of [one, two]) {
    const served = async () => (await getMap(server.url, map.id, map.tokens.view)).body;
    await waitFor(async () => JSON.stringify((await served()).steps) === JSON.stringify(mine.steps), 10_000, `${server.url} to serve the map`).catch(() => undefined);
    const body = await served();
    expect(body.steps).toEqual(mine.steps);
    expect(body.joins).toEqual(mine.joins);

    const fresh = cluster.connect(server, map.id, map.tokens.view);
    await synced(fresh.provider);
    await waitFor(() => JSON.stringify(readMap(fresh.doc).map) === JSON.stringify(mine), 10_000, 'a new client').catch(() => undefined);
    expect(readMap(fresh.doc).map).toEqual(mine);
  }
  console.log(`redis fuzz: ${frames} frames over ${CONNECTIONS} connections to two instances, closes ${JSON.stringify(Object.fromEntries(closes.codes))}`);
}, 120_000);
