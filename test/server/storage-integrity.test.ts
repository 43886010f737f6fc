import { readdirSync, statSync, truncateSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { cutLogs } from '../../server/storage/leveldb-files';
import { createMap, type CreatedMap, getMap, } from './helpers';
import { type Started, scratchSpace } from './scratch';

/**
 * Damage done to a stopped server's data directory from outside (a cut write-ahead log, a cut
 * table file, as a bad disk, a full disk at the wrong moment or a careless copy would) is said at
 * start in a loud log line naming what, /healthz answers 503 with the reasons, and every map is
 * served as far as it can be read: the damaged one with a warning, the others as they were.
 */
const scratch = scratchSpace('stallmap-integrity-');
const { tempDir, start, stop } = scratch;

/** Adds steps one at a time, each stored as its own write, with notes long enough to fill the log. */
const addSteps = (server: Started, map: CreatedMap, count: number) =>
  scratch.addSteps(server, map, count, (i) => ({ id: `added${i}`, fields: { kind: 'human', label: `added ${i}`, notes: `note ${i} `.repeat(40) } }));

function newest(levelDir: string, suffix: string): string {
  const files = readdirSync(levelDir)
    .filter((f) => f.endsWith(suffix))
    .sort();
  expect(files.length).toBeGreaterThan(0);
  return join(levelDir, files[files.length - 1]);
}

function cut(file: string, keep: number): void {
  truncateSync(file, Math.floor(statSync(file).size * keep));
}

async function healthz(url: string) {
  const res = await fetch(`${url}/healthz`);
  return { status: res.status, body: (await res.json()) as { ok: boolean; problems?: string[] } };
}

async function stepIds(url: string, map: CreatedMap) {
  const res = await fetch(`${url}/api/maps/${map.id}`, { headers: { Authorization: `Bearer ${map.tokens.view}` } });
  const body = res.status === 200 ? ((await res.json()) as { steps: { id: string }[] }) : { steps: [] };
  return { status: res.status, warning: res.headers.get('x-stallmap-warning'), ids: body.steps.map((s) => s.id).sort() };
}

describe('storage damaged while the server was stopped', () => {
  it('a cut write-ahead log: the lost updates are reported at start and by /healthz, the map serves what is left with a warning, the others as they were', async () => {
    const dataDir = tempDir();
    let server = await start(dataDir);
    const intact = await createMap(server.url, { template: 'contract-review' });
    const damaged = await createMap(server.url, {});
    const intactSteps = (await stepIds(server.url, intact)).ids;
    await stop(server);
    // A restart turns that log into a table, so the next log holds only the damaged map's edits.
    server = await start(dataDir);
    await addSteps(server, damaged, 30);
    await stop(server);
    const log = newest(join(dataDir, 'leveldb'), '.log');
    cut(log, 1 / 3);
    // Inside a record, as a cut almost always is (one that falls between two records leaves no trace in the log; the marks still tell).
    if (cutLogs(join(dataDir, 'leveldb')).length === 0) truncateSync(log, statSync(log).size - 1);

    server = await start(dataDir);
    const output = server.logs.join('\n');
    expect(output).toMatch(new RegExp(`error storage\\.log-cut .*file=${log.split('/').pop()?.replace('.', '\\.')}`));
    expect(output).toMatch(new RegExp(`error storage\\.updates-lost .*map=${damaged.id}`));
    const health = await healthz(server.url);
    expect(health.status).toBe(503);
    expect(health.body.ok).toBe(false);
    expect(health.body.problems?.join('\n')).toMatch(/lost its last \d+ stored writes/);

    expect(await stepIds(server.url, intact)).toEqual({ status: 200, warning: null, ids: intactSteps });
    const left = await stepIds(server.url, damaged);
    expect(left.status).toBe(200);
    expect(left.warning).toMatch(/storage damage found .*the map lost its last \d+ stored writes/);
    expect(left.ids.length).toBeGreaterThan(0);
    expect(left.ids.length).toBeLessThan(30);
    await stop(server);
  }, 60_000);

  it('a cut table file: named at start, /healthz 503, the map in it serves what is left with a warning, the others answer 200', async () => {
    const dataDir = tempDir();
    let server = await start(dataDir);
    const others = [await createMap(server.url, { template: 'contract-review' }), await createMap(server.url, { template: 'invoice-processing' })];
    const damaged = await createMap(server.url, { template: 'invoice-processing' });
    const expected = await Promise.all(others.map((map) => stepIds(server.url, map)));
    const damagedBefore = (await stepIds(server.url, damaged)).ids;
    await stop(server);
    // Restarts turn each log into a table: the first holds every map as created, the second only the later edits of one.
    server = await start(dataDir);
    await addSteps(server, damaged, 10);
    await stop(server);
    server = await start(dataDir);
    await stop(server);
    const table = newest(join(dataDir, 'leveldb'), '.ldb');
    cut(table, 1 / 2);

    server = await start(dataDir);
    const output = server.logs.join('\n');
    const name = table.split('/').pop() as string;
    expect(output).toMatch(new RegExp(`error storage\\.table .*file=${name.replace('.', '\\.')}`));
    expect(output).toMatch(new RegExp(`error storage\\.updates-lost .*map=${damaged.id}`));
    expect(readdirSync(dataDir).some((f) => f.startsWith('damaged-'))).toBe(true);
    const health = await healthz(server.url);
    expect(health.status).toBe(503);
    expect(health.body.problems?.join('\n')).toContain(name);

    for (const [i, map] of others.entries()) expect(await stepIds(server.url, map)).toEqual(expected[i]);
    const left = await stepIds(server.url, damaged);
    expect(left.status).toBe(200);
    expect(left.warning).toMatch(/the map lost its last \d+ stored writes/);
    expect(left.ids).toEqual(damagedBefore);
    expect((await getMap(server.url, damaged.id, damaged.tokens.edit)).status).toBe(200);
    await stop(server);
  }, 60_000);
});
