import { closeSync, existsSync, openSync, readFileSync, renameSync, writeFileSync, writeSync } from 'node:fs';

/** A room whose database holds fewer updates than the server had written to it. */
export interface UpdateLoss {
  room: string;
  /** The highest update number written. */
  recorded: number;
  /** The highest one found at start; -1: none at all. */
  found: number;
  /** When the loss was found (ISO). */
  at: string;
}

type Line = ['m', string, number] | ['lost', string, number, number, string];

/**
 * The number of the last update written to each room, kept in a small file beside the database
 * (not in it). LevelDB drops the tail of a cut write-ahead log without a word when it opens, and
 * a mark stored in that same log would be cut with the updates it counts; a mark outside it
 * survives, so at start "the room's log holds fewer updates than it recorded" can be told.
 *
 * Cheap on the write path: after each LevelDB write, one line of some 40 bytes is appended with
 * one write(2) (no fsync, as LevelDB's own log: both are in the OS's cache after a `kill -9`).
 * The file is rewritten whole (atomically) at start and whenever it has grown to several lines per
 * room. Losses found are kept in it too, so a damaged map keeps its warning across restarts.
 */
export class UpdateMarks {
  private readonly marks = new Map<string, number>();
  private readonly lost: UpdateLoss[] = [];
  private fd: number | undefined;
  private appended = 0;
  private failed = false;

  constructor(
    private readonly file: string,
    private readonly onWriteError: (error: unknown) => void = () => undefined,
  ) {
    if (!existsSync(file)) return;
    for (const text of readFileSync(file, 'utf8').split('\n')) {
      const line = parseLine(text);
      if (line?.[0] === 'm') this.marks.set(line[1], Math.max(line[2], this.marks.get(line[1]) ?? -1));
      else if (line?.[0] === 'lost') this.lost.push({ room: line[1], recorded: line[2], found: line[3], at: line[4] });
      // A line cut by a crash is skipped: it can only make a mark lower, never report a false loss.
    }
  }

  /** The last update number recorded for each room. */
  entries(): IterableIterator<[string, number]> {
    return this.marks.entries();
  }

  /** Losses found at this and earlier starts. */
  losses(): readonly UpdateLoss[] {
    return this.lost;
  }

  /** Records a loss, and lowers the room's mark to what is really there, so it is reported once. */
  recordLoss(loss: UpdateLoss): void {
    this.lost.push(loss);
    if (loss.found < 0) this.marks.delete(loss.room);
    else this.marks.set(loss.room, loss.found);
  }

  /** Sets marks without writing them (the rooms found at start). */
  adopt(room: string, clock: number): void {
    if (clock > (this.marks.get(room) ?? -1)) this.marks.set(room, clock);
  }

  /** After a write: the room's last update is now `clock`. */
  set(room: string, clock: number): void {
    this.marks.set(room, clock);
    if (this.fd === undefined || this.failed) return;
    try {
      writeSync(this.fd, `${JSON.stringify(['m', room, clock])}\n`);
      this.appended += 1;
      if (this.appended > Math.max(4096, 4 * this.marks.size)) this.rewrite();
    } catch (error) {
      // The update itself is in the database; only the evidence of a later loss is weaker.
      this.failed = true;
      this.onWriteError(error);
    }
  }

  /** Writes the whole file anew (temp file, then rename) and keeps it open for appending. */
  rewrite(): void {
    this.closeFile();
    const lines: Line[] = [
      ...[...this.marks].map(([room, clock]): Line => ['m', room, clock]),
      ...this.lost.map((l): Line => ['lost', l.room, l.recorded, l.found, l.at]),
    ];
    const temp = `${this.file}.tmp`;
    writeFileSync(temp, lines.map((line) => `${JSON.stringify(line)}\n`).join(''));
    renameSync(temp, this.file);
    this.fd = openSync(this.file, 'a');
    this.appended = 0;
  }

  close(): void {
    this.closeFile();
  }

  private closeFile(): void {
    if (this.fd !== undefined) closeSync(this.fd);
    this.fd = undefined;
  }
}

function parseLine(text: string): Line | undefined {
  if (!text) return undefined;
  try {
    const line = JSON.parse(text) as unknown;
    if (!Array.isArray(line) || typeof line[1] !== 'string') return undefined;
    if (line[0] === 'm' && line.length === 3 && Number.isInteger(line[2])) return line as Line;
    if (line[0] === 'lost' && line.length === 5 && Number.isInteger(line[2]) && Number.isInteger(line[3]) && typeof line[4] === 'string') return line as Line;
  } catch {
    // a cut line
  }
  return undefined;
}
