import type { Rooms } from '../sync/rooms';

/** A whole answer of a read route: its body as sent, its content type and any headers of its own. */
export interface MadeAnswer {
  body: string;
  type: string;
  headers: Record<string, string>;
}

/** More made at once than `maxWaiting` wait for their turn: the caller answers 503 with Retry-After. */
export class AnswersBusy extends Error {
  constructor(readonly retryAfterSeconds: number) {
    super('the server is busy making other answers of maps');
  }
}

export interface MapAnswersSettings {
  /** How many answers may wait for their turn; past it, AnswersBusy. */
  maxWaiting: number;
  /** The share of the main thread that making answers may take over time, 0–1. */
  share: number;
  /** How many made answers are kept for reuse. */
  kept: number;
}

export const MAP_ANSWERS_DEFAULTS: MapAnswersSettings = { maxWaiting: 8, share: 0.5, kept: 16 };

interface Job {
  run(): void;
}

/**
 * The map, its analysis and its plan as the read routes answer them (GET /api/maps/<id>, /analysis,
 * /plan). Each is made on the main thread, and for a large map that is long: 0.3 s and 4 MB of
 * JSON for a 5,000-step map with 13,000 findings. Asked ten times at once by one view link, they
 * held the server for 13 s, every other room's edits waiting behind them. So:
 *
 * - one answer is made at a time, and after one that took t ms the next waits t·(1/share − 1) ms,
 *   so that answers take at most `share` of the main thread and the rooms the rest;
 * - at most `maxWaiting` wait; more are refused (AnswersBusy: 503 with Retry-After), never queued
 *   without bound;
 * - the same answer asked while it is being made is made once, for all who asked;
 * - an answer is kept while both rooms of its map stay loaded and unchanged (the room's version,
 *   state-cache.ts): asked again, it costs a send. A map not loaded is read from storage each
 *   time (another instance may have changed it), within the same limits.
 */
export class MapAnswers {
  private readonly made = new Map<string, { version: string; answer: MadeAnswer }>();
  private readonly making = new Map<string, Promise<MadeAnswer>>();
  private readonly waiting: Job[] = [];
  private busy = false;
  private lastCostMs = 0;

  constructor(
    private readonly rooms: Rooms,
    private readonly settings: MapAnswersSettings = MAP_ANSWERS_DEFAULTS,
  ) {}

  /**
   * The answer `kind` of map `mapId`, made by `make` (which reads the map itself) unless a kept one
   * is still good. `kind` names what `make` makes, with anything else it depends on (a date).
   * Rejects with AnswersBusy when too many wait.
   */
  answer(mapId: string, kind: string, rooms: readonly string[], make: () => Promise<MadeAnswer>): Promise<MadeAnswer> {
    const key = `${mapId}\n${kind}`;
    const version = this.versionOf(rooms);
    const kept = this.made.get(key);
    if (kept && version !== undefined && kept.version === version) return Promise.resolve(kept.answer);
    const sameKey = `${key}\n${version ?? 'stored'}`;
    const inMaking = this.making.get(sameKey);
    if (inMaking) return inMaking;
    if (this.waiting.length >= this.settings.maxWaiting) return Promise.reject(new AnswersBusy(this.retryAfterSeconds()));
    const made = this.inTurn(async () => {
      const answer = await make();
      // The rooms as they were read: make's read and this line run without an event-loop turn between.
      const readAt = this.versionOf(rooms);
      this.keep(key, readAt, answer);
      return answer;
    }).finally(() => this.making.delete(sameKey));
    this.making.set(sameKey, made);
    return made;
  }

  /** Both rooms' versions, if both are loaded; undefined when one is read from storage. */
  private versionOf(rooms: readonly string[]): string | undefined {
    const versions = rooms.map((room) => this.rooms.versionOf(room));
    return versions.every((version) => version !== undefined) ? versions.join('/') : undefined;
  }

  private keep(key: string, version: string | undefined, answer: MadeAnswer): void {
    this.made.delete(key);
    if (version === undefined) return;
    this.made.set(key, { version, answer });
    // The oldest goes first (a Map keeps insertion order).
    while (this.made.size > this.settings.kept) this.made.delete(this.made.keys().next().value as string);
  }

  /** Runs `task` when its turn comes: one at a time, each after the rest the one before earned the rooms. */
  private inTurn<T>(task: () => Promise<T>): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      this.waiting.push({
        run: () => {
          const started = performance.now();
          task()
            .then(resolve, reject)
            .finally(() => {
              this.lastCostMs = performance.now() - started;
              const rest = this.lastCostMs * (1 / this.settings.share - 1);
              setTimeout(() => this.next(), rest).unref();
            });
        },
      });
      if (!this.busy) this.next();
    });
  }

  private next(): void {
    const job = this.waiting.shift();
    this.busy = job !== undefined;
    job?.run();
  }

  /** A wait long enough for the queue to drain, judged by the last answer's cost; at least 1 s. */
  private retryAfterSeconds(): number {
    const perAnswerMs = this.lastCostMs / this.settings.share;
    return Math.max(1, Math.ceil(((this.waiting.length + 1) * perAnswerMs) / 1000));
  }
}
