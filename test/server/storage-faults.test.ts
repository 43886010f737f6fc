import type { ChildProcess } from 'node:child_process';
import { execFileSync } from 'node:child_process';
import { chmodSync, closeSync, mkdirSync, mkdtempSync, openSync, rmSync, writeFileSync, writeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { WebsocketProvider } from 'y-websocket';
import { itemFromFields, stepsOf } from '../../src/collab/doc';
import { openLeveldbStore } from '../../server/storage/leveldb';
import type { DocStore } from '../../server/storage/store';
import { connect, createMap, getMap, sleep, startTestServer, synced, type TestServer, waitFor } from './helpers';
import { exited, spawnServer } from './spawn';

/**
 * An unusable data directory is said at start (a clear message, exit 2), and a write that fails
 * at run time is refused (the room's clients are closed 1011, and a log line says why), never
 * acknowledged: nobody else sees the edit until it is on disk.
 *
 * Tests run as root, where permissions do not stop writes, so "cannot be written" is made with
 * what stops root too: a path through a regular file, a directory another server holds, a
 * database closed under the server, and, where the machine lets us mount one, a full tmpfs.
 */
const dirs: string[] = [];
const children: ChildProcess[] = [];
const providers: WebsocketProvider[] = [];
let server: TestServer | undefined;

function tempDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'stallmap-faults-'));
  dirs.push(dir);
  return dir;
}

afterEach(async () => {
  for (const provider of providers.splice(0)) provider.destroy();
  for (const child of children.splice(0)) if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
  await server?.close();
  server = undefined;
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

/** Starts `server/main.ts` on `dataDir` and expects it to refuse: exit 2 (the setting is at fault), with a message naming the directory and what to do. */
async function expectRefusedStart(dataDir: string): Promise<string> {
  const error = (await spawnServer(dataDir).then(
    (started) => {
      children.push(started.child);
      throw new Error('the server started');
    },
    (refused: Error & { code: number; output: string }) => refused,
  )) as Error & { code: number; output: string };
  expect(error.code).toBe(2);
  expect(error.output).toContain('server.start-failed');
  expect(error.output).toContain(`the data directory ${dataDir} cannot be used`);
  expect(error.output).toContain('Set STALLMAP_DATA to a writable directory');
  return error.output;
}

describe('at start', () => {
  it('refuses a data directory that cannot be created (its parent is a file)', async () => {
    const file = join(tempDir(), 'not-a-directory');
    writeFileSync(file, '');
    expect(await expectRefusedStart(join(file, 'data'))).toContain('ENOTDIR');
  });

  it('refuses a data directory another server is using', async () => {
    const dataDir = tempDir();
    const first = await spawnServer(dataDir);
    children.push(first.child);
    expect(await expectRefusedStart(dataDir)).toMatch(/lock/i);
    first.child.kill('SIGTERM');
    expect(await exited(first.child)).toBe(0);
  });

  // Root writes through any mode bits, so as root the directory is a read-only mount instead.
  it('refuses a read-only data directory', async () => {
    const dataDir = tempDir();
    const asRoot = process.getuid?.() === 0;
    if (asRoot) execFileSync('mount', ['-t', 'tmpfs', '-o', 'ro,size=64k', 'tmpfs', dataDir]);
    else chmodSync(dataDir, 0o500);
    try {
      await expectRefusedStart(join(dataDir, 'data'));
    } finally {
      if (asRoot) execFileSync('umount', ['-l', dataDir]);
    }
  });
});

/** A new map with an editing client and an observing one, and the close codes the editor gets. */
async function writerAndObserver(on: TestServer) {
  const map = await createMap(on.url, {});
  const writer = connect(on.syncUrl, map.id, map.tokens.edit);
  const observer = connect(on.syncUrl, map.id, map.tokens.view);
  providers.push(writer.provider, observer.provider);
  await Promise.all([synced(writer.provider), synced(observer.provider)]);
  const closes: number[] = [];
  writer.provider.on('connection-close', (event: { code: number } | null) => closes.push(event?.code ?? 0));
  return { map, writer, observer, closes };
}

describe('at run time', () => {
  it('refuses (1011) a write the database will not take, relays nothing of it, and logs why', async () => {
    const real = await openLeveldbStore(tempDir());
    // The server's own close must not close it again; the test closes it under the server.
    const store: DocStore = { ...real, close: async () => {} };
    server = await startTestServer({ store });
    const { writer, observer, closes } = await writerAndObserver(server);
    await real.close();
    stepsOf(writer.doc).set('lost', itemFromFields({ kind: 'human', label: 'cannot be kept' }));
    await waitFor(() => closes.includes(1011), 5000, 'the writer to be closed 1011');
    await sleep(100);
    expect(stepsOf(observer.doc).has('lost')).toBe(false);
    expect(server.logs.some((l) => l.includes('room.write-failed') && l.includes('storage: write failed'))).toBe(true);
  });
});

/** Fills the filesystem of `dir` to the last byte; returns the filler to delete. */
function fill(dir: string): string {
  const filler = join(dir, 'filler');
  const fd = openSync(filler, 'w');
  try {
    for (;;) writeSync(fd, Buffer.alloc(16 * 1024));
  } catch {
    // ENOSPC: full
  } finally {
    closeSync(fd);
  }
  return filler;
}

// A real full disk: a 2 MB tmpfs. Mounting needs root, which CI and the development machines
// have (tests run as root there); the test fails rather than skips where it cannot mount.
describe('a full disk (a 2 MB tmpfs)', () => {
  let mount = '';
  const withTmpfs = async (run: () => Promise<void>) => {
    mount = tempDir();
    execFileSync('mount', ['-t', 'tmpfs', '-o', 'size=2m', 'tmpfs', mount]);
    try {
      await run();
    } finally {
      await server?.close();
      server = undefined;
      for (const provider of providers.splice(0)) provider.destroy();
      execFileSync('umount', ['-l', mount]);
    }
  };

  it('is said at start', () =>
    withTmpfs(async () => {
      mkdirSync(join(mount, 'data'));
      fill(mount);
      const output = await expectRefusedStart(join(mount, 'data'));
      expect(output).toMatch(/no space left on device/i);
    }));

  it('refuses writes at run time (1011) instead of acknowledging them, and takes them once there is room', () =>
    withTmpfs(async () => {
      // No free-disk floor (it would refuse the map on a 2 MB disk): this is what happens when the disk fills anyway.
      server = await startTestServer({ dataDir: join(mount, 'data'), minFreeDiskBytes: 0 });
      const { map, writer, observer, closes } = await writerAndObserver(server);
      const filler = fill(mount);
      // Larger than what is left of the log file's last page.
      for (let i = 0; i < 4; i += 1) stepsOf(writer.doc).set(`big${i}`, itemFromFields({ kind: 'human', label: `big ${i}`, notes: 'n'.repeat(4000) }));
      await waitFor(() => closes.includes(1011), 5000, 'the writer to be closed 1011');
      expect(server.logs.some((l) => l.includes('room.write-failed'))).toBe(true);
      expect(stepsOf(observer.doc).has('big3')).toBe(false);
      rmSync(filler);
      await waitFor(() => stepsOf(observer.doc).has('big3'), 15_000, 'the edits once there is room');
      expect((await getMap(server.url, map.id, map.tokens.view)).body.steps.map((s) => s.id).sort()).toEqual(['big0', 'big1', 'big2', 'big3']);
    }));
});
