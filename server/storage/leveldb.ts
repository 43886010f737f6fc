import { mkdirSync, rmSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { decodeAny, encodeAny } from 'lib0/buffer';
import { getLevelBulkKeys, getLevelUpdates, LeveldbPersistence } from 'y-leveldb';
import { errorText, type Logger, silentLogger } from '../log';
import { SetupError } from '../start-failure';
import { isStorageDamage, mapOfRoom, StorageDamagedError, StorageHealth, type StorageProblem } from './integrity';
import { Journal, type JournalRecord, readJournal } from './journal';
import { byRoom, JournaledWrites } from './journaled-writes';
import { cutLogs, damagedTables } from './leveldb-files';
import { keepDamagedCopy, repairLeveldb, type ScanResult, scanStore, temporaryCopy } from './leveldb-scan';
import type { DocStore } from './store';
import { UpdateClocks } from './update-clocks';
import { type UpdateLoss, UpdateMarks } from './update-marks';

/** The journal's file in the data directory (journal.ts). */
export const JOURNAL_FILE = 'journal';

export interface OpenOptions {
  /** Where what is found at start goes (the server passes its logger). */
  log?: Logger;
  /**
   * When the store cannot be read in full at start: 'in-place' (the server) copies the damaged
   * database to `DATA/damaged-<time>`, then repairs it (leveldb-scan.ts), so every map that can
   * be read is served again; 'copy' (export-all) repairs a temporary copy and reads that, leaving
   * the data directory untouched; 'none' only reports.
   */
  salvage?: 'in-place' | 'copy' | 'none';
  /** What the person named the directory with (`--data`), for the advice when it cannot be used; STALLMAP_DATA by default. */
  setting?: string;
}

/**
 * LevelDB through y-leveldb, the data directory's only database. y-leveldb runs every operation
 * in one queue and, on failure, logs and resolves with `null` instead of rejecting; this wrapper
 * turns that `null` back into an error so a failed write is never acknowledged.
 *
 * A write is acknowledged once it is in the journal beside the database (journal.ts: one
 * synchronous write(2), where LevelDB's put is a round trip through libuv's thread pool), and
 * goes to LevelDB within 20 ms, each room's updates as one batch (journaled-writes.ts). Writes go through an {@link UpdateClocks} rather than y-leveldb's
 * `storeUpdate`, which reads the room's last update number back before every put.
 *
 * Opening writes a probe record, so a data directory that cannot be created, is held by another
 * server, or cannot take a write (read-only, full) fails here, at start, with the reason, and
 * not on the first edit. Then the store is checked (integrity.ts): logs cut short, every record
 * read once, and each room's updates counted against the marks kept beside the database
 * (update-marks.ts). What is wrong is logged as errors, one line each, and kept in `health`.
 */
export async function openLeveldbStore(dataDir: string, options: OpenOptions = {}): Promise<DocStore> {
  const log = options.log ?? silentLogger;
  const salvage = options.salvage ?? 'none';
  const unusable = (reason: string) =>
    new SetupError(`the data directory ${resolve(dataDir)} cannot be used: ${reason}. Set ${options.setting ?? 'STALLMAP_DATA'} to a writable directory no other Stallmap server is using.`);
  try {
    mkdirSync(dataDir, { recursive: true });
  } catch (error) {
    throw unusable(errorText(error));
  }
  const health = new StorageHealth();
  const damage = (problem: StorageProblem, fields: Record<string, string | number> = {}) => {
    health.report(problem);
    log.error(`storage.${problem.kind}`, { ...fields, file: problem.file, room: problem.room, problem: problem.message });
  };

  let levelDir = join(dataDir, 'leveldb');
  // Before LevelDB opens them: it replays a cut log up to the cut and says nothing.
  for (const cut of cutLogs(levelDir)) {
    damage(
      { kind: 'log-cut', file: cut.file, message: `the write-ahead log ${cut.file} ends inside a record: ${cut.dropped} bytes after its last whole record are lost` },
      { kept: cut.kept, dropped: cut.dropped },
    );
  }
  // LevelDB's messages name files by their full path; /healthz shows them by name.
  const withoutDir = (error: unknown) => errorText(error).split(`${levelDir}/`).join('');
  let db = await openAndProbe(levelDir, unusable);
  let scan = await scanStore(await db._transact(async (level) => level));
  let salvageDir: string | undefined;
  if (scan.error) {
    damage({ kind: 'unreadable', message: `the database cannot be read in full: ${withoutDir(scan.error)}` });
    for (const table of damagedTables(levelDir)) damage({ kind: 'table', file: table.file, message: `the table file ${table.file} is damaged: ${table.reason}` });
    if (salvage !== 'none') {
      await db.destroy().catch(() => undefined);
      if (salvage === 'in-place') {
        const kept = keepDamagedCopy(dataDir, levelDir);
        log.error('storage.repairing', { kept, note: 'the damaged database is copied there as it was; LevelDB repair keeps what it can read' });
      } else {
        const copy = temporaryCopy(levelDir);
        salvageDir = copy.dir;
        levelDir = copy.levelDir;
      }
      await repairLeveldb(levelDir).catch((error) => log.error('storage.repair-failed', { error: errorText(error) }));
      db = await openAndProbe(levelDir, unusable);
      scan = await scanStore(await db._transact(async (level) => level));
      if (scan.error) damage({ kind: 'unreadable', message: `the database cannot be read in full even after repair: ${withoutDir(scan.error)}` });
      else log.warn('storage.repaired', { rooms: scan.rooms.size, entries: scan.entries, lost: join(levelDir, 'lost') });
    }
  }

  const marks = new UpdateMarks(join(dataDir, 'update-marks'), (error) => log.error('storage.marks-failed', { error: errorText(error) }));
  if (!scan.error) checkMarks(marks, scan, health, damage, log);
  const clocks = new UpdateClocks(db, scan.error ? new Map() : scan.lastUpdate);
  // export-all ('copy') only reads: the marks stay as they are, so the next server start still reports what it finds.
  if (salvage !== 'copy') marks.rewrite();
  log.info('storage.checked', { rooms: scan.rooms.size, entries: scan.entries, problems: health.problems.length });

  const failIfNull = <T>(what: string, value: T | null): T => {
    if (value === null) throw new Error(`storage: ${what} failed`);
    return value;
  };
  const write = async (room: string, updates: Uint8Array[]) => {
    marks.set(room, failIfNull('write', await clocks.append(room, updates)));
  };
  const { writes, leftover } = await openJournal(dataDir, salvage, write, log, unusable);
  /** A read in y-leveldb's queue that keeps its error: damage is reported (health, one log line per room) and thrown as StorageDamagedError. */
  const read = async <T>(room: string | undefined, what: string, run: (level: unknown) => Promise<T>): Promise<T> => {
    const outcome = await db._transact(async (level) => {
      try {
        return { ok: true as const, value: await run(level) };
      } catch (error) {
        return { ok: false as const, error };
      }
    });
    if (outcome === null) throw new Error(`storage: ${what} failed`);
    if (outcome.ok) return outcome.value;
    if (!isStorageDamage(outcome.error)) throw new Error(`storage: ${what} failed: ${errorText(outcome.error)}`);
    if (health.readFailed(room, new Error(withoutDir(outcome.error)))) log.error('storage.read-failed', { room, error: errorText(outcome.error) });
    throw new StorageDamagedError(room, withoutDir(outcome.error));
  };
  const get = async (level: unknown, key: (string | number)[]): Promise<Uint8Array | undefined> => {
    try {
      return await (level as { get(k: unknown): Promise<Uint8Array> }).get(key);
    } catch (error) {
      if ((error as { code?: string }).code === 'LEVEL_NOT_FOUND') return undefined;
      throw error;
    }
  };
  // Reads and compactions call `writes.ahead()` first and await it only while a failed write waits
  // for its retry: otherwise they must reach LevelDB's queue at once, in order with the appends
  // around them (an await would let later appends in ahead of a compaction, which clears them).
  return {
    health,
    async loadUpdates(room) {
      const retry = writes?.ahead();
      if (retry) await retry;
      // getYDoc would apply every update in one go; reading them raw lets the room skip one bad update.
      const stored = await read(room, 'read', (level) => getLevelUpdates(level, room));
      return [...stored, ...leftover.filter((record) => record.room === room).map((record) => record.update)];
    },
    appendUpdate: (room, update) => (writes ? writes.append(room, update) : write(room, [update])),
    async compact(room, state) {
      const retry = writes?.ahead();
      if (retry) await retry;
      if (state) {
        // The state first, then the older updates cleared: a crash in between leaves both, which
        // load to the same document (applying an update twice changes nothing).
        const clock = failIfNull('compaction', await clocks.append(room, [state]));
        await read(room, 'compaction', (level) => (level as { clear(range: unknown): Promise<void> }).clear({ gte: ['v1', room, 'update', 0], lt: ['v1', room, 'update', clock] }));
        marks.set(room, clock);
        return;
      }
      failIfNull('compaction', await clocks.flush(room));
      const [last] = await read(room, 'read', (level) =>
        getLevelBulkKeys(level, { gte: ['v1', room, 'update', 0], lt: ['v1', room, 'update', 2 ** 32], reverse: true, limit: 1 }),
      );
      if (last) marks.set(room, last[3] as number);
    },
    async getRecord(room, key) {
      const value = await read(room, 'read', (level) => get(level, ['v1', room, 'meta', key]));
      return value === undefined ? undefined : decodeAny(value);
    },
    async setRecord(room, key, value) {
      failIfNull('write', await db.setMeta(room, key, value));
    },
    swapRecord(room, key, expected, value) {
      // Read and written in one turn of y-leveldb's queue, which runs one operation at a time: nothing comes between.
      return read(room, 'write', async (level) => {
        const database = level as { put(key: unknown, value: Buffer): Promise<void> };
        const current = await get(level, ['v1', room, 'meta', key]);
        if (!sameEncoding(current, expected)) return false;
        await database.put(['v1', room, 'meta', key], Buffer.from(encodeAny(value)));
        return true;
      });
    },
    async listRooms() {
      const retry = writes?.ahead();
      if (retry) await retry;
      const found = await read(undefined, 'scan', async (level) => {
        const result = await scanStore(level);
        if (result.error) throw result.error;
        return result;
      });
      return [...new Set([...found.rooms, ...leftover.map((record) => record.room)])].sort();
    },
    async ping() {
      await read(undefined, 'ping', (level) => get(level, ['v1_probe']));
    },
    async close() {
      await writes?.close();
      await db.destroy();
      marks.close();
      if (salvageDir) rmSync(salvageDir, { recursive: true, force: true });
    },
  };
}

/** Whether stored bytes are `expected` as setMeta encodes it (none for undefined). */
function sameEncoding(stored: Uint8Array | undefined, expected: unknown): boolean {
  if (stored === undefined || expected === undefined) return stored === expected;
  return Buffer.from(stored).equals(Buffer.from(encodeAny(expected)));
}

/**
 * The journal beside the database (journal.ts): what a crash left in it is written to the
 * database first, then it takes the writes. Export-all ('copy') leaves the data directory as it
 * is: what the journal holds is read and served with the database's updates (`leftover`), and
 * nothing is journaled.
 */
async function openJournal(
  dataDir: string,
  salvage: OpenOptions['salvage'],
  write: (room: string, updates: Uint8Array[]) => Promise<void>,
  log: Logger,
  unusable: (reason: string) => Error,
): Promise<{ writes?: JournaledWrites; leftover: JournalRecord[] }> {
  const path = join(dataDir, JOURNAL_FILE);
  const { records, dropped } = readJournal(path);
  // Only an append a crash cut short ends a journal early: it never returned, so none of it was acknowledged.
  if (dropped > 0) log.warn('storage.journal-cut', { dropped, note: 'the last append was cut short by a crash; it had not been acknowledged' });
  if (salvage === 'copy') return { leftover: records };
  try {
    for (const { room, updates } of byRoom(records)) await write(room, updates);
  } catch (error) {
    throw unusable(`the journal's updates cannot be written to the database (${errorText(error)})`);
  }
  if (records.length > 0) log.warn('storage.journal-replayed', { updates: records.length, rooms: new Set(records.map((record) => record.room)).size });
  let journal: Journal;
  try {
    journal = Journal.open(path);
    journal.empty();
  } catch (error) {
    throw unusable(errorText(error));
  }
  const writes = new JournaledWrites(
    journal,
    write,
    (error) => log.error('storage.write-failed', { error: errorText(error), note: 'the updates are in the journal; they are written again before the next write' }),
    (error) => log.error('storage.journal-failed', { error: errorText(error), note: 'the journal keeps updates the database has; they are written again at the next start' }),
  );
  return { writes, leftover: [] };
}

async function openAndProbe(levelDir: string, unusable: (reason: string) => Error): Promise<LeveldbPersistence> {
  const db = new LeveldbPersistence(levelDir);
  // y-leveldb swallows errors (it logs them and resolves null), so open and probe inside its queue to keep the reason.
  const failure = await db._transact(async (level) => {
    try {
      const database = level as { open(): Promise<void>; put(key: string[], value: Uint8Array): Promise<void> };
      await database.open();
      await database.put(['v1_probe'], new Uint8Array([1]));
      return 'ok';
    } catch (error) {
      const cause = (error as { cause?: unknown }).cause;
      return `${errorText(error)}${cause ? `: ${errorText(cause)}` : ''}`;
    }
  });
  if (failure !== 'ok') {
    await db.destroy().catch(() => undefined);
    throw unusable(failure ?? 'unknown error');
  }
  return db;
}

/**
 * Each room's updates against the marks: a room whose last update is below its mark lost updates
 * the server had written (and acknowledged): LevelDB dropped a cut log's tail, or repair set a
 * table aside. Losses found at earlier starts stay as warnings on their maps.
 */
function checkMarks(marks: UpdateMarks, scan: ScanResult, health: StorageHealth, damage: (p: StorageProblem, f?: Record<string, string | number>) => void, log: Logger): void {
  for (const loss of marks.losses()) health.warn(loss.room, lossMessage(loss));
  if (marks.losses().length > 0) log.warn('storage.known-losses', { rooms: marks.losses().length, note: 'found at earlier starts; those maps show a warning' });
  const at = new Date().toISOString();
  for (const [room, recorded] of [...marks.entries()]) {
    const found = scan.lastUpdate.get(room) ?? -1;
    if (found >= recorded) continue;
    const loss: UpdateLoss = { room, recorded, found, at };
    marks.recordLoss(loss);
    damage({ kind: 'updates-lost', room, message: lossMessage(loss) }, { map: mapOfRoom(room), recorded, found });
  }
  for (const [room, last] of scan.lastUpdate) marks.adopt(room, last);
}

function lossMessage({ room, recorded, found, at }: UpdateLoss): string {
  const what = room.includes('/') ? 'its review data (waivers, comments)' : 'the map';
  const lost = found < 0 ? 'every stored write' : `its last ${recorded - found} stored writes`;
  return `storage damage found ${at.slice(0, 10)}: ${what} lost ${lost}; what is shown is what could be read`;
}
