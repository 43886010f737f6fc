import { mkdtempSync, readFileSync, rmSync, statSync, truncateSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { stepsOf } from '../../src/collab/doc';
import type { Logger } from '../../server/log';
import { Journal, readJournal } from '../../server/storage/journal';
import { HAND_OVER_MS, JournaledWrites, MAX_WRITES_BEHIND } from '../../server/storage/journaled-writes';
import { JOURNAL_FILE, openLeveldbStore } from '../../server/storage/leveldb';
import type { DocStore } from '../../server/storage/store';
import { stepUpdate } from './helpers';

/**
 * An edit is acknowledged (and relayed) once it is in the journal beside the database; the
 * database write follows. What a crash leaves in the journal reaches the database at the next
 * start, and nothing the journal held is lost while the database refuses a write.
 */
const dirs: string[] = [];
const stores: DocStore[] = [];

function tempDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'stallmap-journal-'));
  dirs.push(dir);
  return dir;
}

afterEach(async () => {
  for (const store of stores.splice(0)) await store.close().catch(() => undefined);
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

/** The ids of the steps a room's stored updates hold. */
function stepIds(updates: Uint8Array[]): string[] {
  const doc = new Y.Doc();
  for (const update of updates) Y.applyUpdate(doc, update);
  return [...stepsOf(doc).keys()].sort();
}

function recordingLogger() {
  const lines: string[] = [];
  const line = (event: string, fields?: object) => lines.push(`${event} ${JSON.stringify(fields ?? {})}`);
  const log: Logger = { info: line, warn: line, error: line };
  return { log, lines };
}

describe('the journal file', () => {
  it('gives back every record appended, across a reopen, and stops at one a crash cut short', () => {
    const path = join(tempDir(), 'journal');
    const first = Journal.open(path);
    first.append({ room: 'map-a', update: stepUpdate('a', 'Take order') });
    first.close();
    const second = Journal.open(path);
    second.append({ room: 'map-a/review', update: stepUpdate('b', 'Check') });
    second.append({ room: 'map-b', update: stepUpdate('c', 'Ship') });
    second.close();
    const whole = readJournal(path);
    expect(whole.dropped).toBe(0);
    expect(whole.records.map((record) => [record.room, stepIds([record.update])])).toEqual([
      ['map-a', ['a']],
      ['map-a/review', ['b']],
      ['map-b', ['c']],
    ]);
    // The last append cut off mid-record, as a crash during write(2) can leave it.
    truncateSync(path, statSync(path).size - 5);
    const cut = readJournal(path);
    expect(cut.records.map((record) => record.room)).toEqual(['map-a', 'map-a/review']);
    expect(cut.dropped).toBeGreaterThan(0);
  });

  it('stops at a record whose checksum fails', () => {
    const path = join(tempDir(), 'journal');
    const journal = Journal.open(path);
    journal.append({ room: 'map-a', update: stepUpdate('a', 'Take order') });
    journal.append({ room: 'map-b', update: stepUpdate('b', 'Check') });
    journal.close();
    const bytes = readFileSync(path);
    bytes[bytes.length - 3] ^= 0xff;
    writeFileSync(path, bytes);
    expect(readJournal(path).records.map((record) => record.room)).toEqual(['map-a']);
  });

  it('is empty once emptied, and takes appends after', () => {
    const path = join(tempDir(), 'journal');
    const journal = Journal.open(path);
    journal.append({ room: 'map-a', update: stepUpdate('a', 'Take order') });
    journal.empty();
    expect(journal.isEmpty).toBe(true);
    expect(statSync(path).size).toBe(0);
    journal.append({ room: 'map-b', update: stepUpdate('b', 'Check') });
    journal.close();
    expect(readJournal(path).records.map((record) => record.room)).toEqual(['map-b']);
  });
});

describe('writes through the journal', () => {
  it('keeps a write the database refused, writes it again before the next, and empties the journal only once the database has both', async () => {
    const path = join(tempDir(), 'journal');
    const stored: string[] = [];
    const failures: unknown[] = [];
    let refusing = true;
    const writes = new JournaledWrites(
      Journal.open(path),
      async (room) => {
        if (refusing) throw new Error('disk full');
        stored.push(room);
      },
      (error) => failures.push(error),
      () => undefined,
    );
    await writes.append('map-a', stepUpdate('a', 'Take order')); // acknowledged: it is journaled
    await new Promise((resolve) => setTimeout(resolve, HAND_OVER_MS + 10));
    expect(failures).toHaveLength(1);
    // While the database refuses, the next write is refused too (the room closes its clients) and the journal keeps the first.
    await expect(writes.append('map-b', stepUpdate('b', 'Check'))).rejects.toThrow('disk full');
    expect(readJournal(path).records.map((record) => record.room)).toEqual(['map-a']);

    refusing = false;
    await writes.append('map-b', stepUpdate('b', 'Check'));
    await writes.close();
    expect(stored).toEqual(['map-a', 'map-b']);
    expect(statSync(path).size).toBe(0);
  });

  it('hands the database what was journaled meanwhile as one write per room, in order', async () => {
    const path = join(tempDir(), 'journal');
    const written: { room: string; steps: string[] }[] = [];
    const writes = new JournaledWrites(
      Journal.open(path),
      async (room, updates) => {
        written.push({ room, steps: updates.flatMap((update) => stepIds([update])) });
      },
      () => undefined,
      () => undefined,
    );
    for (let i = 0; i < 10; i += 1) await writes.append(i % 3 === 0 ? 'map-b' : 'map-a', stepUpdate(`s${i}`, 'Step'));
    expect(written).toEqual([]);
    await new Promise((resolve) => setTimeout(resolve, HAND_OVER_MS + 10));
    expect(written).toEqual([
      { room: 'map-b', steps: ['s0', 's3', 's6', 's9'] },
      { room: 'map-a', steps: ['s1', 's2', 's4', 's5', 's7', 's8'] },
    ]);
    expect(statSync(path).size).toBe(0);
    await writes.close();
  });

  it('makes an append wait while the database is too far behind, and takes it once a write finishes', async () => {
    const path = join(tempDir(), 'journal');
    const finish: (() => void)[] = [];
    const writes = new JournaledWrites(
      Journal.open(path),
      () => new Promise<void>((resolve) => finish.push(resolve)),
      () => undefined,
      () => undefined,
    );
    for (let i = 0; i < MAX_WRITES_BEHIND; i += 1) await writes.append('map-a', stepUpdate(`s${i}`, 'Step'));
    let taken = false;
    const next = writes.append('map-a', stepUpdate('late', 'Step')).then(() => {
      taken = true;
    });
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(taken).toBe(false);
    expect(readJournal(path).records).toHaveLength(MAX_WRITES_BEHIND);
    finish[0]();
    await next;
    // The 1,024 went to the database as one write: the journal was emptied, then took the late one.
    expect(stepIds(readJournal(path).records.map((record) => record.update))).toEqual(['late']);
    const closed = writes.close();
    await new Promise((resolve) => setTimeout(resolve, 10));
    for (const done of finish.slice(1)) done();
    await closed;
    expect(statSync(path).size).toBe(0);
  });
});

describe('the LevelDB store with its journal', () => {
  /** A data dir whose database holds `a` in `map-a`, and whose journal holds what a crash left: `b` in `map-a`, `c` in `map-c`. */
  async function crashedDataDir(): Promise<string> {
    const dir = tempDir();
    const store = await openLeveldbStore(dir);
    await store.appendUpdate('map-a', stepUpdate('a', 'Take order'));
    await store.close();
    const journal = Journal.open(join(dir, JOURNAL_FILE));
    journal.append({ room: 'map-a', update: stepUpdate('b', 'Check') });
    journal.append({ room: 'map-c', update: stepUpdate('c', 'Ship') });
    journal.close();
    return dir;
  }

  it('writes what a crash left in the journal to the database at the next start, says so, and empties the journal', async () => {
    const dir = await crashedDataDir();
    const { log, lines } = recordingLogger();
    const store = await openLeveldbStore(dir, { log, salvage: 'in-place' });
    stores.push(store);
    expect(lines.some((line) => line.startsWith('storage.journal-replayed') && line.includes('"updates":2'))).toBe(true);
    expect(statSync(join(dir, JOURNAL_FILE)).size).toBe(0);
    expect(stepIds(await store.loadUpdates('map-a'))).toEqual(['a', 'b']);
    expect(stepIds(await store.loadUpdates('map-c'))).toEqual(['c']);
    // In the database now, not only in memory: a second start finds them without the journal.
    await store.close();
    stores.length = 0;
    const reopened = await openLeveldbStore(dir);
    stores.push(reopened);
    expect(stepIds(await reopened.loadUpdates('map-a'))).toEqual(['a', 'b']);
    expect(await reopened.listRooms()).toEqual(['map-a', 'map-c']);
  });

  it('serves what the journal holds to an export (which leaves the data directory as it is)', async () => {
    const dir = await crashedDataDir();
    const before = readFileSync(join(dir, JOURNAL_FILE));
    const store = await openLeveldbStore(dir, { salvage: 'copy' });
    stores.push(store);
    expect(await store.listRooms()).toEqual(['map-a', 'map-c']);
    expect(stepIds(await store.loadUpdates('map-a'))).toEqual(['a', 'b']);
    expect(stepIds(await store.loadUpdates('map-c'))).toEqual(['c']);
    await store.close();
    stores.length = 0;
    expect(readFileSync(join(dir, JOURNAL_FILE))).toEqual(before);
  });

  it('reads every write asked for before the read, and leaves the journal empty after a clean close, with every write in the database', async () => {
    const dir = tempDir();
    const store = await openLeveldbStore(dir);
    for (let i = 0; i < 50; i += 1) void store.appendUpdate('map-a', stepUpdate(`s${i}`, `Step ${i}`));
    // Not yet handed to LevelDB (that waits for the event loop's turn): the read hands them over first.
    expect(stepIds(await store.loadUpdates('map-a'))).toHaveLength(50);
    await store.close();
    expect(statSync(join(dir, JOURNAL_FILE)).size).toBe(0);
    const reopened = await openLeveldbStore(dir);
    stores.push(reopened);
    expect(stepIds(await reopened.loadUpdates('map-a'))).toHaveLength(50);
  });
});
