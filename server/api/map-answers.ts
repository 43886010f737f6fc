import type { Rooms } from '../sync/rooms';

/** A whole answer of a read route: its body as sent, its content type and any headers of its own. */
export interface MadeAnswer {
  body: string | Uint8Array;
  type: string;
  headers: Record<string, string>;
}

/**
 * An answer, and the versions of the rooms it was made of, in the order of `rooms`, each taken as
 * its room was read (undefined: read from storage; such an answer is not kept).
 */
export interface Made {
  answer: MadeAnswer;
  versions: readonly (string | undefined)[];
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
  /** How many are made at once: one per answer thread (answer-threads.ts). */
  concurrent: number;
  /** How many made answers are kept for reuse. */
  kept: number;
}

export const MAP_ANSWERS_DEFAULTS: MapAnswersSettings = { maxWaiting: 8, concurrent: 1, kept: 16 };

/**
 * The map, its analysis and its plan as the read routes answer them (GET /api/maps/<id>, /analysis,
 * /plan). Making one is long for a large map (0.3–0.5 s and 4 MB of JSON for a 5,000-step map with
 * 13,000 findings), so it is made in an answer thread (answer-threads.ts), off the main thread and
 * the rooms' edits; what bounds the work is then the threads, and the memory of maps waiting:
 *
 * - at most `concurrent` answers are made at once (one per thread), the rest wait in turn;
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
  private readonly waiting: (() => void)[] = [];
  private running = 0;
  private lastCostMs = 0;

  constructor(
    private readonly rooms: Pick<Rooms, 'versionOf'>,
    private readonly settings: MapAnswersSettings = MAP_ANSWERS_DEFAULTS,
  ) {}

  /**
   * The answer `kind` of map `mapId`, made by `make` (which reads the map itself, and says which
   * version it read) unless a kept one is still good. `kind` names what `make` makes, with
   * anything else it depends on (a date). Rejects with AnswersBusy when too many wait.
   */
  answer(mapId: string, kind: string, rooms: readonly string[], make: () => Promise<Made>): Promise<MadeAnswer> {
    const key = `${mapId}\n${kind}`;
    const version = this.versionOf(rooms);
    const kept = this.made.get(key);
    if (kept && version !== undefined && kept.version === version) return Promise.resolve(kept.answer);
    const sameKey = `${key}\n${version ?? 'stored'}`;
    const inMaking = this.making.get(sameKey);
    if (inMaking) return inMaking;
    if (this.waiting.length >= this.settings.maxWaiting) return Promise.reject(new AnswersBusy(this.retryAfterSeconds()));
    const made = this.inTurn(async () => {
      const { answer, versions } = await make();
      this.keep(key, bothVersions(versions), answer);
      return answer;
    }).finally(() => this.making.delete(sameKey));
    this.making.set(sameKey, made);
    return made;
  }

  /** Both rooms' versions now, if both are loaded; undefined when one would be read from storage. */
  private versionOf(rooms: readonly string[]): string | undefined {
    return bothVersions(rooms.map((room) => this.rooms.versionOf(room)));
  }

  private keep(key: string, version: string | undefined, answer: MadeAnswer): void {
    this.made.delete(key);
    if (version === undefined) return;
    this.made.set(key, { version, answer });
    // The oldest goes first (a Map keeps insertion order).
    while (this.made.size > this.settings.kept) this.made.delete(this.made.keys().next().value as string);
  }

  /** Runs `task` when a thread is free: at most `concurrent` at once, the rest in the order they came. */
  private inTurn<T>(task: () => Promise<T>): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      const run = () => {
        this.running += 1;
        const started = performance.now();
        task()
          .then(resolve, reject)
          .finally(() => {
            this.lastCostMs = performance.now() - started;
            this.running -= 1;
            this.waiting.shift()?.();
          });
      };
      if (this.running < this.settings.concurrent) run();
      else this.waiting.push(run);
    });
  }

  /** A wait long enough for the queue to drain, judged by the last answer's cost; at least 1 s. */
  private retryAfterSeconds(): number {
    const rounds = Math.ceil((this.waiting.length + 1) / this.settings.concurrent);
    return Math.max(1, Math.ceil((rounds * this.lastCostMs) / 1000));
  }
}

/** The rooms' versions in one word, if every room has one. */
function bothVersions(versions: readonly (string | undefined)[]): string | undefined {
  return versions.every((version) => version !== undefined) ? versions.join('/') : undefined;
}
