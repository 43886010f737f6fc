import { mkdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { LeveldbPersistence, getLevelUpdates } from 'y-leveldb';
import { errorText } from '../log';
import type { DocStore } from './store';

/**
 * LevelDB through y-leveldb, the data directory's only database. y-leveldb runs every operation
 * in one queue and, on failure, logs and resolves with `null` instead of rejecting; this wrapper
 * turns that `null` back into an error so a failed write is never acknowledged.
 *
 * Measured (BENCHMARKS.md): one `storeUpdate` costs about 0.3 ms, so the rooms hand it one
 * merged update per tick rather than one per message.
 *
 * Opening writes a probe record, so a data directory that cannot be created, is held by another
 * server, or cannot take a write (read-only, full) fails here, at start, with the reason, and
 * not on the first edit.
 */
export async function openLeveldbStore(dataDir: string): Promise<DocStore> {
  const unusable = (reason: string) =>
    new Error(`the data directory ${resolve(dataDir)} cannot be used: ${reason}. Set STALLMAP_DATA to a writable directory no other Stallmap server is using.`);
  try {
    mkdirSync(dataDir, { recursive: true });
  } catch (error) {
    throw unusable(errorText(error));
  }
  const db = new LeveldbPersistence(join(dataDir, 'leveldb'));
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
  const failIfNull = <T>(what: string, value: T | null): T => {
    if (value === null) throw new Error(`storage: ${what} failed`);
    return value;
  };
  return {
    async loadUpdates(room) {
      // getYDoc would apply every update in one go; reading them raw lets the room skip one bad update.
      return failIfNull('read', await db._transact((level) => getLevelUpdates(level, room)));
    },
    async appendUpdate(room, update) {
      failIfNull('write', await db.storeUpdate(room, update));
    },
    async compact(room) {
      failIfNull('compaction', await db.flushDocument(room));
    },
    async getRecord(room, key) {
      return failIfNull('read', await db.getMeta(room, key));
    },
    async setRecord(room, key, value) {
      failIfNull('write', await db.setMeta(room, key, value));
    },
    async close() {
      await db.destroy();
    },
  };
}
