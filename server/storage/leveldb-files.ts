import { closeSync, existsSync, openSync, readdirSync, readFileSync, readSync, statSync } from 'node:fs';
import { join } from 'node:path';

/**
 * Checks of LevelDB's files themselves, which name the file at fault where LevelDB would not:
 * it drops a cut log's tail without a word when it opens (so logs are checked before opening),
 * and a damaged table fails every read of the store with a terse message.
 * Formats: leveldb's doc/log_format.md and doc/table_format.md.
 */

const LOG_BLOCK = 32 * 1024;
const LOG_HEADER = 7; // crc (4), length (2), type (1)
const FULL = 1;
const FIRST = 2;
const MIDDLE = 3;
const LAST = 4;

export interface CutLog {
  file: string;
  /** Bytes of whole records. */
  kept: number;
  /** Bytes after the last whole record: a record cut short. */
  dropped: number;
}

/** Write-ahead logs that end inside a record: the file was cut (or the machine lost power mid-write). A `kill -9` never does this. */
export function cutLogs(levelDir: string): CutLog[] {
  if (!existsSync(levelDir)) return [];
  const cut: CutLog[] = [];
  for (const name of readdirSync(levelDir).filter((f) => f.endsWith('.log')).sort()) {
    const bytes = readFileSync(join(levelDir, name));
    const end = wholeRecordsEnd(bytes);
    if (end < bytes.length) cut.push({ file: name, kept: end, dropped: bytes.length - end });
  }
  return cut;
}

/** Where the last whole record (a full one, or the last fragment of one) ends. */
function wholeRecordsEnd(bytes: Buffer): number {
  let offset = 0;
  let lastWhole = 0;
  while (offset < bytes.length) {
    const leftInBlock = LOG_BLOCK - (offset % LOG_BLOCK);
    if (leftInBlock < LOG_HEADER) {
      // The writer pads a block's last few bytes with zeros, and always writes a record after them.
      if (offset + leftInBlock >= bytes.length) return lastWhole;
      offset += leftInBlock;
      continue;
    }
    if (bytes.length - offset < LOG_HEADER) return lastWhole;
    const length = bytes.readUInt16LE(offset + 4);
    const type = bytes[offset + 6];
    if (offset + LOG_HEADER + length > bytes.length) return lastWhole;
    offset += LOG_HEADER + length;
    // Type 0 is a zeroed (preallocated) stretch, which LevelDB's reader skips.
    if (type === FULL || type === LAST || type === 0) lastWhole = offset;
    else if (type !== FIRST && type !== MIDDLE) return lastWhole; // not a record: damaged here
  }
  return lastWhole;
}

export interface DamagedTable {
  file: string;
  reason: string;
}

const TABLE_MAGIC = Buffer.from('57fb808b247547db', 'hex'); // 0xdb4775248b80fb57, little-endian
const FOOTER = 48;

/** Table files without their footer (cut short, or overwritten at the end): LevelDB cannot open them at all. */
export function damagedTables(levelDir: string): DamagedTable[] {
  if (!existsSync(levelDir)) return [];
  const damaged: DamagedTable[] = [];
  for (const name of readdirSync(levelDir).filter((f) => f.endsWith('.ldb') || f.endsWith('.sst')).sort()) {
    const path = join(levelDir, name);
    const size = statSync(path).size;
    if (size < FOOTER) {
      damaged.push({ file: name, reason: `${size} bytes, shorter than a table's footer` });
      continue;
    }
    const tail = Buffer.alloc(8);
    const fd = openSync(path, 'r');
    try {
      readSync(fd, tail, 0, 8, size - 8);
    } finally {
      closeSync(fd);
    }
    if (!tail.equals(TABLE_MAGIC)) damaged.push({ file: name, reason: 'no table footer at its end (cut short or overwritten)' });
  }
  return damaged;
}
