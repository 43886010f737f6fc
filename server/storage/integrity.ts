import { errorText } from '../log';

/**
 * What is known to be wrong with the stored data, for /healthz, for the log, and for the maps it
 * touched. Damage comes from outside the server (a cut or corrupted file, a disk going bad), so
 * it is found two ways: by checking the store at start (leveldb.ts), and by a read that fails
 * with LevelDB's "Corruption" or "IO error" while running.
 */
export interface StorageProblem {
  /** log-cut: a write-ahead log ends inside a record; table: a table file is damaged; unreadable: a full read of the store failed; updates-lost: a room has fewer updates than it wrote; read-failed: a read failed at run time; redis-changed: Redis came back from an outage without its data or its persistence. */
  kind: 'log-cut' | 'table' | 'unreadable' | 'updates-lost' | 'read-failed' | 'redis-changed';
  message: string;
  room?: string;
  file?: string;
}

/** A read failed because the stored data is damaged: the API answers 503 with the reason, not 500. */
export class StorageDamagedError extends Error {
  constructor(
    readonly room: string | undefined,
    readonly reason: string,
  ) {
    super(`storage damaged${room ? ` (room ${room})` : ''}: ${reason}`);
  }
}

/** LevelDB's own words for a damaged store (a closed database or a full disk are not damage). */
export function isStorageDamage(error: unknown): boolean {
  const { code, cause } = error as { code?: string; cause?: unknown };
  if (code === 'LEVEL_CORRUPTION' || code === 'LEVEL_IO_ERROR') return true;
  return /\b(Corruption|IO error)\b/.test(`${errorText(error)} ${cause ? errorText(cause) : ''}`);
}

/** The map a room belongs to: rooms are the map id, or the map id and `/review` (roles.ts). */
export const mapOfRoom = (room: string) => room.split('/')[0];

const MAX_PROBLEMS = 100;

export class StorageHealth {
  private readonly found: StorageProblem[] = [];
  private dropped = 0;
  private readonly warnings = new Map<string, string[]>();
  private readonly failedRooms = new Set<string>();

  /** Damage found in this process (at start or since): /healthz answers 503 while there is any. */
  report(problem: StorageProblem): void {
    if (this.found.length < MAX_PROBLEMS) this.found.push(problem);
    else this.dropped += 1;
    if (problem.room) this.warn(problem.room, problem.message);
  }

  /** A warning shown with the map (the API's X-Stallmap-Warning), without making the server unhealthy: a loss recorded at an earlier start. */
  warn(room: string, message: string): void {
    const map = mapOfRoom(room);
    const list = this.warnings.get(map) ?? [];
    if (!list.includes(message)) list.push(message);
    this.warnings.set(map, list);
  }

  /** A read failed with damage at run time; reported once per room. True the first time. */
  readFailed(room: string | undefined, error: unknown): boolean {
    const key = room ?? '';
    if (this.failedRooms.has(key)) return false;
    this.failedRooms.add(key);
    this.report({ kind: 'read-failed', room, message: `a read failed: ${errorText(error)}` });
    return true;
  }

  get healthy(): boolean {
    return this.found.length === 0;
  }

  get problems(): readonly StorageProblem[] {
    return this.found;
  }

  /** /healthz's answer body. */
  summary(): { ok: true } | { ok: false; storage: 'damaged'; problems: string[] } {
    if (this.healthy) return { ok: true };
    const problems = this.found.map((p) => p.message);
    if (this.dropped > 0) problems.push(`and ${this.dropped} more (see the server log)`);
    return { ok: false, storage: 'damaged', problems };
  }

  /** What is known to be missing or unreadable in a map (both of its rooms). */
  warningsFor(mapId: string): string[] {
    return this.warnings.get(mapId) ?? [];
  }
}
