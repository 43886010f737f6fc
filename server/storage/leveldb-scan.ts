import { cpSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Level } from 'level';

/** What a full read of the store found: each room's last update number, and the error that stopped it, if one did. */
export interface ScanResult {
  /** Every room with updates or records. */
  rooms: Set<string>;
  /** Each room's highest update number (y-leveldb numbers a room's updates 0, 1, 2, … and compaction goes on counting). */
  lastUpdate: Map<string, number>;
  entries: number;
  error?: unknown;
}

interface RawIterator {
  nextv(size: number): Promise<[unknown, unknown][]>;
  close(): Promise<void>;
}

/**
 * Reads every key and value of the store once, as y-leveldb lays them out: ['v1', room,
 * 'update', n], ['v1', room, 'meta', key], ['v1_sv', room]. LevelDB reads a table's blocks to
 * hand them out, so a damaged table or block fails here, at start, rather than on a user's read.
 */
export async function scanStore(level: unknown): Promise<ScanResult> {
  const result: ScanResult = { rooms: new Set(), lastUpdate: new Map(), entries: 0 };
  const iterator = (level as { iterator(): RawIterator }).iterator();
  try {
    for (;;) {
      const batch = await iterator.nextv(1000);
      if (batch.length === 0) break;
      for (const [key] of batch) {
        result.entries += 1;
        if (!Array.isArray(key) || typeof key[1] !== 'string') continue;
        const room = key[1];
        if (key[0] === 'v1_sv') result.rooms.add(room);
        if (key[0] !== 'v1') continue;
        result.rooms.add(room);
        if (key[2] === 'update' && typeof key[3] === 'number') result.lastUpdate.set(room, Math.max(key[3], result.lastUpdate.get(room) ?? -1));
      }
    }
  } catch (error) {
    result.error = error;
  } finally {
    await iterator.close().catch(() => undefined);
  }
  return result;
}

/**
 * LevelDB's own repair (RepairDB): keeps every record it can read from tables and logs, sets
 * files it cannot read aside in `lost/`, and writes a new manifest. Data in those files is gone
 * from the store (it could not be read anyway); the rest can be read again.
 */
export async function repairLeveldb(levelDir: string): Promise<void> {
  await (Level as unknown as { repair(location: string): Promise<void> }).repair(levelDir);
}

/** A copy of the damaged database before repair touches it, beside it: `DATA/damaged-<time>`. */
export function keepDamagedCopy(dataDir: string, levelDir: string): string {
  const copy = join(dataDir, `damaged-${new Date().toISOString().replace(/[:.]/g, '-')}`);
  cpSync(levelDir, copy, { recursive: true });
  return copy;
}

/** A temporary copy of the database, for reading a damaged one without changing it (export-all). */
export function temporaryCopy(levelDir: string): { dir: string; levelDir: string } {
  const dir = mkdtempSync(join(tmpdir(), 'stallmap-salvage-'));
  cpSync(levelDir, join(dir, 'leveldb'), { recursive: true });
  return { dir, levelDir: join(dir, 'leveldb') };
}
