import { closeSync, existsSync, fstatSync, ftruncateSync, openSync, readFileSync, writeSync } from 'node:fs';
import { crc32 } from 'node:zlib';
import { createDecoder, readVarString, readVarUint8Array } from 'lib0/decoding';
import { createEncoder, toUint8Array, writeVarString, writeVarUint8Array } from 'lib0/encoding';

/** One update a room was sent, as the journal keeps it. */
export interface JournalRecord {
  room: string;
  update: Uint8Array;
}

/** Each record: the body's length and its CRC-32 (little-endian, 4 bytes each), then the body (the room, the update). */
const HEADER_BYTES = 8;

/**
 * Updates appended to one file with a synchronous write(2): in the OS's cache when `append`
 * returns, so they survive a `kill -9` of the server as LevelDB's own log does (neither is
 * fsynced). LevelDB's write goes through libuv's thread pool: on a quiet machine a round trip
 * of 150–300 µs, where this write takes 50–80 µs (BENCHMARKS.md, "The durable write and the
 * relay"). The store hands journaled updates to LevelDB in batches and empties the journal
 * whenever LevelDB holds everything in it (journaled-writes.ts); what a crash leaves here is
 * written to LevelDB at the next start.
 */
export class Journal {
  private constructor(
    private readonly fd: number,
    private size: number,
  ) {}

  /** Opens (or creates) the journal for appending; what it holds stays until `empty`. */
  static open(path: string): Journal {
    const fd = openSync(path, 'a');
    return new Journal(fd, fstatSync(fd).size);
  }

  get isEmpty(): boolean {
    return this.size === 0;
  }

  /** Appends one record, or throws and leaves the journal as it was (a disk full mid-record is cut back). */
  append({ room, update }: JournalRecord): void {
    const body = encodeBody(room, update);
    const record = Buffer.allocUnsafe(HEADER_BYTES + body.length);
    record.writeUInt32LE(body.length, 0);
    record.writeUInt32LE(crc32(body), 4);
    record.set(body, HEADER_BYTES);
    let written = 0;
    try {
      while (written < record.length) written += writeSync(this.fd, record, written);
    } catch (error) {
      if (written > 0) ftruncateSync(this.fd, this.size);
      throw error;
    }
    this.size += record.length;
  }

  /** Forgets every record: each is in the database now. */
  empty(): void {
    if (this.size === 0) return;
    ftruncateSync(this.fd, 0);
    this.size = 0;
  }

  close(): void {
    closeSync(this.fd);
  }
}

/**
 * The records a journal holds, oldest first. A crash in the middle of an append can leave a
 * record cut short (that append never returned, so nothing of it was acknowledged): reading
 * stops at the first record that is not whole or whose checksum fails, and says how many bytes
 * were left unread.
 */
export function readJournal(path: string): { records: JournalRecord[]; dropped: number } {
  if (!existsSync(path)) return { records: [], dropped: 0 };
  const bytes = readFileSync(path);
  const records: JournalRecord[] = [];
  let at = 0;
  while (at + HEADER_BYTES <= bytes.length) {
    const length = bytes.readUInt32LE(at);
    const end = at + HEADER_BYTES + length;
    if (end > bytes.length) break;
    const body = bytes.subarray(at + HEADER_BYTES, end);
    if (crc32(body) !== bytes.readUInt32LE(at + 4)) break;
    const record = decodeBody(body);
    if (!record) break;
    records.push(record);
    at = end;
  }
  return { records, dropped: bytes.length - at };
}

function encodeBody(room: string, update: Uint8Array): Uint8Array {
  const encoder = createEncoder();
  writeVarString(encoder, room);
  writeVarUint8Array(encoder, update);
  return toUint8Array(encoder);
}

/** A body whose checksum held but that does not decode (written by something else): undefined, read as the journal's end. */
function decodeBody(body: Uint8Array): JournalRecord | undefined {
  try {
    const decoder = createDecoder(body);
    return { room: readVarString(decoder), update: readVarUint8Array(decoder).slice() };
  } catch {
    return undefined;
  }
}
