import { execFile } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, statSync, truncateSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { main } from '../../server/cli/main';
import { openLeveldbStore } from '../../server/storage/leveldb';
import { createMap, type CreatedMap, getMap, } from '../server/helpers';
import { type Started, scratchSpace } from '../server/scratch';

/**
 * `stallmap export-all` and `import-all`: a backup of every map (map JSON with its review data,
 * access records, Yjs state) that restores into a fresh data directory with every link working;
 * all or nothing on import; never against a directory a running server holds; and on a damaged
 * store, what can be read is exported and what cannot is named.
 */
const scratch = scratchSpace('stallmap-backup-');
const { tempDir, start, stop } = scratch;

async function stallmap(...args: string[]): Promise<{ status: number; stdout: string; stderr: string }> {
  let stdout = '';
  let stderr = '';
  const status = await main(args, { out: (text) => (stdout += text), err: (text) => (stderr += text), color: false });
  return { status, stdout, stderr };
}

/** The real bin, as a user runs it. */
function stallmapBin(...args: string[]): Promise<{ status: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(process.execPath, ['bin/stallmap.js', ...args], { cwd: new URL('../..', import.meta.url) }, (error, stdout, stderr) => {
      resolve({ status: error ? (typeof error.code === 'number' ? error.code : null) : 0, stdout, stderr });
    });
  });
}

const addSteps = (server: Started, map: CreatedMap, count: number) =>
  scratch.addSteps(server, map, count, (i) => ({ id: `live${i}`, fields: { kind: 'human', label: `live ${i}` } }));

/** Maps with steps, joins, review data (a waiver, a comment) and live edits, in a stopped server's data directory. */
async function dataDirWithMaps(): Promise<{ dataDir: string; maps: CreatedMap[]; bodies: unknown[] }> {
  const dataDir = tempDir();
  const server = await start(dataDir);
  const fixture = JSON.parse(readFileSync('test/fixtures/contract-review.json', 'utf8'));
  const maps = [await createMap(server.url, fixture), await createMap(server.url, { template: 'invoice-processing' }), await createMap(server.url, {})];
  await addSteps(server, maps[0], 3);
  await addSteps(server, maps[2], 2);
  const bodies = await Promise.all(maps.map(async (map) => (await getMap(server.url, map.id, map.tokens.view)).body));
  await stop(server);
  return { dataDir, maps, bodies };
}

describe('stallmap export-all and import-all', () => {
  it('round-trip every map into a fresh data directory, and the links from before open them there', async () => {
    const { dataDir, maps, bodies } = await dataDirWithMaps();
    expect((bodies[0] as { waivers: unknown[] }).waivers.length).toBe(1);
    expect((bodies[0] as { comments: unknown[] }).comments.length).toBe(1);
    const backup = join(tempDir(), 'backup');
    const exported = await stallmapBin('export-all', backup, '--data', dataDir);
    expect(exported.stderr).toBe('');
    expect(exported.stdout).toContain('exported 3 maps');
    expect(exported.status).toBe(0);
    expect(JSON.parse(readFileSync(join(backup, 'maps', maps[0].id, 'map.json'), 'utf8'))).toEqual(bodies[0]);

    const restored = tempDir();
    const imported = await stallmap('import-all', backup, '--data', restored);
    expect(imported.stdout).toContain('imported 3 maps');
    expect(imported.status).toBe(0);

    const server = await start(restored);
    for (const [i, map] of maps.entries()) {
      for (const token of Object.values(map.tokens)) expect(await getMap(server.url, map.id, token)).toEqual({ status: 200, body: bodies[i] });
    }
    const role = await fetch(`${server.url}/api/maps/${maps[1].id}/role`, { headers: { Authorization: `Bearer ${maps[1].tokens.review}` } });
    expect(((await role.json()) as { role: string }).role).toBe('review');
    // The edit link still edits, over the sync protocol.
    await addSteps(server, maps[2], 1);
    expect((await getMap(server.url, maps[2].id, maps[2].tokens.view)).body.steps.map((s) => s.id).sort()).toEqual(['live0', 'live1']);

    // A second import of the same backup finds its maps there, and writes nothing.
    await stop(server);
    const again = await stallmap('import-all', backup, '--data', restored);
    expect(again.status).toBe(2);
    expect(again.stderr).toContain('already holds maps');
  }, 60_000);

  it('refuses a data directory a running server holds, saying so', async () => {
    const { dataDir } = await dataDirWithMaps();
    await start(dataDir);
    const exported = await stallmap('export-all', join(tempDir(), 'backup'), '--data', dataDir);
    expect(exported.status).toBe(2);
    expect(exported.stderr).toContain('is in use by a running Stallmap server: stop the server first');
  });

  it('imports nothing when one file of the backup is bad (all or nothing)', async () => {
    const { dataDir, maps } = await dataDirWithMaps();
    const backup = join(tempDir(), 'backup');
    expect((await stallmap('export-all', backup, '--data', dataDir)).status).toBe(0);
    const broken = join(backup, 'maps', maps[2].id, 'map.json');
    writeFileSync(broken, '{"format": "stallmap", "steps": "not a list"');

    const target = tempDir();
    const imported = await stallmap('import-all', backup, '--data', target);
    expect(imported.status).toBe(2);
    expect(imported.stderr).toContain(broken);
    expect(imported.stderr).toContain('nothing was written');
    const store = await openLeveldbStore(target);
    try {
      expect(await store.listRooms()).toEqual([]);
    } finally {
      await store.close();
    }
  });

  it('exports what can be read of a damaged store, names what cannot, and leaves the data directory as it was', async () => {
    const { dataDir, maps, bodies } = await dataDirWithMaps();
    // Later edits of one map end up in a table of their own (each restart turns the log into a table); that table is cut.
    let server = await start(dataDir);
    await addSteps(server, maps[1], 3);
    await stop(server);
    server = await start(dataDir);
    await stop(server);
    const levelDir = join(dataDir, 'leveldb');
    const table = join(levelDir, readdirSync(levelDir).filter((f) => f.endsWith('.ldb')).sort().pop() as string);
    truncateSync(table, Math.floor(statSync(table).size / 2));
    const cutSize = statSync(table).size;

    const backup = join(tempDir(), 'backup');
    const exported = await stallmap('export-all', backup, '--data', dataDir);
    expect(exported.status).toBe(1);
    expect(exported.stderr).toContain(`the table file ${table.split('/').pop()} is damaged`);
    expect(exported.stderr).toMatch(new RegExp(`map ${maps[1].id}: storage damage found .* lost its last \\d+ stored writes`));
    expect(exported.stdout).toContain('exported 3 maps');
    expect(JSON.parse(readFileSync(join(backup, 'maps', maps[0].id, 'map.json'), 'utf8'))).toEqual(bodies[0]);
    expect(JSON.parse(readFileSync(join(backup, 'maps', maps[1].id, 'map.json'), 'utf8'))).toEqual(bodies[1]);
    // Not repaired in place (a temporary copy was): the cut table is still there as it was, nothing set aside.
    expect(statSync(table).size).toBe(cutSize);
    expect(existsSync(join(levelDir, 'lost'))).toBe(false);
    expect(readdirSync(dataDir).some((f) => f.startsWith('damaged-'))).toBe(false);
  }, 60_000);
});
